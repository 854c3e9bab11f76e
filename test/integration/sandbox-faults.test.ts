import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'undici';
import { SANDBOX_CLIENT_SECRET } from '../../src/sandbox/demoCredentials';
import { parseSandboxArgs, USAGE } from '../../src/sandbox/mainArgs';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { assertProblem, basic, bearer, call, decodeJwtPart, getToken, waitUntil } from './sandbox-harness';

const LIST = '/counterparty-management/counterparties';

describe('sandbox: fault injection', () => {
  let sb: Sandbox;
  let token: string;
  before(async () => {
    sb = await startSandbox();
    token = await getToken(sb.url);
  });
  after(() => sb.close());

  const fault = (directives: string, headers = bearer(token)) =>
    call(sb.url + LIST, { headers: { ...headers, 'x-sandbox-fault': directives } });

  it('latency=<ms> delays the response', async () => {
    const started = performance.now();
    const res = await fault('latency=300');
    assert.equal(res.status, 200);
    // A lower bound (the sandbox takes no clock to fake): load only makes it longer.
    assert.ok(performance.now() - started >= 290, 'waited the latency');
  });

  it('reset destroys the connection without a response, even without a token', async () => {
    for (const headers of [bearer(token), {}]) {
      await assert.rejects(fault('reset', headers), (error: Error & { code?: string }) => {
        assert.match(String(error.code), /ECONNRESET|UND_ERR_SOCKET/);
        return true;
      });
    }
  });

  it('status=500 and status=503 answer problems; 503 says Retry-After', async () => {
    const e500 = await fault('status=500');
    assert.match(assertProblem(e500, 500).detail, /injected/);
    assert.equal(e500.headers['retry-after'], undefined);
    const e503 = await fault(' status=503 ');
    assertProblem(e503, 503);
    assert.equal(e503.headers['retry-after'], '1');
  });

  it('retry-after sets the wait of an injected status: seconds, an HTTP date, or none', async () => {
    assert.equal((await fault('status=429,retry-after=7')).headers['retry-after'], '7');
    // Bracketed by the clock read before and after the call, so a slow call cannot fail it.
    const before = Date.now();
    const date = String((await fault('status=503,retry-after=date+30')).headers['retry-after']);
    const after = Math.ceil(Date.now() / 1000) * 1000; // the date is in whole seconds, rounded up
    assert.match(date, /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const at = Date.parse(date);
    assert.ok(at >= before + 30_000 && at <= after + 30_000, `30 s after the sandbox answered: ${date}`);
    assert.equal((await fault('status=429,retry-after=none')).headers['retry-after'], undefined);
    assert.equal((await fault('status=500,retry-after=2')).headers['retry-after'], '2');
  });

  it('times=<n> injects the status into the first n requests with the same header only', async () => {
    const id = `times-${Date.now()}`;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fault(`status=503,retry-after=0,times=2,id=${id}`)).status);
    assert.deepEqual(statuses, [503, 503, 200, 200]);
    assert.equal(
      (await fault(`status=503,retry-after=0,times=2,id=${id}-other`)).status,
      503,
      'another id counts apart',
    );
  });

  for (const [directives, message] of [
    ['retry-after=5', /"retry-after" shapes an injected status: add status=<code>/],
    ['times=1', /"times" shapes an injected status/],
    ['status=429,retry-after=soon', /"retry-after" needs seconds from 0 to 86400/],
    ['status=429,times=0', /"times" needs a count from 1 to 1000/],
    ['status=429,id=', /"id" needs a value/],
  ] as const)
    it(`refuses ${directives} with a 400 that says why`, async () => {
      const res = await fault(directives);
      assert.match(assertProblem(res, 400).detail, message);
    });

  it('malformed-json answers 200 application/json that does not parse', async () => {
    const res = await fault('malformed-json');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.throws(() => JSON.parse(res.text), SyntaxError);
  });

  for (const bytes of [2, 11, 12, 139, 140, 141, 268, 269, 5 * 1024 * 1024 + 7]) {
    it(`large-body=${bytes} sends exactly that many bytes of valid JSON`, async () => {
      const res = await fault(`large-body=${bytes}`, bearer(token, { 'accept-encoding': 'gzip, br' }));
      assert.equal(res.status, 200);
      assert.equal(res.raw.length, bytes);
      assert.equal(Number(res.headers['content-length']), bytes);
      assert.equal(res.headers['content-encoding'], undefined);
      const body = JSON.parse(res.text);
      if (bytes >= 12) {
        assert.ok(Array.isArray(body.items));
      }
      if (bytes > 1024 * 1024) {
        assert.ok(body.items.length > 30_000);
        assert.equal(body.items[1].index, '00000001');
      }
    });
  }

  it('slow-body=<ms> sends the headers first and holds the body back', async () => {
    // Held for the longest delay the directive takes: the headers arriving at all shows they did not wait for it.
    const own = await startSandbox();
    try {
      const ownToken = await getToken(own.url);
      const res = await request(own.url + LIST, {
        headers: { ...bearer(ownToken), 'x-sandbox-fault': 'slow-body=600000' },
      });
      assert.equal(res.statusCode, 200);
      assert.ok(Number(res.headers['content-length']) > 0, 'the headers announce the body');
      let received = 0;
      const body = (async () => {
        for await (const chunk of res.body) received += (chunk as Buffer).length;
        return 'ended';
      })().catch(() => 'cut off');
      // Closing the sandbox cuts the held response: the body was still being held back.
      await own.close();
      assert.equal(await body, 'cut off');
      assert.equal(received, 0, 'no byte of the body came before the delay');
    } finally {
      await own.close();
    }
  });

  it('slow-body=<ms> sends the body after the delay', async () => {
    const started = performance.now();
    const res = await request(sb.url + LIST, { headers: { ...bearer(token), 'x-sandbox-fault': 'slow-body=400' } });
    const body = await res.body.json();
    const bodyAt = performance.now() - started;
    assert.equal(res.statusCode, 200);
    // A lower bound (the sandbox takes no clock to fake): load only makes it longer.
    assert.ok(bodyAt >= 390, `body after ${bodyAt}ms`);
    assert.ok(Array.isArray((body as { items: unknown[] }).items));
  });

  it('combines directives: latency with status', async () => {
    const started = performance.now();
    assertProblem(await fault('latency=150,status=503'), 503);
    assert.ok(performance.now() - started >= 140, 'waited the latency (a lower bound)');
  });

  it('still requires a valid token for every fault but reset', async () => {
    for (const directive of ['status=500', 'malformed-json', 'large-body=100', 'latency=10']) {
      assertProblem(await fault(directive, {}), 401);
    }
  });

  const bad: Array<[string, RegExp]> = [
    ['explode', /unknown directive "explode"/],
    ['status=200', /between 400 and 599/],
    ['latency=soon', /milliseconds/],
    ['large-body=1', /bytes/],
    ['status=500,malformed-json', /only one/],
  ];
  for (const [directives, message] of bad) {
    it(`refuses "${directives}" with a 400 that explains the directives`, async () => {
      assert.match(assertProblem(await fault(directives), 400).detail, message);
    });
  }

  it('adds the latencyMs option to every API response, not to utilities', async () => {
    const slow = await startSandbox({ latencyMs: 250 });
    try {
      const started = performance.now();
      assertProblem(await call(slow.url + LIST), 401);
      // A lower bound (the sandbox takes no clock to fake): load only makes it longer.
      assert.ok(performance.now() - started >= 240);
    } finally {
      await slow.close();
    }
    // Order, not time: with the longest latency, a utility answers while an API call started before it is held.
    const held = await startSandbox({ latencyMs: 600_000 });
    try {
      let api: 'held' | 'answered' | 'cut off' = 'held';
      const pending = call(held.url + LIST).then(
        () => (api = 'answered'),
        () => (api = 'cut off'),
      );
      await waitUntil(() => held.stats().apiRequests === 1);
      assert.equal((await call(`${held.url}/__sandbox/health`)).status, 200);
      assert.equal(api, 'held', 'the API call is still held when the utility has answered');
      await held.close();
      await pending;
      assert.equal(api, 'cut off');
    } finally {
      await held.close();
    }
  });
});

