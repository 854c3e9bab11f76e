import assert from 'node:assert/strict';
import { parseRetryAfter } from '../../src/core/http/retryAfter';
import { MAX_RETRY_WAIT_MS, retryDecision, type RetryInput } from '../../src/core/http/retryPolicy';

const NOW = Date.UTC(2025, 9, 21, 7, 28, 0); // Tue, 21 Oct 2025 07:28:00 GMT

describe('Retry-After: seconds or an HTTP date', () => {
  const waits: Array<[string, string, number, 'seconds' | 'date']> = [
    ['seconds', '120', 120_000, 'seconds'],
    ['zero seconds', '0', 0, 'seconds'],
    ['seconds with spaces around', '  5 ', 5000, 'seconds'],
    ['an IMF-fixdate 30 s ahead', 'Tue, 21 Oct 2025 07:28:30 GMT', 30_000, 'date'],
    ['an IMF-fixdate in the past means now', 'Tue, 21 Oct 2025 07:00:00 GMT', 0, 'date'],
    ['the obsolete RFC 850 form', 'Tuesday, 21-Oct-25 07:29:00 GMT', 60_000, 'date'],
    ['the obsolete asctime form (GMT)', 'Tue Oct 21 07:28:10 2025', 10_000, 'date'],
    ['asctime with a one-digit day', 'Sat Nov  1 07:28:00 2025', 11 * 24 * 3600 * 1000, 'date'],
  ];
  for (const [what, value, ms, form] of waits)
    it(`reads ${what}`, () => assert.deepEqual(parseRetryAfter(value, NOW), { ok: true, ms, form, raw: value.trim() }));

  const refused: Array<[string, string, RegExp]> = [
    ['a fraction', '1.5', /whole number of seconds, 0 or more/],
    ['a negative number', '-1', /whole number of seconds, 0 or more/],
    ['a word', 'soon', /neither a whole number of seconds nor an HTTP date/],
    ['a date in another zone', 'Tue, 21 Oct 2025 07:28:30 +0200', /neither/],
    ['a date that does not exist', 'Fri, 31 Feb 2025 07:28:30 GMT', /neither/],
    ['an ISO date', '2025-10-21T07:28:30Z', /neither/],
    ['an empty value', '', /neither/],
  ];
  for (const [what, value, reason] of refused)
    it(`refuses ${what}, saying why`, () => {
      const r = parseRetryAfter(value, NOW);
      assert.ok(r && !r.ok, JSON.stringify(r));
      assert.match(r.reason, reason);
    });

  it('no header: nothing to read', () => assert.equal(parseRetryAfter(undefined, NOW), undefined));

  it('reads a two-digit year more than 50 years ahead as the last century (RFC 9110)', () => {
    const r = parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', NOW);
    assert.deepEqual(r, { ok: true, ms: 0, form: 'date', raw: 'Sunday, 06-Nov-94 08:49:37 GMT' });
  });
});

describe('the retry rule: safe methods, 429/503, Retry-After, within a bound', () => {
  const base: RetryInput = {
    method: 'GET',
    status: 429,
    retryAfter: '2',
    done: 0,
    retries: 2,
    timeoutMs: 30_000,
    now: NOW,
  };
  const table: Array<[string, Partial<RetryInput>, boolean, RegExp | undefined, number?]> = [
    [
      'a GET answered 429 with Retry-After waits and retries',
      {},
      true,
      /^429 Too Many Requests, Retry-After: 2: waited 2 s before retry 1 of 2$/,
      2000,
    ],
    ['a HEAD answered 503 retries', { method: 'HEAD', status: 503 }, true, /^503 Service Unavailable/, 2000],
    ['OPTIONS retries', { method: 'OPTIONS' }, true, /retry 1 of 2/, 2000],
    ['an HTTP date works as well', { retryAfter: 'Tue, 21 Oct 2025 07:28:05 GMT' }, true, /waited 5 s/, 5000],
    ['the second retry says so', { done: 1 }, true, /before retry 2 of 2$/, 2000],
    [
      'POST is never retried, and says why',
      { method: 'POST' },
      false,
      /^Not retried: POST can change data, so it is never sent again automatically \(429 Too Many Requests, Retry-After: 2\)/,
    ],
    ['PUT, PATCH and DELETE neither', { method: 'DELETE', status: 503 }, false, /^Not retried: DELETE can change data/],
    ['no Retry-After: no retry', { retryAfter: undefined }, false, /came without Retry-After/],
    ['an unreadable Retry-After: no retry', { retryAfter: 'later' }, false, /Retry-After "later" cannot be read/],
    [
      'a wait over the request timeout is not made',
      { retryAfter: '31' },
      false,
      /asks to wait 31 s, longer than the 30 s a retry may wait/,
    ],
    [
      'nor over 60 s, whatever the timeout',
      { retryAfter: '61', timeoutMs: 600_000 },
      false,
      /longer than the 60 s a retry may wait/,
    ],
    [
      'retries used up: gives up, saying how often it tried',
      { done: 2 },
      false,
      /^Gave up after 2 retries \(retries: 2\): still 429 Too Many Requests\.$/,
    ],
    ['retries: 0 never retries', { retries: 0 }, false, /^Not retried: retries is 0/],
    ["other statuses are not the retry rule's business", { status: 500 }, false, undefined],
    ['a 200 neither', { status: 200 }, false, undefined],
  ];
  for (const [what, input, retry, reason, waitMs] of table)
    it(what, () => {
      const d = retryDecision({ ...base, ...input });
      assert.equal(d.retry, retry);
      if (reason) assert.match(d.reason ?? '', reason);
      else assert.equal(d.reason, undefined);
      if (d.retry) assert.equal(d.waitMs, waitMs);
    });

  it('caps the wait at 60 s', () => assert.equal(MAX_RETRY_WAIT_MS, 60_000));
});
