import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  SANDBOX_BROKER_KEY,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  SANDBOX_LABEL,
} from '../../src/sandbox/demoCredentials';
import { startSandbox, type Sandbox, type TokenResponseForm } from '../../src/sandbox/server';
import { assertProblem, basic, bearer, call, decodeJwtPart, getToken } from './sandbox-harness';

const LIST = '/counterparty-management/counterparties';
const TOKEN_PATH = `/authentication/token/${SANDBOX_BROKER_KEY}/${SANDBOX_LABEL}`;
const DEMO = basic(SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET);

describe('sandbox: token endpoint', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ quiet: true });
  });
  after(() => sb.close());

  const forms: Array<{
    form: TokenResponseForm;
    contentType: string;
    read: (text: string) => string;
    expiry?: (body: any) => unknown;
  }> = [
    {
      form: 'access_token',
      contentType: 'application/json',
      read: (t) => JSON.parse(t).access_token,
      expiry: (b) => [b.token_type, b.expires_in],
    },
    {
      form: 'accessToken',
      contentType: 'application/json',
      read: (t) => JSON.parse(t).accessToken,
      expiry: (b) => [b.tokenType, b.expiresIn],
    },
    {
      form: 'token',
      contentType: 'application/json',
      read: (t) => JSON.parse(t).token,
      expiry: (b) => [undefined, b.expiresIn],
    },
    { form: 'jwt', contentType: 'application/json', read: (t) => JSON.parse(t).jwt },
    { form: 'json-string', contentType: 'application/json', read: (t) => JSON.parse(t) },
    { form: 'text', contentType: 'text/plain; charset=utf-8', read: (t) => t },
  ];
  for (const { form, contentType, read, expiry } of forms) {
    it(`answers in the "${form}" form with a token the API accepts`, async () => {
      const own = await startSandbox({ tokenResponseForm: form, tokenTtlSeconds: 120 });
      try {
        const res = await call(own.url + TOKEN_PATH, { headers: { authorization: DEMO, accept: 'application/json' } });
        assert.equal(res.status, 200);
        assert.equal(res.headers['content-type'], contentType);
        assert.equal(res.headers['cache-control'], 'no-store');
        const jwt = read(res.text);
        assert.match(jwt, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
        if (expiry) {
          const [type, ttl] = expiry(res.json()) as [string | undefined, number];
          assert.equal(ttl, 120);
          if (type !== undefined) {
            assert.equal(type, 'Bearer');
          }
        }
        const api = await call(own.url + LIST, { headers: bearer(jwt) });
        assert.equal(api.status, 200, api.text);
      } finally {
        await own.close();
      }
    });
  }

  it('signs an HS256 JWT with the documented claims and exp = iat + ttl', async () => {
    const own = await startSandbox({ tokenTtlSeconds: 42 });
    try {
      const before = Math.floor(Date.now() / 1000);
      const token = await getToken(own.url, undefined, SANDBOX_BROKER_KEY, 'second-label');
      const after = Math.ceil(Date.now() / 1000);
      assert.deepEqual(decodeJwtPart(token, 0), { alg: 'HS256', typ: 'JWT' });
      const claims = decodeJwtPart(token, 1);
      assert.equal(claims.iss, own.url);
      assert.equal(claims.sub, SANDBOX_CLIENT_ID);
      assert.equal(claims.tenant, SANDBOX_BROKER_KEY);
      assert.equal(claims.whiteLabel, 'second-label');
      assert.ok(
        claims.domains.includes('/counterparty-management') && claims.domains.includes('/collateral-management'),
      );
      assert.ok(claims.iat >= before && claims.iat <= after, 'issued while the token was asked for');
      assert.equal(claims.exp - claims.iat, 42);
      assert.match(claims.jti, /^[0-9a-f-]{36}$/);
      assert.notEqual(decodeJwtPart(await getToken(own.url), 1).jti, claims.jti);
    } finally {
      await own.close();
    }
  });

  it('grants the limited client only its domain', async () => {
    const token = await getToken(sb.url, { id: 'limited-client', secret: 'limited-secret-change-me' });
    assert.deepEqual(decodeJwtPart(token, 1).domains, ['/counterparty-management']);
  });

  it('URL-decodes the path segments', async () => {
    const res = await call(`${sb.url}/authentication/token/demo%2Dbank/demo%2Dlabel`, {
      headers: { authorization: DEMO },
    });
    assert.equal(res.status, 200, res.text);
  });

  const errors: Array<{
    name: string;
    path?: string;
    method?: 'POST' | 'DELETE';
    authorization?: string;
    status: number;
    detail: RegExp;
  }> = [
    { name: 'no credentials', status: 401, detail: /Authorization: Basic/ },
    {
      name: 'a wrong secret',
      authorization: basic(SANDBOX_CLIENT_ID, 'not-the-secret'),
      status: 401,
      detail: /wrong client secret/,
    },
    {
      name: 'an unknown client',
      authorization: basic('nobody', SANDBOX_CLIENT_SECRET),
      status: 401,
      detail: /Unknown client id/,
    },
    { name: 'a Bearer header instead of Basic', authorization: 'Bearer abc', status: 401, detail: /Basic/ },
    {
      name: 'another tenant',
      authorization: basic('other-client', 'other-secret-change-me'),
      status: 403,
      detail: /belongs to tenant "other-bank"/,
    },
    {
      name: 'a white label not granted',
      path: '/authentication/token/demo-bank/second-label',
      authorization: basic('limited-client', 'limited-secret-change-me'),
      status: 403,
      detail: /second-label/,
    },
    {
      name: 'an unknown tenant',
      path: '/authentication/token/no-bank/demo-label',
      authorization: DEMO,
      status: 404,
      detail: /no-bank/,
    },
    {
      name: 'an unknown white label',
      path: '/authentication/token/demo-bank/no-label',
      authorization: DEMO,
      status: 404,
      detail: /no-label.*demo-label, second-label/,
    },
    {
      name: 'a missing label segment',
      path: '/authentication/token/demo-bank',
      authorization: DEMO,
      status: 404,
      detail: /broker-key/,
    },
    { name: 'POST', method: 'POST', authorization: DEMO, status: 405, detail: /GET/ },
  ];
  for (const e of errors) {
    it(`answers ${e.status} problem+json for ${e.name}`, async () => {
      const headers: Record<string, string> = e.authorization ? { authorization: e.authorization } : {};
      const res = await call(sb.url + (e.path ?? TOKEN_PATH), { method: e.method ?? 'GET', headers });
      const problem = assertProblem(res, e.status);
      assert.match(problem.detail, e.detail);
      assert.ok(
        !res.text.includes('not-the-secret') && !res.text.includes(SANDBOX_CLIENT_SECRET),
        'no secret in the problem',
      );
      if (e.status === 401) {
        assert.match(String(res.headers['www-authenticate']), /^Basic /);
      }
      if (e.status === 405) {
        assert.equal(res.headers.allow, 'GET');
      }
    });
  }
});

