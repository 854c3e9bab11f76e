import assert from 'node:assert/strict';
import type { RunResult } from '../../src/contract/response';
import type { Environment } from '../../src/core/environments/environment';
import { runCell } from '../../src/core/run/run';
import { sandboxEnvironment } from '../../src/core/environments/sandboxEnvironment';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { coreContext } from './core-harness';

const SECRETS = ['demo-secret-change-me', 'reporting-secret-change-me', 'migration-secret-change-me'];
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\./;

/** A file environment on the sandbox with two clients, both scoped to both white labels. */
function twoClients(url: string): Environment {
  return {
    ...sandboxEnvironment(url),
    name: 'local',
    builtin: false,
    clients: [
      { name: 'onboarding', labels: 'all', domains: ['/collateral-management'] },
      { name: 'reporting', labels: 'all', domains: ['/counterparty-management'] },
    ],
  };
}
const CREDENTIALS: Record<string, { clientId: string; clientSecret: string }> = {
  onboarding: { clientId: 'demo-client', clientSecret: SECRETS[0] },
  reporting: { clientId: 'reporting-client', clientSecret: SECRETS[1] },
};

describe('access model end to end against the sandbox', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.resetStats());

  function context(env: Environment) {
    return coreContext(sandbox.url, {
      environment: env,
      credentials: async (_e, client) =>
        CREDENTIALS[client.name] ? { kind: 'ok', credentials: CREDENTIALS[client.name] } : { kind: 'missing' },
      useClientAction: (s) => ({ title: `Use ${s.client}`, command: 'akkuro.useClient', args: [s] }),
    });
  }

  it('two clients and two labels in one notebook: exactly one token request per (client, label) pair', async () => {
    const c = context(twoClients(sandbox.url));
    const seeded = 'GET: /collateral-management/counterparties/{{parties.body.items[0].referenceId}}/collaterals';
    const cells = [
      'name: parties\nGET: /counterparty-management/counterparties',
      seeded,
      'label: second-label\nname: parties\nGET: /counterparty-management/counterparties',
      `label: second-label\n${seeded}`,
    ];
    const results: RunResult[] = [];
    try {
      // Three rounds: every later request reuses the token of its pair.
      for (let round = 0; round < 3; round++)
        for (const text of cells) results.push((await runCell(text, c.ctx)).result);
      assert.ok(
        results.every((r) => r.kind === 'response' && r.status === 200),
        JSON.stringify(results.find((r) => r.kind !== 'response' || r.status !== 200)),
      );
      assert.deepEqual(
        results.slice(0, 4).map((r) => [r.environment?.client, r.environment?.label]),
        [
          ['reporting', 'demo-label'],
          ['onboarding', 'demo-label'],
          ['reporting', 'second-label'],
          ['onboarding', 'second-label'],
        ],
      );
      const stats = sandbox.stats();
      assert.deepEqual(stats.tokensIssuedBy, {
        'reporting-client demo-bank/demo-label': 1,
        'demo-client demo-bank/demo-label': 1,
        'reporting-client demo-bank/second-label': 1,
        'demo-client demo-bank/second-label': 1,
      });
      assert.equal(stats.tokenRequests, 4);
      assert.equal(stats.apiRequests, 12);
      const text = JSON.stringify(results);
      assert.doesNotMatch(text, JWT, 'no token in any result');
      for (const s of SECRETS) assert.ok(!text.includes(s), 'no secret in any result');
    } finally {
      await c.close();
    }
  });

  it('refuses a request on a domain no client covers before sending anything', async () => {
    const c = context(twoClients(sandbox.url));
    try {
      const r = (await runCell('GET: /migration-assistance/migrations', c.ctx)).result;
      assert.equal(r.kind, 'failure');
      assert.ok(r.kind === 'failure' && r.category === 'client');
      assert.match(r.message, /No client of environment "local" is declared for \/migration-assistance/);
      assert.match(r.message, /onboarding \(all labels; \/collateral-management\); reporting/);
      assert.equal(r.diagnostics?.[0].code, 'access-no-client');
      assert.equal(r.diagnostics?.[0].line, 1);
      assert.equal(sandbox.stats().apiRequests + sandbox.stats().tokenRequests, 0, 'nothing was sent');
    } finally {
      await c.close();
    }
  });

  it("reports the use of another white label's data clearly (401 with a fresh token)", async () => {
    const c = context(twoClients(sandbox.url));
    try {
      const made = (
        await runCell('name: party\nPOST: /counterparty-management/counterparties\nbody: { name: Ann }', c.ctx)
      ).result;
      assert.ok(made.kind === 'response' && made.status === 201);
      const r = (
        await runCell(
          'label: second-label\nGET: /counterparty-management/counterparties/{{party.body.referenceId}}',
          c.ctx,
        )
      ).result;
      assert.ok(r.kind === 'response' && r.status === 401, JSON.stringify(r));
      assert.match(r.problem?.detail ?? '', /belongs to white label "demo-label".*issued for "second-label"/);
      assert.match(r.hint ?? '', /freshly issued token for white label "second-label" of client "reporting" \(401\)/);
      assert.deepEqual([r.environment.client, r.environment.label], ['reporting', 'second-label']);
    } finally {
      await c.close();
    }
  });

  it('a 403 says which configured client is declared for the domain, with the command that adds it', async () => {
    const c = coreContext(sandbox.url, {
      useClientAction: (s) => ({ title: `Use ${s.client}`, command: 'akkuro.useClient', args: [s] }),
    });
    try {
      const r = (await runCell('client: onboarding\nGET: /migration-assistance/migrations', c.ctx)).result;
      assert.ok(r.kind === 'response' && r.status === 403, JSON.stringify(r));
      assert.match(r.hint ?? '', /\/migration-assistance is declared for client "migration" \(demo-label\)/);
      assert.deepEqual(r.action, {
        title: 'Use migration',
        command: 'akkuro.useClient',
        args: [{ client: 'migration' }],
      });
      const fixed = (await runCell('client: migration\nGET: /migration-assistance/migrations', c.ctx)).result;
      assert.ok(fixed.kind === 'response' && fixed.status === 200);
      assert.equal(fixed.hint, undefined);
    } finally {
      await c.close();
    }
  });

  it('the token endpoint refusing a label the client is not scoped to is named with the client', async () => {
    const env: Environment = {
      ...twoClients(sandbox.url),
      // The file claims more than Akkuro granted: limited-client is demo-label only.
      clients: [{ name: 'reporting', labels: 'all', domains: ['/counterparty-management'] }],
    };
    const c = coreContext(sandbox.url, {
      environment: env,
      credentials: async () => ({
        kind: 'ok',
        credentials: { clientId: 'limited-client', clientSecret: 'limited-secret-change-me' },
      }),
    });
    try {
      const r = (await runCell('label: second-label\nGET: /counterparty-management/counterparties', c.ctx)).result;
      assert.ok(r.kind === 'failure' && r.category === 'token', JSON.stringify(r));
      assert.match(r.message, /may not act for white label "second-label"/);
      assert.match(r.message, /Client "reporting" is declared for all labels.*refused white label "second-label"/);
    } finally {
      await c.close();
    }
  });
});
