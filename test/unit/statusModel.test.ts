import assert from 'node:assert/strict';
import type { Environment } from '../../src/core/environments/environment';
import {
  combinedState,
  expiryCountdown,
  quotaShown,
  statusView,
  tokenStateText,
} from '../../src/extension/statusModel';

const uat: Environment = {
  name: 'uat-eu',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'bank',
  labelReferenceId: 'label',
  variables: {},
  protected: false,
};
const prod: Environment = {
  ...uat,
  name: 'prod-eu',
  baseUrl: 'https://api.eu.lending.akkuro.io',
  origin: 'https://api.eu.lending.akkuro.io',
  protected: true,
  protectedReason: 'api.eu.lending.akkuro.io is a production host',
};

describe('status bar and environment view-model', () => {
  const countdowns: Array<[number, string]> = [
    [-1, 'expired'],
    [0, 'expired'],
    [999, 'expired'],
    [1000, '1s'],
    [59_999, '59s'],
    [60_000, '1m'],
    [12 * 60_000 + 30_000, '12m'],
    [60 * 60_000, '1h 0m'],
    [95 * 60_000, '1h 35m'],
  ];
  for (const [left, text] of countdowns)
    it(`counts down ${left} ms as "${text}"`, () => assert.equal(expiryCountdown(1_000_000 + left, 1_000_000), text));

  it('words every token state', () => {
    assert.equal(tokenStateText({ kind: 'signed-out' }, 0), 'signed out');
    assert.equal(tokenStateText({ kind: 'rebind' }, 0), 'sign in again');
    assert.equal(tokenStateText({ kind: 'signed-in' }, 0), 'signed in');
    assert.equal(tokenStateText({ kind: 'expired' }, 0), 'expired');
    assert.equal(tokenStateText({ kind: 'no-auth' }, 0), 'no token needed');
    assert.equal(tokenStateText({ kind: 'token', expiresAt: 12 * 60_000 }, 0), 'token 12m');
    assert.equal(tokenStateText({ kind: 'token', expiresAt: 10 }, 20), 'expired');
  });

  it('shows environment, tenant/white label and token state, with a warning for protected environments', () => {
    const v = statusView(uat, { kind: 'token', expiresAt: 5 * 60_000 }, 0, 'your choice for this notebook');
    assert.equal(v.text, '$(server-environment) uat-eu · bank/label · token 5m');
    assert.equal(v.warning, false);
    assert.match(v.tooltip, /your choice for this notebook/);
    const p = statusView(prod, { kind: 'signed-out' }, 0);
    assert.equal(p.text, '$(warning) prod-eu · bank/label · signed out');
    assert.equal(p.warning, true);
    assert.match(p.tooltip, /PROTECTED/);
    assert.match(p.tooltip, /production host/);
  });

  const sandboxLike: Environment = {
    ...uat,
    labels: ['label', 'second'],
    clients: [
      { name: 'onboarding', labels: 'all', domains: ['/counterparty-management'] },
      { name: 'migration', labels: ['label'], domains: ['/migration-assistance'] },
    ],
  };

  it('shows environment · tenant/label · client · token state when the environment declares clients', () => {
    const auto = statusView(sandboxLike, { kind: 'signed-in' }, 0, undefined, {
      label: 'second',
      labelSource: 'your choice for this notebook',
      clients: [{ name: 'onboarding', state: { kind: 'signed-in' } }],
    });
    assert.equal(auto.text, '$(server-environment) uat-eu · bank/second · auto · signed in');
    assert.match(auto.tooltip, /Tenant \/ white label: bank \/ second \(your choice for this notebook\)/);
    assert.match(
      auto.tooltip,
      /chosen per request.*\n {2}• onboarding: all labels; \/counterparty-management — signed in/s,
    );
    assert.match(auto.tooltip, /migration: label; \/migration-assistance — not for this label/);
    const named = statusView({ ...sandboxLike, protected: true }, { kind: 'token', expiresAt: 120_000 }, 0, undefined, {
      client: 'migration',
      clientSource: 'your choice',
      clients: [{ name: 'migration', state: { kind: 'token', expiresAt: 120_000 } }],
    });
    assert.equal(named.text, '$(warning) uat-eu · bank/label · migration · token 2m');
    assert.equal(named.warning, true, 'a protected environment keeps its warning colour');
    assert.match(named.tooltip, /switch environment, white label or client/);
  });

  it("shows a mistake in the notebook file's client:/label: with the error icon, colour and its sentence", () => {
    const problem = '"client: onbording": Client "onbording" (named by the notebook file) is not a client';
    const broken = statusView({ ...sandboxLike, protected: true }, { kind: 'signed-out' }, 0, undefined, {
      client: 'onbording',
      clientSource: 'named by the notebook file',
      clients: [],
      headerProblems: [problem],
    });
    assert.equal(broken.text, '$(error) uat-eu · bank/label · onbording · signed out');
    assert.equal(broken.error, true);
    assert.ok(broken.tooltip.split('\n').includes(`Notebook file: ${problem}`), broken.tooltip);
    const fine = statusView(sandboxLike, { kind: 'signed-out' }, 0, undefined, { clients: [] });
    assert.equal(fine.error, false);
  });

  it('combines the token states of the clients a label can use', () => {
    const t = (expiresAt: number) => ({ kind: 'token' as const, expiresAt });
    assert.deepEqual(combinedState([]), { kind: 'signed-out' });
    assert.deepEqual(combinedState([t(5)]), t(5));
    assert.deepEqual(combinedState([t(9), t(5), { kind: 'signed-in' }]), t(5));
    assert.deepEqual(combinedState([t(9), { kind: 'signed-out' }]), { kind: 'partial', signedIn: 1, total: 2 });
    assert.deepEqual(combinedState([{ kind: 'signed-out' }, { kind: 'signed-out' }]), { kind: 'signed-out' });
    assert.deepEqual(combinedState([t(9), { kind: 'rebind' }]), { kind: 'rebind' });
    assert.deepEqual(combinedState([{ kind: 'expired' }, { kind: 'signed-in' }]), { kind: 'expired' });
    assert.equal(tokenStateText({ kind: 'partial', signedIn: 1, total: 2 }, 0), '1/2 clients signed in');
  });

  describe('daily quotas in the status bar', () => {
    const multi: Environment = {
      ...uat,
      labels: ['label'],
      clients: [
        { name: 'onboarding', labels: 'all', domains: ['/counterparty-management'], dailyQuota: 500 },
        { name: 'migration', labels: 'all', domains: ['/migration-assistance'], dailyQuota: 100 },
      ],
    };
    const token = { kind: 'token', expiresAt: 10 * 60_000 } as const;

    it("shows the named client's use against its quota, and turns to the warning colour at 80 %", () => {
      const access = (used: number) => ({
        client: 'onboarding',
        clients: [{ name: 'onboarding', state: token, used, quota: 500 }],
      });
      const calm = statusView(multi, token, 0, undefined, access(137));
      assert.match(calm.text, /· onboarding · token 10m · 137\/500 today$/);
      assert.equal(calm.warning, false);
      const near = statusView(multi, token, 0, undefined, access(400));
      assert.match(near.text, /· 400\/500 today$/);
      assert.equal(near.warning, true);
      assert.match(near.tooltip, /Over 80 % of the daily quota is used/);
      assert.match(near.tooltip, /• onboarding: .* — token 10m · 400\/500 today/);
      assert.match(statusView(multi, token, 0, undefined, access(500)).tooltip, /Daily quota used up/);
    });

    it('with clients chosen per request, shows the one nearest its quota, by name', () => {
      const shown = quotaShown({
        clients: [
          { name: 'onboarding', state: token, used: 300, quota: 500 },
          { name: 'migration', state: token, used: 90, quota: 100 },
        ],
      });
      assert.deepEqual(shown, { text: 'migration 90/100 today', level: 'warning' });
    });

    it('shows nothing for clients without a quota', () => {
      assert.equal(quotaShown({ clients: [{ name: 'default', state: token, used: 12 }] }), undefined);
      assert.doesNotMatch(statusView(uat, token, 0).text, /today/);
    });
  });
});
