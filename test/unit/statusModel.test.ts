import assert from 'node:assert/strict';
import type { Environment } from '../../src/core/environments/environment';
import { expiryCountdown, statusView, tokenStateText } from '../../src/extension/statusModel';

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
});
