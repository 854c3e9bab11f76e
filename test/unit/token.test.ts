import assert from 'node:assert/strict';
import {
  basicAuthorization,
  decodeJwtClaims,
  readTokenResponse,
  tokenFromResponse,
  tokenProblem,
  tokenUrl,
  type AccessToken,
  type TokenTarget,
} from '../../src/core/auth/token';
import { TokenCache, type TokenEvent } from '../../src/core/auth/tokenCache';
import { eventLine } from '../../src/core/text/eventLine';

function jwt(claims: object): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'HS256', typ: 'JWT' })}.${b(claims)}.c2lnbmF0dXJl`;
}
const target: TokenTarget = {
  environment: 'uat',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'your bank',
  labelReferenceId: 'label/1',
};

describe('token client', () => {
  it('builds the documented URL with encoded path segments and Basic auth', () => {
    assert.equal(tokenUrl(target), 'https://api.uat.eu.lending.akkuro.io/authentication/token/your%20bank/label%2F1');
    assert.equal(
      basicAuthorization({ clientId: 'id', clientSecret: 's:é' }),
      `Basic ${Buffer.from('id:s:é').toString('base64')}`,
    );
  });

  const t = jwt({ exp: 2_000_000_000, tenant: 'yourbank' });
  const forms: Array<[string, string, number | undefined]> = [
    ['access_token object', JSON.stringify({ access_token: t, expires_in: 300 }), 300],
    ['accessToken object', JSON.stringify({ accessToken: t, expiresIn: '120' }), 120],
    ['token object', JSON.stringify({ token: t }), undefined],
    ['jwt object', JSON.stringify({ jwt: t }), undefined],
    ['JSON string', JSON.stringify(t), undefined],
    ['bare JWT text', `${t}\n`, undefined],
  ];
  for (const [name, body, expiresIn] of forms) {
    it(`accepts a ${name}`, () => {
      const r = readTokenResponse(body);
      assert.equal(r?.token, t);
      assert.equal(r?.expiresIn, expiresIn);
    });
  }
  for (const body of ['', '{}', '{"access_token": ""}', '[1]', 'not a token', '42']) {
    it(`rejects ${JSON.stringify(body)}`, () => assert.equal(readTokenResponse(body), undefined));
  }

  it('trims a token returned with surrounding spaces, in every form', () => {
    for (const body of [JSON.stringify({ access_token: `  ${t} \n` }), JSON.stringify(` ${t} `), ` \n${t}\t`])
      assert.equal(readTokenResponse(body)?.token, t);
  });

  const problems: Array<[string, string, RegExp | undefined]> = [
    ['a JWT', t, undefined],
    ['an opaque token', 'opaque-token-value', undefined],
    ['a short token', 'abc123', /only 6 characters/],
    ['a token with a space inside', 'abcdefgh ijklmnopq', /spaces, control/],
    ['a token with a line break', 'abcdefgh\r\nx-injected: 1', /spaces, control/],
    ['a non-ASCII token', 'abcdefghijklmnopé', /non-ASCII/],
  ];
  for (const [name, token, problem] of problems) {
    it(`${problem ? 'refuses' : 'accepts'} ${name}`, () => {
      const got = tokenProblem(token);
      if (problem) assert.match(got ?? '', problem);
      else assert.equal(got, undefined);
    });
  }

  it('takes expiry from the JWT exp first, else expires_in, else 5 minutes', () => {
    assert.equal(
      tokenFromResponse(JSON.stringify({ access_token: jwt({ exp: 1000 }), expires_in: 5 }), 0)?.expiresAt,
      1_000_000,
    );
    assert.equal(
      tokenFromResponse(JSON.stringify({ access_token: 'opaque-token-value', expires_in: 5 }), 10)?.expiresAt,
      5010,
    );
    assert.equal(tokenFromResponse('"opaque-token-value"', 10)?.expiresAt, 300_010);
    assert.deepEqual(decodeJwtClaims(jwt({ a: 1 })), { a: 1 });
    assert.equal(decodeJwtClaims('a.b'), undefined);
  });
});

describe('token cache', () => {
  function setup(lifetimeMs = 60_000) {
    let clock = 0;
    let fetches = 0;
    const seen: string[] = [];
    const cache = new TokenCache({
      now: () => clock,
      fetch: async (): Promise<AccessToken> => {
        fetches++;
        await new Promise((r) => setTimeout(r, 5));
        return { token: `t${fetches}`, issuedAt: clock, expiresAt: clock + lifetimeMs };
      },
      onToken: (tok) => seen.push(tok.token),
    });
    return { cache, advance: (ms: number) => (clock += ms), fetches: () => fetches, seen };
  }
  const creds = { clientId: 'c', clientSecret: 's' };

  it('fetches once for 100 concurrent callers (single-flight)', async () => {
    const s = setup();
    const got = await Promise.all(Array.from({ length: 100 }, () => s.cache.get(target, creds)));
    assert.equal(s.fetches(), 1);
    assert.ok(got.every((g) => g.token === 't1'));
    assert.deepEqual(s.seen, ['t1']);
  });

  it('renews ahead of expiry, with a margin scaled to short lifetimes', async () => {
    const s = setup(2000);
    await s.cache.get(target, creds);
    s.advance(1500);
    assert.equal((await s.cache.get(target, creds)).token, 't1');
    s.advance(150); // 350 ms left < 400 ms margin (a fifth of 2 s)
    assert.equal((await s.cache.get(target, creds)).token, 't2');
  });

  it('keys by environment, origin, tenant, label and client id', async () => {
    const s = setup();
    await s.cache.get(target, creds);
    await s.cache.get({ ...target, environment: 'other' }, creds);
    await s.cache.get({ ...target, origin: 'https://x' }, creds);
    await s.cache.get({ ...target, labelReferenceId: 'l2' }, creds);
    await s.cache.get(target, { clientId: 'c2', clientSecret: 's' });
    assert.equal(s.fetches(), 5);
  });

  it('invalidates only the refused token, and drops an environment', async () => {
    const s = setup();
    await s.cache.get(target, creds);
    s.cache.invalidate(target, 'c', 'not-the-current-one');
    assert.equal(s.cache.peek(target, 'c')?.token, 't1');
    s.cache.invalidate(target, 'c', 't1');
    assert.equal(s.cache.peek(target, 'c'), undefined);
    assert.equal((await s.cache.get(target, creds)).token, 't2');
    s.cache.dropEnvironment('uat');
    assert.equal(s.cache.peek(target, 'c'), undefined);
  });

  it('drops the tokens of one client of an environment, in every label, and keeps the others', async () => {
    const s = setup();
    const other = { clientId: 'c2', clientSecret: 's2' };
    const business = { ...target, labelReferenceId: 'business', client: 'onboarding' };
    await s.cache.get(target, creds);
    await s.cache.get(business, creds);
    await s.cache.get(target, other);
    s.cache.dropEnvironment('uat', 'c');
    assert.equal(s.cache.peek(target, 'c'), undefined);
    assert.equal(s.cache.peek(business, 'c'), undefined);
    assert.ok(s.cache.peek(target, 'c2'), "another client's token stays");
  });

  it('a caller that aborts does not fail the others', async () => {
    const s = setup();
    const ac = new AbortController();
    const a = s.cache.get(target, creds, { signal: ac.signal });
    const b = s.cache.get(target, creds);
    ac.abort(new Error('stop'));
    await assert.rejects(a, /stop/);
    assert.equal((await b).token, 't1');
  });

  it('uses a seeded token without fetching', async () => {
    const s = setup();
    s.cache.seed(target, 'c', { token: 'seeded', issuedAt: 0, expiresAt: 60_000 });
    assert.equal((await s.cache.get(target, creds)).token, 'seeded');
    assert.equal(s.fetches(), 0);
    assert.deepEqual(s.seen, ['seeded']);
  });

  it('passes the caller timeout to the token request it starts', async () => {
    const seen: Array<number | undefined> = [];
    const cache = new TokenCache({
      fetch: async (_t, _c, o) => {
        seen.push(o.timeoutMs);
        return { token: 'ok-token-value', issuedAt: 0, expiresAt: Date.now() + 60_000 };
      },
    });
    await cache.get(target, creds, { timeoutMs: 1234 });
    assert.deepEqual(seen, [1234]);
  });

  it('keeps using a still valid token when its renewal fails, says so, and waits before asking again', async () => {
    let clock = 0;
    let fetches = 0;
    let down = false;
    const cache = new TokenCache({
      now: () => clock,
      fetch: async () => {
        fetches++;
        if (down) throw new Error('The token endpoint answered 503');
        return { token: `t${fetches}`, issuedAt: clock, expiresAt: clock + 60_000 };
      },
    });
    await cache.get(target, creds);
    down = true;
    clock = 50_000; // 10 s left: inside the renewal window
    const notes: string[] = [];
    assert.equal((await cache.get(target, creds, { onNote: (n) => notes.push(n) })).token, 't1');
    assert.equal(fetches, 2);
    assert.match(
      notes[0],
      /Renewing the token failed \(The token endpoint answered 503\); the current token, valid for 10 s more, was used/,
    );
    clock = 51_000;
    assert.equal((await cache.get(target, creds)).token, 't1');
    assert.equal(fetches, 2, 'no new attempt right after a failed one');
    clock = 56_000;
    await cache.get(target, creds);
    assert.equal(fetches, 3, 'asks again once the pause is over');
    down = false;
    clock = 58_500; // the pause is at most half the time left

    assert.equal((await cache.get(target, creds)).token, 't4');
  });

  it('fails when the token has expired and no new one can be had', async () => {
    let clock = 0;
    let n = 0;
    const cache = new TokenCache({
      now: () => clock,
      fetch: async () => {
        if (n++ > 0) throw new Error('down');
        return { token: 't1', issuedAt: 0, expiresAt: 1000 };
      },
    });
    await cache.get(target, creds);
    clock = 1000;
    await assert.rejects(cache.get(target, creds), /down/);
  });

  it('a failed fetch is not cached', async () => {
    let n = 0;
    const cache = new TokenCache({
      fetch: async () => {
        if (n++ === 0) throw new Error('boom');
        return { token: 'ok', issuedAt: 0, expiresAt: Date.now() + 60_000 };
      },
    });
    await assert.rejects(cache.get(target, creds), /boom/);
    assert.equal((await cache.get(target, creds)).token, 'ok');
  });

  it('tells what happens to tokens without ever giving the token', async () => {
    let clock = 0;
    let n = 0;
    const events: TokenEvent[] = [];
    const cache = new TokenCache({
      now: () => clock,
      onEvent: (e) => events.push(e),
      fetch: async () => {
        if (++n === 3) throw new Error('endpoint down');
        return { token: `secret-token-${n}`, issuedAt: clock, expiresAt: clock + 10_000 };
      },
    });
    await cache.get({ ...target, client: 'onboarding' }, creds);
    assert.equal(events[0].client, 'onboarding', 'events name the client');
    cache.clear();
    events.length = 0;
    n = 0;
    await cache.get(target, creds);
    clock = 9_000;
    await cache.get(target, creds);
    clock = 19_500;
    await assert.rejects(cache.get(target, creds), /endpoint down/);
    await cache.get(target, creds);
    cache.invalidate(target, creds.clientId, 'secret-token-4');
    await cache.get(target, creds);
    cache.dropEnvironment(target.environment);
    assert.deepEqual(
      events.map((e) => e.action),
      [
        'requested',
        'received',
        'renewed',
        'received',
        'renewed',
        'failed',
        'renewed',
        'received',
        'dropped',
        'requested',
        'received',
        'dropped',
      ],
    );
    assert.ok(events.every((e) => e.clientId === 'c' && e.environment === target.environment));
    assert.equal(events.find((e) => e.action === 'failed')?.reason, 'endpoint down');
    assert.ok(!JSON.stringify(events).includes('secret-token'), 'no event holds a token');
  });

  it('names the client of each token dropped on sign-out, fetched or seeded, and the log line says it', async () => {
    const events: TokenEvent[] = [];
    const cache = new TokenCache({
      onEvent: (e) => events.push(e),
      fetch: async () => ({ token: 'secret-token-1', issuedAt: Date.now(), expiresAt: Date.now() + 60_000 }),
    });
    const business = { ...target, labelReferenceId: 'business', client: 'onboarding' };
    const mine = { clientId: 'c', clientSecret: 'very-secret-value' };
    await cache.get(business, mine);
    cache.seed({ ...target, client: 'migration' }, 'm-id', {
      token: 'secret-token-2',
      issuedAt: Date.now(),
      expiresAt: Date.now() + 60_000,
    });
    await cache.get({ ...target, environment: 'other', client: 'default' }, mine);
    events.length = 0;
    cache.dropEnvironment('uat', 'c');
    cache.dropEnvironment('uat');
    assert.deepEqual(
      events.map((e) => [e.action, e.client, e.clientId, e.labelReferenceId]),
      [
        ['dropped', 'onboarding', 'c', 'business'],
        ['dropped', 'migration', 'm-id', 'label/1'],
      ],
    );
    assert.equal(
      eventLine(events[0]).text,
      '[uat · client onboarding · label business] token dropped for your bank/business from https://api.uat.eu.lending.akkuro.io: credentials changed or signed out',
    );
    assert.ok(!JSON.stringify(events).includes('secret-token'), 'no event holds a token');
    assert.ok(!JSON.stringify(events).includes(mine.clientSecret), 'no event holds a secret');
  });
});
