import assert from 'node:assert/strict';
import { createRunEngine } from '../../src/core/engine';
import type { Environment } from '../../src/core/environments/environment';
import { REDACTED } from '../../src/core/http/redact';

const env: Environment = {
  name: 'uat-eu',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'yourbank',
  labelReferenceId: 'retail',
  labels: ['retail', 'business'],
  clients: [
    { name: 'onboarding', labels: 'all', domains: ['/counterparty-management'] },
    { name: 'migration', labels: ['business'], domains: ['/migration-assistance'] },
  ],
  variables: {},
  protected: false,
};
const SECRETS: Record<string, { clientId: string; clientSecret: string }> = {
  onboarding: { clientId: 'onboarding-id', clientSecret: 'onboarding-secret-1' },
  migration: { clientId: 'migration-id', clientSecret: 'migration-secret-2' },
};

describe('redaction of every client', () => {
  it("registers each client's secret (and its Basic form) as its credentials are looked up", async () => {
    const engine = createRunEngine({
      credentials: async (_e, client) => ({ kind: 'ok', credentials: SECRETS[client.name] }),
    });
    try {
      for (const client of env.clients!) await engine.credentials(env, client);
      const basic = (c: { clientId: string; clientSecret: string }) =>
        Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64');
      const text = Object.values(SECRETS)
        .map((c) => `${c.clientSecret} ${basic(c)} ${encodeURIComponent(c.clientSecret)}`)
        .join(' | ');
      const out = engine.redactor.redact(text);
      for (const c of Object.values(SECRETS)) {
        assert.ok(!out.includes(c.clientSecret), out);
        assert.ok(!out.includes(basic(c)), out);
      }
      assert.equal(out.split(REDACTED).length - 1, 6);
    } finally {
      await engine.close();
    }
  });

  it('refuses a client secret too short to hide, naming the client', async () => {
    const engine = createRunEngine({
      credentials: async () => ({ kind: 'ok', credentials: { clientId: 'id', clientSecret: 'abc' } }),
    });
    try {
      const r = await engine.credentials(env, env.clients![1]);
      assert.equal(r.kind, 'unbound');
      assert.match(r.kind === 'unbound' ? r.reason : '', /client "migration" of environment "uat-eu"/);
    } finally {
      await engine.close();
    }
  });
});
