import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { AssertionResult } from '../../src/contract/response';
import { checkContract, type ContractContext } from '../../src/core/openapi/contractCheck';
import { SchemaValidator } from '../../src/core/openapi/schemaValidate';
import { matchPath } from '../../src/core/openapi/pathTemplate';
import { SpecIndex } from '../../src/core/openapi/specIndex';
import { loadSpecText } from '../../src/core/openapi/specLoad';
import { SANDBOX_API_VERSIONS } from '../../src/core/environments/sandboxIdentity';
import { sandboxRoutes, startSandbox, type Sandbox } from '../../src/sandbox/server';
import { sandboxOpenApi } from '../../src/sandbox/openapi/document';
import { basic, bearer, call, getToken, SEEN, type Answer, type Seen } from './sandbox-harness';

/**
 * The sandbox and its contract cannot drift: every route is driven through its answers (successes, errors,
 * the token endpoint in each response form, injected faults) and each response is checked against the
 * document the sandbox serves for the api-version it answered with. A root hook then checks every sandbox
 * exchange any test of the run made (sandbox-harness.ts records them).
 */
const BROKEN_ON_PURPOSE = /malformed-json|large-body/;

async function contractFromSandbox(url: string): Promise<ContractContext> {
  const specs = [];
  for (const v of SANDBOX_API_VERSIONS) {
    const res = await call(`${url}/__sandbox/openapi.yaml?api-version=${v}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['akkuro-api-version'], v);
    const loaded = await loadSpecText(res.text, `sandbox ${v}`);
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.message);
    specs.push(loaded.spec);
  }
  return { index: new SpecIndex(specs), validator: new SchemaValidator() };
}

function bodyText(a: Answer): string {
  const enc = a.headers['content-encoding'];
  const raw =
    enc === 'br'
      ? brotliDecompressSync(a.raw)
      : enc === 'gzip'
        ? gunzipSync(a.raw)
        : enc === 'deflate'
          ? inflateSync(a.raw)
          : a.raw;
  return raw.toString('utf8');
}

/** The assertion failures of one exchange; [] when it keeps the contract. */
async function violations(ctx: ContractContext, seen: Seen): Promise<string[]> {
  const results = await check(ctx, seen);
  const u = new URL(seen.url);
  return results
    .filter((r) => !r.passed)
    .map((r) => `${seen.method} ${u.pathname} ${seen.answer.status}: ${r.message}`);
}

/** The sandbox's answer for a path it has no route for (router, token endpoint and helpers alike). */
const NO_ROUTE = 'urn:akkuro-sandbox:problem:not-found';

/**
 * One exchange against the document of the api-version it was answered with. An exchange no operation
 * describes fails, with two exceptions that are not drift:
 * - HEAD on a GET operation: HTTP's GET without a body (the document describes GET; the status is checked);
 * - the sandbox's own 404 for a path it has no route for (problem type `not-found`, which no handler uses):
 *   a test asked for an unknown path on purpose, and "every route is described" is checked from the routes.
 * A method the path does not have must be answered with an error every operation of the path declares (the
 * gateway's 401/403/406/429/5xx or 405), and a 405's Allow header must name exactly the documented methods.
 */
async function check(ctx: ContractContext, seen: Seen): Promise<AssertionResult[]> {
  const u = new URL(seen.url);
  const version = String(seen.answer.headers['akkuro-api-version'] ?? SANDBOX_API_VERSIONS.at(-1));
  const { status } = seen.answer;
  const input = {
    method: seen.method,
    url: u.pathname + u.search,
    baseUrl: u.origin,
    apiVersion: version,
    status,
    contentType: String(seen.answer.headers['content-type'] ?? ''),
    body: bodyText(seen.answer),
    asked: true,
  };
  const undescribed = (message: string): AssertionResult => ({
    target: 'schema',
    operator: 'schema',
    expected: 'an operation that describes it',
    actual: status,
    passed: false,
    message,
  });
  if (ctx.index.find(seen.method, u.pathname, version)) return checkContract(ctx, input);
  if (seen.method === 'HEAD' && ctx.index.find('GET', u.pathname, version))
    return checkContract(ctx, { ...input, method: 'GET' });
  const documented = [...new Set(ctx.index.matchPath(u.pathname, version).map((m) => m.operation.method))];
  if (documented.length === 0) {
    const type = /problem\+json/.test(input.contentType) ? (JSON.parse(input.body) as { type?: string }).type : '';
    if (status === 404 && type === NO_ROUTE) return [];
    return [
      undescribed(`no operation of the document for ${version} describes it (${input.contentType || 'no body'})`),
    ];
  }
  if (status < 400)
    return [undescribed(`answered ${status}, but the document has only ${documented.join(', ')} for this path`)];
  const results = await checkContract(ctx, { ...input, method: documented[0] });
  if (status !== 405) return results;
  const allow = String(seen.answer.headers.allow ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '' && !(m === 'HEAD' && documented.includes('GET')));
  if ([...allow].sort().join() !== [...documented].sort().join())
    results.push(undescribed(`Allow: ${allow.join(', ')} differs from the documented ${documented.join(', ')}`));
  return results;
}

describe('sandbox contract: every response matches /__sandbox/openapi.yaml', function () {
  let sandbox: Sandbox;
  let ctx: ContractContext;
  let token: string;
  let migrationToken: string;
  const mine: Seen[] = [];
  const drive = async (path: string, init: Parameters<typeof call>[1] = {}) => {
    const before = SEEN.length;
    const answer = await call(`${sandbox.url}${path}`, init);
    mine.push(...SEEN.slice(before));
    return answer;
  };

  before(async () => {
    sandbox = await startSandbox({});
    ctx = await contractFromSandbox(sandbox.url);
    token = await getToken(sandbox.url);
    migrationToken = await getToken(sandbox.url, { id: 'migration-client', secret: 'migration-secret-change-me' });
  });
  after(() => sandbox.close());

  it('serves one document per api-version, describing every route, in YAML and JSON; 406 for another version', async () => {
    const json = await call(`${sandbox.url}/__sandbox/openapi.json`, {
      headers: { accept: 'application/json;api-version=2024.2.0' },
    });
    assert.equal(json.json().info.version, '2024.2.0');
    assert.deepEqual(json.json(), sandboxOpenApi('2024.2.0'));
    const latest = await call(`${sandbox.url}/__sandbox/openapi.yaml`);
    assert.match(latest.text, /version: 2025\.1\.0/);
    assert.equal((await call(`${sandbox.url}/__sandbox/openapi.yaml?api-version=1999.1.0`)).status, 406);
    const operations = ctx.index.operations('2025.1.0').map(({ operation: o }) => `${o.method} ${o.path}`);
    for (const route of [
      'GET /authentication/token/{broker-key}/{label-reference-id}',
      'POST /counterparty-management/counterparties',
      'POST /counterparty-management/counterparties/bulk',
      'GET /collateral-management/counterparties/{counterpartyId}/collaterals/{collateralId}',
      'GET /migration-assistance/migrations',
      'POST /migration-assistance/migrations',
      'GET /migration-assistance/migrations/{migrationId}',
      'POST /__sandbox/reset-stats',
    ])
      assert.ok(operations.includes(route), `${route} is missing from ${operations.join(', ')}`);
  });

  it("describes every route of the sandbox's router, token endpoint and helpers, in each api-version", () => {
    const routes = sandboxRoutes();
    assert.ok(routes.length >= 15, `only ${routes.length} routes`);
    const missing: string[] = [];
    for (const version of SANDBOX_API_VERSIONS) {
      assert.ok(ctx.index.forVersion(version).version === version, `no document for ${version}`);
      for (const { method, template } of routes) {
        const concrete = template.replace(/\{[^}]+\}/g, 'some-id');
        const found = ctx.index.find(method, concrete, version);
        if (found?.spec.version !== version) missing.push(`${version} ${method} ${template}`);
      }
      // And the other way round: the document describes nothing the sandbox does not serve.
      for (const { operation: o } of ctx.index.operations(version)) {
        const concrete = o.path.replace(/\{[^}]+\}/g, 'some-id');
        if (!routes.some((r) => r.method === o.method && matchPath(r.template, concrete)))
          missing.push(`${version} ${o.method} ${o.path} is described but not served`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('every route, success and error, keeps the contract in both api-versions', async () => {
    const demo = basic('demo-client', 'demo-secret-change-me');
    for (const form of ['/authentication/token/demo-bank/demo-label', '/authentication/token/demo-bank/nope'])
      await drive(form, { headers: { authorization: demo } });
    await drive('/authentication/token/demo-bank/demo-label');
    await drive('/authentication/token/other-bank/other-label', { headers: { authorization: demo } });
    await drive('/authentication/token/demo-bank/demo-label', { method: 'POST', headers: { authorization: demo } });
    for (const version of SANDBOX_API_VERSIONS) {
      const h = (extra: Record<string, string> = {}) => ({
        ...bearer(token),
        accept: `application/json;api-version=${version}`,
        ...extra,
      });
      const list = await drive('/counterparty-management/counterparties?limit=2', { headers: h() });
      const id = list.json().items[0].referenceId as string;
      await drive('/counterparty-management/counterparties?limit=500', { headers: h() });
      await drive('/counterparty-management/counterparties?name=jane', { headers: h({ 'accept-encoding': 'gzip' }) });
      const created = await drive('/counterparty-management/counterparties', {
        method: 'POST',
        headers: h({ 'content-type': 'application/json' }),
        body: JSON.stringify({
          name: 'Contract Test',
          type: 'organisation',
          countryCode: 'NL',
          email: 'a@b.c',
          externalReference: 'x1',
        }),
      });
      assert.equal(created.status, 201, created.text);
      await drive('/counterparty-management/counterparties', {
        method: 'POST',
        headers: h(),
        body: '{"type":"robot"}',
      });
      await drive('/counterparty-management/counterparties', { method: 'POST', headers: h(), body: '{nope' });
      await drive('/counterparty-management/counterparties', { method: 'DELETE', headers: h() });
      await drive(`/counterparty-management/counterparties/${id}`, { headers: h() });
      await drive(`/counterparty-management/counterparties/${id}`, { method: 'HEAD', headers: h() });
      await drive('/counterparty-management/counterparties/missing', { headers: h() });
      await drive('/counterparty-management/counterparties/bulk', {
        method: 'POST',
        headers: h({ 'content-type': 'application/jsonl' }),
        body: '{"name":"A"}\nnot json\n{"type":"robot"}\n',
      });
      await drive('/counterparty-management/counterparties/bulk', { method: 'POST', headers: h(), body: '{}' });
      const collaterals = `/collateral-management/counterparties/${id}/collaterals`;
      const collateral = await drive(collaterals, {
        method: 'POST',
        headers: h(),
        body: JSON.stringify({ type: 'cash', value: { amount: 10, currency: 'EUR' }, description: 'd' }),
      });
      assert.equal(collateral.status, 201, collateral.text);
      await drive(collaterals, { method: 'POST', headers: h(), body: '{"value":{"amount":-1}}' });
      await drive(`${collaterals}?offset=0&limit=5`, { headers: h() });
      await drive(`${collaterals}/${collateral.json().referenceId}`, { headers: h() });
      await drive(`${collaterals}/missing`, { headers: h() });
      await drive('/collateral-management/counterparties/missing/collaterals', { headers: h() });
      await drive('/migration-assistance/migrations', { headers: h() });
      await drive('/counterparty-management/counterparties', {
        headers: { accept: `application/json;api-version=${version}` },
      });
      await drive('/counterparty-management/counterparties', { headers: h({ authorization: 'Bearer not.a.jwt' }) });
      await drive('/counterparty-management/counterparties', {
        headers: h({ 'x-label-reference-id': 'second-label' }),
      });
      for (const fault of [
        'status=500',
        'status=503',
        'status=429',
        'latency=1',
        'bogus',
        'status=429,retry-after=date+2',
        'status=503,retry-after=none',
        'retry-after=5',
        `status=429,times=1,id=${version}`,
        `status=429,times=1,id=${version}`,
      ])
        await drive('/counterparty-management/counterparties', { headers: h({ 'x-sandbox-fault': fault }) });
      // Migrations, for the client granted the domain: start, poll until Completed, and the errors.
      const m = (extra: Record<string, string> = {}) => ({ ...bearer(migrationToken), accept: h().accept, ...extra });
      const started = await drive('/migration-assistance/migrations', {
        method: 'POST',
        headers: m({ 'content-type': 'application/json' }),
        body: JSON.stringify({ name: 'Portfolio', completeAfterReads: 2 }),
      });
      assert.equal(started.status, 201, started.text);
      const path = `/migration-assistance/migrations/${started.json().id as string}`;
      assert.equal((await drive(path, { headers: m() })).json().status, 'Pending');
      assert.equal((await drive(path, { headers: m() })).json().status, 'Completed');
      await drive('/migration-assistance/migrations', { headers: m() });
      await drive('/migration-assistance/migrations/missing', { headers: m() });
      await drive('/migration-assistance/migrations', {
        method: 'POST',
        headers: m(),
        body: '{"completeAfterReads":0}',
      });
    }
    await drive('/counterparty-management/counterparties', {
      headers: bearer(token, { accept: 'application/json;api-version=1999.1.0' }),
    });
    for (const p of [
      '/__sandbox/health',
      '/__sandbox/stats',
      '/__sandbox/echo?a=1&a=2',
      '/__sandbox/redirect?to=/x',
      '/__sandbox/redirect',
      '/__sandbox/redirect?to=/x&status=200',
    ])
      await drive(p, { headers: { authorization: 'Bearer secret-looking' } });
    await drive('/__sandbox/echo', { method: 'PUT', body: 'hello' });
    await drive('/__sandbox/reset-stats', { method: 'POST' });
    await drive('/__sandbox/stats', { method: 'POST' });
    assert.ok(mine.length > 60, `only ${mine.length} exchanges`);
    const statuses = new Set(mine.map((s) => s.answer.status));
    for (const s of [200, 201, 204, 302, 400, 401, 403, 404, 405, 406, 415, 422, 429, 500, 503])
      assert.ok(statuses.has(s), `no ${s} seen`);
    const problems = (await Promise.all(mine.map((s) => violations(ctx, s)))).flat();
    assert.deepEqual(problems, []);
    const validated = (await Promise.all(mine.map((s) => check(ctx, s))))
      .flat()
      .filter((r) => /^body matches/.test(r.message));
    assert.ok(validated.length > 50, `only ${validated.length} bodies were validated against a schema`);
  });

  it("the per-client rate limit's and daily quota's 429s keep the contract, with Retry-After", async () => {
    for (const options of [{ rateLimit: { requests: 1, windowSeconds: 60 } }, { dailyQuota: 1 }]) {
      const limited = await startSandbox(options);
      try {
        const t = await getToken(limited.url);
        const before = SEEN.length;
        await call(`${limited.url}/counterparty-management/counterparties`, { headers: bearer(t) });
        const refused = await call(`${limited.url}/counterparty-management/counterparties`, { headers: bearer(t) });
        assert.equal(refused.status, 429);
        assert.match(String(refused.headers['retry-after']), /^\d+$/);
        assert.equal(
          refused.json().type,
          `urn:akkuro-sandbox:problem:${options.dailyQuota ? 'quota-exceeded' : 'rate-limited'}`,
        );
        assert.equal(limited.stats().rateLimited, 1);
        const problems = (await Promise.all(SEEN.slice(before).map((x) => violations(ctx, x)))).flat();
        assert.deepEqual(problems, []);
      } finally {
        await limited.close();
      }
    }
  });

  it("an exchange no operation describes fails; only the sandbox's own 404 for a path it has no route for passes", async () => {
    const fake = (
      method: string,
      path: string,
      status: number,
      headers: Record<string, string>,
      body: unknown,
    ): Seen => {
      const raw = Buffer.from(JSON.stringify(body));
      return {
        method,
        url: `${sandbox.url}${path}`,
        requestHeaders: {},
        answer: {
          status,
          headers: { 'akkuro-api-version': '2025.1.0', ...headers },
          raw,
          text: raw.toString(),
          json: () => body,
        },
      };
    };
    const problem = (slug: string) => ({
      type: `urn:akkuro-sandbox:problem:${slug}`,
      title: 'x',
      status: 404,
      detail: 'x',
      instance: '/x',
    });
    const json = { 'content-type': 'application/json' };
    const problemJson = { 'content-type': 'application/problem+json' };
    const unknown = await drive('/financing-solutions/loans', { headers: bearer(token) });
    assert.equal(unknown.status, 404);
    assert.deepEqual(await violations(ctx, mine.at(-1)!), [], 'the real answer for an unknown path');
    const cases: Array<[Seen, RegExp]> = [
      [
        fake('GET', '/counterparty-management/brand-new', 200, json, { items: [] }),
        /^GET \/counterparty-management\/brand-new 200: no operation of the document for 2025\.1\.0 describes it/,
      ],
      [
        // A 404 from a handler of an undescribed route is not the sandbox's "no route".
        fake('GET', '/counterparty-management/brand-new/7', 404, problemJson, problem('brand-new-not-found')),
        /no operation of the document for 2025\.1\.0 describes it/,
      ],
      [
        fake('PUT', '/counterparty-management/counterparties', 200, json, {}),
        /answered 200, but the document has only GET, POST for this path/,
      ],
      [
        fake(
          'PUT',
          '/counterparty-management/counterparties',
          405,
          { ...problemJson, allow: 'GET, PUT, HEAD' },
          {
            ...problem('method-not-allowed'),
            status: 405,
          },
        ),
        /Allow: GET, PUT differs from the documented GET, POST/,
      ],
    ];
    for (const [seen, expected] of cases) {
      const found = await violations(ctx, seen);
      assert.equal(found.length, 1, `${seen.method} ${seen.url}: ${found.join('; ')}`);
      assert.match(found[0], expected);
    }
  });

  it('a response that breaks the contract is caught (the check can fail)', async () => {
    const seen: Seen = {
      method: 'GET',
      url: `${sandbox.url}/counterparty-management/counterparties/x`,
      requestHeaders: {},
      answer: {
        status: 200,
        headers: { 'content-type': 'application/json', 'akkuro-api-version': '2025.1.0' },
        raw: Buffer.from(
          '{"referenceId":"not-a-uuid","name":1,"type":"robot","createdAt":"2025-01-01T00:00:00Z","extra":true}',
        ),
        text: '',
        json: () => null,
      },
    };
    const found = await violations(ctx, seen);
    assert.deepEqual(
      found.map((f) => f.replace(/^.*?: /, '')),
      [
        '$.extra is not allowed here',
        '$.referenceId must be a valid uuid but is a string ("not-a-uuid")',
        '$.name must be a string but is an integer (1)',
        '$.type must be one of "person", "organisation" but is a string ("robot")',
      ],
    );
  });
});

/** Root hook: runs once after the whole mocha run, over whatever sandbox exchanges the tests made. */
after(async function () {
  const seen = SEEN.filter(
    (s) => !BROKEN_ON_PURPOSE.test(s.requestHeaders['x-sandbox-fault'] ?? '') && /^http:\/\/127\.0\.0\.1:/.test(s.url),
  );
  if (seen.length === 0) return;
  const specs = [];
  for (const v of SANDBOX_API_VERSIONS) {
    const loaded = await loadSpecText(JSON.stringify(sandboxOpenApi(v)), `sandbox ${v}`);
    assert.ok(loaded.ok);
    specs.push(loaded.spec);
  }
  const ctx = { index: new SpecIndex(specs), validator: new SchemaValidator() };
  const problems = (await Promise.all(seen.map((s) => violations(ctx, s)))).flat();
  assert.deepEqual(problems, [], `sandbox responses that break its own OpenAPI document (of ${seen.length} checked)`);
});
