import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ResponseModel, RunResult } from '../../src/contract/response';
import type { EngineEvent } from '../../src/core/engine';
import { eventLine } from '../../src/core/text/eventLine';
import { runCell } from '../../src/core/run/run';
import { usesTokens } from '../../src/core/environments/environment';
import { SANDBOX_CREDENTIALS, sandboxEnvironment } from '../../src/core/environments/sandboxEnvironment';
import { requestToken } from '../../src/core/auth/tokenRequest';
import { tokenTarget } from '../../src/core/auth/token';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { coreContext, recordingServer } from './core-harness';
import { COMMANDS } from '../../src/contract/ids';

const LIST = 'GET: /counterparty-management/counterparties\nquery: { limit: 2 }';

function response(r: RunResult): ResponseModel {
  assert.equal(r.kind, 'response', JSON.stringify(r));
  return r as ResponseModel;
}

describe('core end to end against the sandbox', () => {
  let sandbox: Sandbox;
  const produced: string[] = [];
  const tokens: string[] = [];
  before(async () => (sandbox = await startSandbox()));
  after(async () => {
    // Every string the core produced in this file, scanned once for the secret and every token issued.
    const all = produced.join('\n');
    assert.ok(tokens.length > 0);
    for (const t of tokens) assert.ok(!all.includes(t), 'a token leaked into a result');
    assert.ok(!all.includes(SANDBOX_CREDENTIALS.clientSecret), 'the secret leaked');
    assert.ok(
      !all.includes(
        Buffer.from(`${SANDBOX_CREDENTIALS.clientId}:${SANDBOX_CREDENTIALS.clientSecret}`).toString('base64'),
      ),
    );
    await sandbox.close();
  });
  beforeEach(() => sandbox.resetStats());

  async function run(text: string, c = coreContext(sandbox.url)) {
    const out = await runCell(text, c.ctx);
    produced.push(JSON.stringify(out.result));
    tokens.push(...c.issued.map((t) => t.token));
    return out.result;
  }

  it('runs a request with a token and builds the response model', async () => {
    const r = response(await run(`${LIST}\nexpect:\n  status: 200\n  body:\n    $.items: { length: 2 }`));
    assert.equal(r.status, 200);
    assert.equal(r.outcome, 'passed');
    assert.equal(r.request.tokenAttached, true);
    assert.deepEqual(
      r.request.headers.find(([n]) => n === 'authorization'),
      ['authorization', 'Bearer ‹redacted›'],
    );
    assert.deepEqual(
      r.request.headers.find(([n]) => n === 'accept'),
      ['accept', 'application/json;api-version=2025.1.0'],
    );
    assert.ok(r.timings.totalMs >= r.timings.ttfbMs && r.timings.ttfbMs > 0);
    assert.equal(sandbox.stats().tokenRequests, 1);
  });

  it('tells listeners about each request and token, redacted', async () => {
    const c = coreContext(sandbox.url);
    const events: EngineEvent[] = [];
    c.engine.onEvent((e) => events.push(e));
    await run(LIST, c);
    await run('GET: http://127.0.0.1:1/nothing-listens-here', c);
    assert.deepEqual(
      events.map((e) => (e.kind === 'token' ? `token ${e.action}` : `request ${e.method} ${e.status ?? 'none'}`)),
      ['token requested', 'token received', 'request GET 200', 'request GET none'],
    );
    const [, , ok, failed] = events;
    assert.ok(ok.kind === 'request' && ok.tokenAttached && ok.bytes > 0 && ok.url.endsWith('/counterparties?limit=2'));
    assert.ok(failed.kind === 'request' && /refused/i.test(failed.error ?? ''));
    const text = JSON.stringify(events);
    for (const t of c.issued) assert.ok(!text.includes(t.token));
  });

  it('tells listeners about the token that verifies credentials, and about a refusal, redacted', async () => {
    const c = coreContext(sandbox.url);
    const events: EngineEvent[] = [];
    c.engine.onEvent((e) => events.push(e));
    const env = sandboxEnvironment(sandbox.url);
    assert.ok(usesTokens(env));
    const target = tokenTarget(env);
    const token = await c.engine.verifyCredentials(target, SANDBOX_CREDENTIALS);
    await assert.rejects(
      c.engine.verifyCredentials(target, {
        clientId: SANDBOX_CREDENTIALS.clientId,
        clientSecret: 'wrong-secret-value',
      }),
    );
    assert.deepEqual(
      events.map((e) => (e.kind === 'token' ? `${e.action} ${e.clientId}` : e.kind)),
      ['requested demo-client', 'received demo-client', 'requested demo-client', 'failed demo-client'],
    );
    const failed = events[3];
    assert.ok(failed.kind === 'token' && /refused/.test(failed.reason ?? ''), JSON.stringify(failed));
    // Authenticate verifies one client of the file: its events name it like the run's own token events do.
    const named: EngineEvent[] = [];
    c.engine.onEvent((e) => named.push(e));
    await c.engine.verifyCredentials(tokenTarget(env, 'second-label', 'onboarding'), SANDBOX_CREDENTIALS);
    assert.deepEqual(
      named.map((e) => e.kind === 'token' && `${e.action} ${e.client} ${e.labelReferenceId}`),
      ['requested onboarding second-label', 'received onboarding second-label'],
    );
    assert.match(eventLine(named[0]).text, /^\[sandbox · client onboarding · label second-label\] token requested/);
    const text = JSON.stringify(events);
    for (const secret of [token.token, SANDBOX_CREDENTIALS.clientSecret, 'wrong-secret-value'])
      assert.ok(!text.includes(secret), `an event holds ${secret.slice(0, 4)}…`);
    await c.close();
  });

  it('makes one token request for 100 concurrent calls', async () => {
    const c = coreContext(sandbox.url);
    const results = await Promise.all(Array.from({ length: 100 }, () => run(LIST, c)));
    assert.ok(results.every((r) => r.kind === 'response' && r.status === 200));
    assert.equal(sandbox.stats().tokenRequests, 1);
    assert.equal(sandbox.stats().apiRequests, 100);
    await c.close();
  });

  it('renews a 2-second token ahead of expiry with zero failed calls', async () => {
    const short = await startSandbox({ tokenTtlSeconds: 2 });
    const c = coreContext(short.url);
    try {
      const end = Date.now() + 5500;
      let calls = 0;
      while (Date.now() < end) {
        const r = await run(LIST, c);
        assert.ok(r.kind === 'response' && r.status === 200, `call ${calls} failed: ${JSON.stringify(r)}`);
        calls++;
        await new Promise((res) => setTimeout(res, 50));
      }
      assert.equal(short.stats().unauthorized, 0, 'no call met an expired token');
      assert.ok(short.stats().tokenRequests >= 3, `renewed ${short.stats().tokenRequests} times over ${calls} calls`);
    } finally {
      await c.close();
      await short.close();
    }
  });

  it('drops a refused token and retries exactly once on 401', async () => {
    const other = await startSandbox();
    let n = 0;
    // First a token the API will refuse (signed by another sandbox), then a good one.
    const c = coreContext(sandbox.url, {
      fetch: async (target, creds) =>
        requestToken(n++ === 0 ? { ...target, baseUrl: other.url, origin: other.url } : target, creds, {
          http: c.http,
        }),
    });
    try {
      const r = response(await run(LIST, c));
      assert.equal(r.status, 200);
      assert.equal(sandbox.stats().unauthorized, 1);
      assert.equal(sandbox.stats().apiRequests, 2);
      assert.ok(r.notes.some((x) => /refused the token \(401\)/.test(x)));
      // A token refused twice is shown as the 401, without a third attempt.
      sandbox.resetStats();
      const always = coreContext(sandbox.url, {
        fetch: (target, creds) =>
          requestToken({ ...target, baseUrl: other.url, origin: other.url }, creds, {
            http: always.http,
          }),
      });
      const denied = response(await run(LIST, always));
      assert.equal(denied.status, 401);
      assert.equal(sandbox.stats().apiRequests, 2);
      assert.equal(denied.problem?.status, 401);
      await always.close();
    } finally {
      await c.close();
      await other.close();
    }
  });

  it('shows a 403 with its problem detail, and a 406 for an unknown api-version', async () => {
    // The cell names a client that is not granted the domain: the API answers 403.
    const forbidden = response(await run('client: onboarding\nGET: /migration-assistance/migrations'));
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.outcome, 'failed');
    assert.match(forbidden.problem?.detail ?? '', /migration-assistance/);
    const expected = response(
      await run('client: onboarding\nGET: /migration-assistance/migrations\nexpect: { status: 403 }'),
    );
    assert.equal(expected.outcome, 'passed');
    const version = response(await run(`${LIST}\napiVersion: 2019.1.0`));
    assert.equal(version.status, 406);
  });

  it('never sends the token to another origin, and says so', async () => {
    const other = await recordingServer();
    try {
      const r = response(await run(`GET: ${other.url}/elsewhere`));
      assert.equal(r.status, 200);
      assert.equal(other.requests.length, 1);
      assert.equal(other.requests[0].headers.authorization, undefined);
      assert.equal(r.request.tokenAttached, false);
      assert.ok(r.notes.some((n) => /No token sent/.test(n)));
      assert.equal(sandbox.stats().tokenRequests, 0);
    } finally {
      await other.close();
    }
  });

  it('does not follow a redirect to another origin, so Authorization never reaches it', async () => {
    const other = await recordingServer();
    try {
      // /__sandbox is no API domain: the cell names the client whose token goes along.
      const r = response(
        await run(`client: onboarding\nGET: /__sandbox/redirect?to=${encodeURIComponent(`${other.url}/steal`)}`),
      );
      assert.equal(r.status, 302);
      assert.equal(other.requests.filter((q) => q.headers.authorization).length, 0);
      assert.ok(r.notes.some((n) => /was not followed/.test(n)));
      const same = response(
        await run(
          `client: onboarding\nGET: /__sandbox/redirect?to=${encodeURIComponent('/counterparty-management/counterparties?limit=1')}`,
        ),
      );
      assert.equal(same.status, 200, 'a same-origin redirect is followed with the token');
      assert.ok(same.notes.some((n) => /Followed redirect 302/.test(n)));
    } finally {
      await other.close();
    }
  });

  it('cancels a slow request through the AbortSignal', async () => {
    const ac = new AbortController();
    const c = coreContext(sandbox.url, { signal: ac.signal });
    // Aborted once the request is at the sandbox, which holds it for ten minutes: a result within the test's
    // timeout shows the request in flight was given up, not waited for.
    let ended = false;
    const reached = (async () => {
      while (!ended && sandbox.stats().apiRequests === 0) await new Promise((res) => setTimeout(res, 5));
      ac.abort();
    })();
    const r = await run(`${LIST}\nheaders: { X-Sandbox-Fault: latency=600000 }`, c);
    ended = true;
    await reached;
    assert.ok(r.kind === 'failure' && r.category === 'cancelled', JSON.stringify(r));
    assert.equal(sandbox.stats().apiRequests, 1, 'sent once, then cancelled in flight');
    await c.close();
  });

  it('one cancel ends every request in flight under its signal, after others under it have finished', async () => {
    const ac = new AbortController();
    const c = coreContext(sandbox.url, { signal: ac.signal });
    assert.equal((await run(LIST, c)).kind, 'response', 'a request that finished before the cancel');
    const slow = `${LIST}\nheaders: { X-Sandbox-Fault: latency=5000 }`;
    const pending = [run(slow, c), run(slow, c)];
    setTimeout(() => ac.abort(), 300);
    for (const r of await Promise.all(pending))
      assert.ok(r.kind === 'failure' && r.category === 'cancelled', JSON.stringify(r));
    const after = await runCell(LIST, { ...c.ctx, signal: new AbortController().signal });
    assert.equal(after.result.kind, 'response', 'the next run on the same engine is not cancelled');
    await c.close();
  });

  it('times out with a message that says how to give it longer', async () => {
    const r = await run(`${LIST}\ntimeout: 400ms\nheaders: { X-Sandbox-Fault: latency=3000 }`);
    assert.ok(
      r.kind === 'failure' &&
        r.category === 'timeout' &&
        /within 0\.4 s/.test(r.message) &&
        /timeout:/.test(r.hint ?? ''),
      JSON.stringify(r),
    );
    const slowBody = await run(`${LIST}\ntimeout: 500ms\nheaders: { X-Sandbox-Fault: slow-body=3000 }`);
    assert.ok(slowBody.kind === 'failure' && slowBody.category === 'timeout', JSON.stringify(slowBody));
  });

  it('reports a connection reset and a refused connection as network failures', async () => {
    const reset = await run(`${LIST}\nheaders: { X-Sandbox-Fault: reset }`);
    assert.ok(reset.kind === 'failure' && reset.category === 'network', JSON.stringify(reset));
    const refused = await run('GET: http://127.0.0.1:9/nothing\nauth: none');
    assert.ok(
      refused.kind === 'failure' && refused.category === 'network' && /refused/.test(refused.message),
      JSON.stringify(refused),
    );
  });

  it('refuses a server whose certificate cannot be verified, with a TLS failure that says what to do', async () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'tls');
    const server = https.createServer(
      { key: readFileSync(path.join(dir, 'self-signed.key')), cert: readFileSync(path.join(dir, 'self-signed.crt')) },
      (_req, res) => res.end('{}'),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const r = await run(`GET: https://127.0.0.1:${(server.address() as AddressInfo).port}/x\nauth: none`);
      assert.ok(
        r.kind === 'failure' &&
          r.category === 'tls' &&
          /could not be verified/.test(r.message) &&
          /never disable verification/.test(r.hint ?? ''),
        JSON.stringify(r),
      );
    } finally {
      server.close();
    }
  });

  it('shows malformed JSON as text and fails body assertions with a clear message', async () => {
    const r = response(
      await run(
        `${LIST}\nheaders: { X-Sandbox-Fault: malformed-json }\nexpect:\n  body:\n    $.items: { exists: true }`,
      ),
    );
    assert.equal(r.status, 200);
    assert.equal(r.body.view, 'json');
    assert.throws(() => JSON.parse(r.body.text));
    assert.equal(r.outcome, 'failed');
    assert.ok(
      r.assertions.some((a) => !a.passed && /not JSON/.test(a.message)),
      JSON.stringify(r.assertions),
    );
  });

  it('caps a 50 MB body in bounded memory and reports its full size', async () => {
    const c = coreContext(sandbox.url, { limits: { maxBodyBytes: 1024 * 1024, previewBytes: 256 * 1024 } });
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const r = response(await run(`${LIST}\nheaders: { X-Sandbox-Fault: large-body=52428800 }`, c));
    clearInterval(sampler);
    assert.equal(r.body.size, 52_428_800);
    assert.equal(r.body.truncated, true);
    assert.ok(r.body.text.length <= 256 * 1024);
    assert.ok(r.notes.some((n) => /only the first 1048576 bytes are kept/.test(n)));
    assert.ok(
      peak - base < 45 * 1024 * 1024,
      `memory grew by ${Math.round((peak - base) / 1048576)} MB for a 50 MB body`,
    );
    await c.close();
  });

  it('decodes brotli and gzip bodies', async () => {
    const c = coreContext(sandbox.url);
    for (let i = 0; i < 15; i++)
      response(await run(`POST: /counterparty-management/counterparties\nbody: { name: Compression ${i} }`, c));
    for (const [encoding, header] of [
      ['br', ''],
      ['gzip', '\nheaders: { Accept-Encoding: gzip }'],
    ]) {
      const r = response(await run(`GET: /counterparty-management/counterparties\nquery: { limit: 50 }${header}`, c));
      assert.ok(
        r.headers.some(([n, v]) => n === 'content-encoding' && v === encoding),
        `the body came ${encoding}-encoded`,
      );
      assert.ok(JSON.parse(r.body.text).items.length >= 15);
    }
  });

  it('chains named responses and sends jsonl bodies', async () => {
    const c = coreContext(sandbox.url);
    response(await run('name: party\nPOST: /counterparty-management/counterparties\nbody: { name: Chain Test }', c));
    const got = response(
      await run(
        'GET: /counterparty-management/counterparties/{{party.body.referenceId}}\nexpect:\n  body:\n    $.name: Chain Test',
        c,
      ),
    );
    assert.equal(got.outcome, 'passed');
    const bulk = response(
      await run(
        'name: bulk\nPOST: /counterparty-management/counterparties/bulk\nlines:\n  - { name: A }\n  - { name: B }',
        c,
      ),
    );
    assert.equal(bulk.body.view, 'jsonl');
    assert.equal(bulk.body.text.trim().split('\n').length, 2);
    assert.equal(c.ctx.responses.get('bulk')?.bodyIsJson, true);
  });

  it('refuses to send a mutating request to a protected environment without confirmation', async () => {
    const c = coreContext(sandbox.url);
    c.ctx.environment = { ...c.ctx.environment, name: 'guarded', protected: true, protectedReason: 'test' };
    const refused = await run('POST: /counterparty-management/counterparties\nbody: { name: X }', c);
    assert.ok(refused.kind === 'failure' && refused.category === 'blocked');
    assert.equal(sandbox.stats().apiRequests, 0);
    c.ctx.hooks = { confirm: async () => true };
    assert.equal(
      response(await run('POST: /counterparty-management/counterparties\nbody: { name: X }', c)).status,
      201,
    );
    assert.equal(
      response(await run(LIST, { ...c, ctx: { ...c.ctx, hooks: { confirm: async () => false } } })).status,
      200,
      'GET needs no confirmation',
    );
  });

  it('says "not signed in" and sends nothing when credentials are missing or refused', async () => {
    const missing = await run(
      LIST,
      coreContext(sandbox.url, {
        credentials: async () => ({ kind: 'missing' }),
        authenticateAction: (e) => ({
          title: 'Authenticate',
          command: COMMANDS.authenticate,
          args: [{ environment: e.name }],
        }),
      }),
    );
    assert.ok(
      missing.kind === 'failure' &&
        missing.category === 'not-signed-in' &&
        missing.action?.command === COMMANDS.authenticate,
    );
    const wrong = await run(
      LIST,
      coreContext(sandbox.url, {
        credentials: async () => ({
          kind: 'ok',
          credentials: { clientId: 'demo-client', clientSecret: 'not-the-secret' },
        }),
      }),
    );
    assert.ok(
      wrong.kind === 'failure' &&
        wrong.category === 'credentials' &&
        /refused for demo-bank\/demo-label on 127\.0\.0\.1/.test(wrong.message),
      JSON.stringify(wrong),
    );
    assert.equal(sandbox.stats().apiRequests, 0);
  });
});