describe('sandbox: API authentication', () => {
  let sb: Sandbox;
  let token: string;
  before(async () => {
    sb = await startSandbox();
    token = await getToken(sb.url);
  });
  after(() => sb.close());

  function forge(payloadChange: Record<string, unknown>): string {
    const [header, payload, signature] = token.split('.');
    const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...payloadChange };
    return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
  }
  function signedWith(key: string): string {
    const [header, payload] = token.split('.');
    return `${header}.${payload}.${createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url')}`;
  }
  const none = () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${token.split('.')[1]}.`;

  const cases: Array<{ name: string; headers: () => Record<string, string>; detail: RegExp }> = [
    { name: 'no Authorization header', headers: () => ({}), detail: /No access token/ },
    { name: 'Basic instead of Bearer', headers: () => ({ authorization: DEMO }), detail: /Bearer <token>/ },
    { name: 'a garbage token', headers: () => bearer('garbage'), detail: /not a JWT/ },
    {
      name: 'a payload changed to another tenant',
      headers: () => bearer(forge({ tenant: 'other-bank' })),
      detail: /signature is invalid/,
    },
    {
      name: 'a token signed with another key',
      headers: () => bearer(signedWith('guessed-key')),
      detail: /signature is invalid/,
    },
    { name: 'an unsigned alg=none token', headers: () => bearer(none()), detail: /not a JWT|not signed/ },
    {
      name: 'a token for another white label',
      headers: () => bearer(token, { 'x-label-reference-id': 'second-label' }),
      detail: /issued for white label "demo-label".*second-label/,
    },
  ];
  for (const c of cases) {
    it(`answers 401 for ${c.name}`, async () => {
      const res = await call(sb.url + LIST, { headers: c.headers() });
      const problem = assertProblem(res, 401);
      assert.match(problem.detail, c.detail);
      assert.equal(res.headers['www-authenticate'], 'Bearer error="invalid_token"');
      assert.ok(!res.text.includes(token.split('.')[2]), 'the token signature is never echoed');
    });
  }

  it('accepts a matching X-Label-Reference-Id', async () => {
    const res = await call(sb.url + LIST, { headers: bearer(token, { 'x-label-reference-id': SANDBOX_LABEL }) });
    assert.equal(res.status, 200);
  });

  it('rejects a token from another sandbox instance', async () => {
    const other = await startSandbox();
    try {
      const res = await call(sb.url + LIST, { headers: bearer(await getToken(other.url)) });
      assertProblem(res, 401);
    } finally {
      await other.close();
    }
  });

  it('answers 401 once the token has expired (1-second TTL)', async function () {
    this.timeout(10_000);
    const short = await startSandbox({ tokenTtlSeconds: 1 });
    try {
      const t = await getToken(short.url);
      assert.equal((await call(short.url + LIST, { headers: bearer(t) })).status, 200);
      await new Promise((r) => setTimeout(r, 2100));
      const res = await call(short.url + LIST, { headers: bearer(t) });
      assert.match(assertProblem(res, 401).detail, /expired/);
      assert.equal(res.headers['www-authenticate'], 'Bearer error="invalid_token"');
    } finally {
      await short.close();
    }
  });

  it('answers 403 naming the domain when the client lacks it, 200 where it has it', async () => {
    const limited = await getToken(sb.url, { id: 'limited-client', secret: 'limited-secret-change-me' });
    const party = (await call(sb.url + LIST, { headers: bearer(limited) })).json().items[0];
    const res = await call(`${sb.url}/collateral-management/counterparties/${party.referenceId}/collaterals`, {
      headers: bearer(limited),
    });
    assert.match(assertProblem(res, 403).detail, /\/collateral-management/);
    assert.equal((await call(sb.url + LIST, { headers: bearer(limited) })).status, 200);
  });

  it('keeps tenants and white labels apart', async () => {
    const other = await getToken(
      sb.url,
      { id: 'other-client', secret: 'other-secret-change-me' },
      'other-bank',
      'other-label',
    );
    const created = await call(sb.url + LIST, {
      method: 'POST',
      headers: { ...bearer(other), 'content-type': 'application/json' },
      body: '{"name":"Only Other Bank"}',
    });
    assert.equal(created.status, 201);
    const id = created.json().referenceId;
    assert.equal((await call(`${sb.url}${LIST}/${id}`, { headers: bearer(other) })).status, 200);
    assertProblem(await call(`${sb.url}${LIST}/${id}`, { headers: bearer(token) }), 404);
    const second = await getToken(sb.url, undefined, SANDBOX_BROKER_KEY, 'second-label');
    const names = (await call(`${sb.url}${LIST}?name=only`, { headers: bearer(second) })).json();
    assert.equal(names.total, 0);
  });
});