describe('sandbox: utilities and stats', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb.close());

  it('health answers 200', async () => {
    const res = await call(`${sb.url}/__sandbox/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  it('redirects to the given URL with the given status', async () => {
    const cases: Array<[string, number, string]> = [
      ['to=/__sandbox/health', 302, '/__sandbox/health'],
      [`to=${encodeURIComponent('https://example.invalid/x?y=1')}&status=307`, 307, 'https://example.invalid/x?y=1'],
      ['to=/a&status=308', 308, '/a'],
    ];
    for (const [query, status, location] of cases) {
      const res = await call(`${sb.url}/__sandbox/redirect?${query}`);
      assert.equal(res.status, status);
      assert.equal(res.headers.location, location);
    }
    assertProblem(await call(`${sb.url}/__sandbox/redirect`), 400);
    assertProblem(await call(`${sb.url}/__sandbox/redirect?to=/a&status=200`), 400);
  });

  it('echoes the request but never a credential', async () => {
    const token = await getToken(sb.url);
    const res = await call(`${sb.url}/__sandbox/echo?a=1&a=2&b=x`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        cookie: 'session=abc',
        'x-custom': 'yes',
        'content-type': 'text/plain',
      },
      body: 'hello',
    });
    assert.equal(res.status, 200);
    assert.ok(
      !res.text.includes(token) && !res.text.includes(token.split('.')[2]) && !res.text.includes('session=abc'),
    );
    const echo = res.json();
    assert.deepEqual(
      [echo.method, echo.path, echo.query, echo.body],
      ['PUT', '/__sandbox/echo', { a: ['1', '2'], b: 'x' }, 'hello'],
    );
    assert.equal(echo.headers.authorization, 'present');
    assert.equal(echo.headers.cookie, 'present');
    assert.equal(echo.headers['x-custom'], 'yes');
  });

  it('answers 404 for an unknown utility and 405 for a wrong method', async () => {
    assertProblem(await call(`${sb.url}/__sandbox/nothing`), 404);
    assertProblem(await call(`${sb.url}/__sandbox/health`, { method: 'DELETE' }), 405);
    assertProblem(await call(`${sb.url}/__sandbox/reset-stats`), 405);
  });

  it('counts tokens, API requests, 401s, 403s, connections and paths', async () => {
    const own = await startSandbox();
    const agent = new Agent({ connections: 1 });
    try {
      const get = async (path: string, headers: Record<string, string> = {}, method = 'GET') => {
        const res = await request(own.url + path, { method: method as 'GET', headers, dispatcher: agent });
        await res.body.text();
        return res.statusCode;
      };
      const tokenPath = '/authentication/token/demo-bank/demo-label';
      const ok = await request(own.url + tokenPath, {
        headers: { authorization: basic('demo-client', SANDBOX_CLIENT_SECRET) },
        dispatcher: agent,
      });
      const token = ((await ok.body.json()) as { access_token: string }).access_token;
      assert.equal(await get(tokenPath, { authorization: basic('demo-client', 'wrong') }), 401);
      const limited = await request(own.url + tokenPath, {
        headers: { authorization: basic('limited-client', 'limited-secret-change-me') },
        dispatcher: agent,
      });
      const limitedToken = ((await limited.body.json()) as { access_token: string }).access_token;
      const parties = await request(own.url + LIST, { headers: bearer(token), dispatcher: agent });
      const id = ((await parties.body.json()) as { items: Array<{ referenceId: string }> }).items[0].referenceId;
      assert.equal(await get(`${LIST}/${id}`, bearer(token)), 200);
      assert.equal(await get(`${LIST}/00000000-0000-4000-8000-000000000000`, bearer(token)), 404);
      assert.equal(await get(LIST), 401);
      assert.equal(await get(`/collateral-management/counterparties/${id}/collaterals`, bearer(limitedToken)), 403);
      assert.equal(await get('/__sandbox/health'), 200);

      const stats = own.stats();
      assert.deepEqual(
        { ...stats, requestsByPath: undefined },
        {
          tokenRequests: 3,
          tokensIssued: 2,
          apiRequests: 5,
          unauthorized: 2,
          forbidden: 1,
          rateLimited: 0,
          connections: 1,
          requestsByPath: undefined,
          tokensIssuedBy: { 'demo-client demo-bank/demo-label': 1, 'limited-client demo-bank/demo-label': 1 },
        },
      );
      assert.deepEqual(stats.requestsByPath, {
        'GET /authentication/token/{brokerKey}/{labelReferenceId}': 3,
        'GET /counterparty-management/counterparties': 2,
        'GET /counterparty-management/counterparties/{id}': 2,
        'GET /collateral-management/counterparties/{id}/collaterals': 1,
        'GET /__sandbox/health': 1,
      });
      const overHttp = (await request(`${own.url}/__sandbox/stats`, { dispatcher: agent }).then((r) =>
        r.body.json(),
      )) as { apiRequests: number; requestsByPath: Record<string, number> };
      assert.equal(overHttp.apiRequests, 5);
      assert.equal(overHttp.requestsByPath['GET /__sandbox/stats'], 1);

      own.resetStats();
      assert.deepEqual(own.stats(), {
        tokenRequests: 0,
        tokensIssued: 0,
        apiRequests: 0,
        unauthorized: 0,
        rateLimited: 0,
        forbidden: 0,
        connections: 0,
        requestsByPath: {},
        tokensIssuedBy: {},
      });
      await get(LIST);
      assert.equal(await get('/__sandbox/reset-stats', {}, 'POST'), 204);
      assert.equal(own.stats().apiRequests, 0);
    } finally {
      await agent.close();
      await own.close();
    }
  });
});

describe('sandbox: lifecycle', () => {
  it('close() resolves promptly with an open keep-alive connection and a pending slow request', async () => {
    const sb = await startSandbox();
    const agent = new Agent({ keepAliveTimeout: 60_000 });
    try {
      const res = await request(`${sb.url}/__sandbox/health`, { dispatcher: agent });
      await res.body.text();
      const token = await getToken(sb.url);
      const pending = request(sb.url + LIST, {
        headers: { ...bearer(token), 'x-sandbox-fault': 'latency=600000' },
        dispatcher: agent,
      }).catch((e: Error) => e);
      await waitUntil(() => sb.stats().apiRequests === 1);
      // The request is held for ten minutes and the connection kept alive for one: close() resolving within the
      // test's timeout shows it waits for neither, and the held request is cut off, not answered.
      await sb.close();
      assert.ok((await pending) instanceof Error);
      await sb.close();
    } finally {
      await agent.destroy();
    }
  });

  it('serves 200 concurrent requests', async () => {
    const sb = await startSandbox();
    try {
      const token = await getToken(sb.url);
      const statuses = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          call(`${sb.url}${LIST}?offset=${i % 5}&limit=1`, { headers: bearer(token) }).then((r) => r.status),
        ),
      );
      assert.deepEqual(new Set(statuses), new Set([200]));
      assert.equal(sb.stats().apiRequests, 200);
    } finally {
      await sb.close();
    }
  });

  it('refuses bad options with a clear error', async () => {
    await assert.rejects(startSandbox({ port: -1 }), /port/);
    await assert.rejects(startSandbox({ tokenTtlSeconds: 0 }), /tokenTtlSeconds/);
    await assert.rejects(startSandbox({ tokenResponseForm: 'xml' as never }), /tokenResponseForm/);
    const sb = await startSandbox();
    try {
      await assert.rejects(startSandbox({ port: sb.port }), /already in use/);
    } finally {
      await sb.close();
    }
  });
});

describe('sandbox: main.ts', () => {
  const run = (args: string[]) =>
    spawn(process.execPath, ['--require', 'tsx/cjs', 'src/sandbox/main.ts', ...args], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('prints a URL that answers /__sandbox/health and the demo credentials, and stops on SIGTERM', async function () {
    this.timeout(30_000);
    const child = run(['--port', '0', '--token-ttl', '60']);
    let out = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match && out.includes('Ctrl+C')) {
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    try {
      assert.match(out, /demo-bank/);
      assert.match(out, /demo-client \/ demo-secret-change-me/);
      const res = await call(`${url}/__sandbox/health`);
      assert.equal(res.status, 200);
      const claims = decodeJwtPart(await getToken(url), 1);
      assert.equal(claims.exp - claims.iat, 60);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });

  it('exits 2 with a clear message for a bad flag', async function () {
    this.timeout(30_000);
    const child = run(['--port', '0', '--bogus']);
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (err += c));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(err, /Unknown option "--bogus".*--help/);
  });

  const badArgs: Array<[string[], RegExp]> = [
    [['--port', 'abc'], /--port needs a port number/],
    [['--port', '70000'], /--port/],
    [['--port'], /--port/],
    [['--token-ttl', '0'], /--token-ttl needs/],
    [['--latency', '-5'], /--latency needs/],
    [['--token-form', 'xml'], /--token-form needs one of access_token/],
    [['--rate-limit', '5'], /--rate-limit needs <requests>\/<seconds>/],
    [['--rate-limit', '0/10'], /--rate-limit needs/],
    [['--daily-quota', '0'], /--daily-quota needs a number of requests per client and UTC day/],
    [['--migration-reads', 'x'], /--migration-reads needs a number of reads from 1 to 1000/],
  ];
  for (const [args, message] of badArgs) {
    it(`parses ${args.join(' ')} as an error naming the flag`, () => {
      const parsed = parseSandboxArgs(args);
      assert.equal(parsed.kind, 'error');
      assert.match(parsed.kind === 'error' ? parsed.message : '', message);
    });
  }

  it('parses good flags, in both --flag value and --flag=value forms', () => {
    assert.deepEqual(
      parseSandboxArgs(['--port', '8080', '--token-ttl=60', '--latency', '25', '--token-form', 'text', '--quiet']),
      {
        kind: 'run',
        options: { quiet: true, port: 8080, tokenTtlSeconds: 60, latencyMs: 25, tokenResponseForm: 'text' },
      },
    );
    assert.deepEqual(parseSandboxArgs([]), { kind: 'run', options: { quiet: false } });
    assert.deepEqual(parseSandboxArgs(['--rate-limit', '5/10s', '--daily-quota=500', '--migration-reads', '4']), {
      kind: 'run',
      options: { quiet: false, rateLimit: { requests: 5, windowSeconds: 10 }, dailyQuota: 500, migrationReads: 4 },
    });
    assert.deepEqual(parseSandboxArgs(['--port', '1', '--help']), { kind: 'help' });
    assert.match(USAGE, /--token-ttl/);
    assert.match(USAGE, /limited-client \/ limited-secret-change-me/);
  });
});
