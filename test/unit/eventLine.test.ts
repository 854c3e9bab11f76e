import * as assert from 'node:assert/strict';
import type { EngineEvent } from '../../src/core/engine';
import { eventLine } from '../../src/core/text/eventLine';

const request = {
  kind: 'request',
  environment: 'uat-eu',
  method: 'GET',
  url: 'https://api.uat.eu.lending.akkuro.io/counterparty-management/counterparties?limit=5',
  status: 200,
  durationMs: 35,
  bytes: 1234,
  tokenAttached: true,
} as const;
const token = {
  kind: 'token',
  environment: 'uat-eu',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'yourbank',
  labelReferenceId: 'yourlabel',
  clientId: 'reporting-app',
} as const;

describe('event log lines', () => {
  const cases: Array<[string, EngineEvent, string, string]> = [
    [
      'a request',
      request,
      'info',
      '[uat-eu] GET https://api.uat.eu.lending.akkuro.io/counterparty-management/counterparties?limit=5 → 200 in 35 ms, 1234 bytes, token attached',
    ],
    [
      'a request with its client and white label',
      { ...request, client: 'onboarding', label: 'brand-a', method: 'POST', status: 201, tokenAttached: false },
      'info',
      '[uat-eu · client onboarding · label brand-a] POST https://api.uat.eu.lending.akkuro.io/counterparty-management/counterparties?limit=5 → 201 in 35 ms, 1234 bytes',
    ],
    ['a refused request', { ...request, status: 403 }, 'warn', '→ 403 in 35 ms'],
    [
      'no response',
      {
        kind: 'request',
        environment: 'local',
        method: 'GET',
        url: 'http://127.0.0.1:1/x',
        durationMs: 3,
        bytes: 0,
        tokenAttached: false,
        error: 'connect ECONNREFUSED\n127.0.0.1:1',
      },
      'error',
      '[local] GET http://127.0.0.1:1/x → no response after 3 ms: connect ECONNREFUSED 127.0.0.1:1',
    ],
    [
      'credentials in the URL',
      { ...request, url: 'https://user:pa55@host.example/p?apiKey=abc123&limit=5&access_token=eyJx.eyJy.z#frag' },
      'info',
      'GET https://‹redacted›@host.example/p?apiKey=‹redacted›&limit=5&access_token=‹redacted›#frag → 200',
    ],
    [
      'a token requested',
      { ...token, action: 'requested' },
      'info',
      '[uat-eu · client reporting-app · label yourlabel] token requested for yourbank/yourlabel from https://api.uat.eu.lending.akkuro.io',
    ],
    ['a token renewed', { ...token, action: 'renewed' }, 'info', 'token renewal requested for yourbank/yourlabel'],
    [
      'a token received',
      { ...token, action: 'received', expiresAt: Date.UTC(2026, 0, 2, 3, 4, 5) },
      'info',
      'token received for yourbank/yourlabel from https://api.uat.eu.lending.akkuro.io, expires 2026-01-02T03:04:05.000Z',
    ],
    [
      'a token failed',
      { ...token, action: 'failed', reason: '401 Unauthorized' },
      'error',
      'token request failed for yourbank/yourlabel from https://api.uat.eu.lending.akkuro.io: 401 Unauthorized',
    ],
    [
      'a token dropped',
      { ...token, action: 'dropped', reason: 'the API refused it (401)' },
      'warn',
      'token dropped for yourbank/yourlabel from https://api.uat.eu.lending.akkuro.io: the API refused it (401)',
    ],
  ];
  for (const [name, event, level, text] of cases)
    it(name, () => {
      const line = eventLine(event);
      assert.equal(line.level, level);
      assert.ok(line.text.includes(text), `${line.text}\n  does not contain\n${text}`);
      assert.ok(!line.text.includes('\n'), 'one line');
    });
});
