import assert from 'node:assert/strict';
import { forbiddenHint, refusedHint } from '../../src/core/auth/accessHints';
import { chooseAccess } from '../../src/core/environments/accessChoice';
import type { Environment } from '../../src/core/environments/environment';

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
    { name: 'reporting', labels: 'all', domains: ['/financing-execution'] },
  ],
  variables: {},
  protected: false,
};

function used(client: string, label = 'retail') {
  const r = chooseAccess({ environment: env, cell: { client, label } });
  assert.ok(r.ok);
  return r.decision;
}

describe('access hints on 403 and 401', () => {
  it('a 403 names the client declared for the domain and suggests it, with its label when needed', () => {
    const h = forbiddenHint(env, used('onboarding'), '/migration-assistance');
    assert.match(h.hint, /refused client "onboarding" \(white label retail\) for \/migration-assistance \(403\)/);
    assert.match(h.hint, /declared for client "migration" \(business\).*add "client: migration" and "label: business"/);
    assert.deepEqual(h.suggestion, { client: 'migration', label: 'business' });
    const sameLabel = forbiddenHint(env, used('onboarding', 'business'), '/migration-assistance');
    assert.deepEqual(sameLabel.suggestion, { client: 'migration' });
  });

  it('a 403 for a client declared for the domain says to ask Akkuro, without a suggestion', () => {
    const h = forbiddenHint(env, used('onboarding'), '/counterparty-management');
    assert.match(h.hint, /although akkuro-environments.yaml declares \/counterparty-management for it/);
    assert.equal(h.suggestion, undefined);
  });

  it('a 403 for a domain no client declares points at the credentials request', () => {
    const h = forbiddenHint(env, used('onboarding'), '/process-orchestration');
    assert.match(h.hint, /no client of environment "uat-eu" is declared for \/process-orchestration/);
    assert.match(h.hint, /Draft Credentials Request/);
  });

  it('a 401 for a fresh token names the label and the client scope', () => {
    const text = refusedHint(env, used('onboarding', 'business'));
    assert.match(text, /freshly issued token for white label "business" of client "onboarding" \(401\)/);
    assert.match(text, /another white label/);
    assert.match(text, /scopes it to all labels/);
  });
});
