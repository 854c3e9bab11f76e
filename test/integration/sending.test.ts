import assert from 'node:assert/strict';
import type { FailureModel, ResponseModel, RunResult } from '../../src/contract/response';
import type { EngineEvent, RequestAsk } from '../../src/core/engine';
import { formatResultText } from '../../src/core/text/plainText';
import { runCell } from '../../src/core/run/run';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { coreContext } from './core-harness';
import { startRecordingServer } from './recording-server';

/**
 * Sending at scale against the real sandbox: pages merged, 429/503 retried after Retry-After on safe methods only,
 * polling until a state changes, budgets asked before anything is sent, pacing, and cancel during every wait.
 */
function response(r: RunResult): ResponseModel {
  assert.equal(r.kind, 'response', JSON.stringify(r));
  return r as ResponseModel;
}

function failure(r: RunResult): FailureModel {
  assert.equal(r.kind, 'failure', JSON.stringify(r));
  return r as FailureModel;
}

const PARTIES = '/counterparty-management/counterparties';
const FAULT_429 = (extra = '') => `X-Sandbox-Fault: "status=429,retry-after=1,times=1,id={{$uuid}}${extra}"`;

describe('sending at scale: pages, retries, polling, budgets, pacing', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  before(async () => (sandbox = await startSandbox()));
  after(() => sandbox.close());
  beforeEach(() => sandbox.resetStats());

  async function run(text: string, c = coreContext(sandbox.url)) {
    try {
      return (await runCell(text, c.ctx)).result;
    } finally {
      await c.close();
    }
  }

  /** 245 more counterparties for `label`, beside its 5 seeded ones: a list of 250. */
  async function makeList(label: string) {
    const lines = Array.from({ length: 245 }, (_, i) => `  - { name: "Party ${i + 1}" }`).join('\n');
    const r = response(await run(`label: ${label}\nPOST: ${PARTIES}/bulk\nlines:\n${lines}`));
    assert.equal(r.status, 200, r.body.text.slice(0, 300));
  }

  it('pages through 250 items in pages of 100: 3 requests, 250 merged items in the body and the named response', async () => {
    await makeList('second-label');
    sandbox.resetStats();
    const c = coreContext(sandbox.url);
    const out = await runCell(
      `name: all\nlabel: second-label\nGET: ${PARTIES}\npaginate: { limit: 100, maxPages: 20 }\nexpect:\n  status: 200\n  body:\n    $.items: { length: 250 }\n    $.total: 250`,
      c.ctx,
    );
    await c.close();
    const r = response(out.result);
    assert.equal(r.outcome, 'passed', JSON.stringify(r.assertions));
    assert.equal(sandbox.stats().requestsByPath[`GET ${PARTIES}`], 3);
    assert.equal(r.sequence?.kind, 'pages');
    assert.equal(r.sequence?.requests, 3);
    assert.equal(r.sequence?.items, 250);
    assert.deepEqual(
      r.sequence?.exchanges.map((e) => [e.label, e.status, e.items]),
      [
        ['page 1', 200, 100],
        ['page 2', 200, 100],
        ['page 3', 200, 50],
      ],
    );
    assert.match(r.sequence!.summary, /^3 pages · 250 items \(total 250\)$/);
    const body = JSON.parse(r.body.text) as { items: Array<{ name: string }>; total: number };
    assert.equal(body.items.length, 250);
    assert.equal(new Set(body.items.map((i) => i.name)).size, 250, 'no item twice');
    const named = out.named?.response.body as { items: unknown[] };
    assert.equal(named.items.length, 250);
    assert.match(r.request.url, /offset=0&limit=100$/);
  });

  it('fails at maxPages when the list goes on, saying how far it got', async () => {
    await makeList('demo-label');
    const r = response(await run(`GET: ${PARTIES}\npaginate: { limit: 100, maxPages: 2 }`));
    assert.equal(r.outcome, 'failed');
    const check = r.assertions.find((a) => a.target === 'maxPages');
    assert.ok(check && !check.passed);
    assert.match(check.message, /Stopped at maxPages 2 with 200 items of 25\d: the list goes on/);
  });

  it('a page that fails stops the sequence and shows which page and why', async () => {
    const r = response(
      await run(
        `GET: ${PARTIES}\nheaders:\n  X-Sandbox-Fault: "status=500,times=1,id={{$uuid}}"\npaginate: { limit: 2, maxPages: 5 }`,
      ),
    );
    assert.equal(r.outcome, 'failed');
    assert.equal(r.status, 500);
    assert.match(r.assertions[0].message, /^Page 1 \(offset 0\) failed: status 500 Internal Server Error is an error/);
    assert.equal(r.sequence?.exchanges.length, 1);
    assert.equal(r.sequence?.exchanges[0].ok, false);
  });

  it('a later page that fails stops the sequence there, and the output names that page', async () => {
    // One request a minute: page 1 passes, page 2 meets the rate limit; retries: 0 keeps it from waiting.
    const limited = await startSandbox({ rateLimit: { requests: 1, windowSeconds: 60 } });
    try {
      const r = response(
        await run(
          `GET: ${PARTIES}\nretries: 0\npaginate: { limit: 2, maxPages: 5 }\nexpect: { status: 200 }`,
          coreContext(limited.url),
        ),
      );
      assert.equal(r.outcome, 'failed');
      assert.equal(r.status, 429, 'the output is the failing page');
      assert.equal(limited.stats().requestsByPath[`GET ${PARTIES}`], 2, 'page 3 was not fetched');
      assert.deepEqual(
        r.sequence?.exchanges.map((e) => [e.label, e.status, e.ok]),
        [
          ['page 1', 200, true],
          ['page 2', 429, false],
        ],
      );
      assert.match(r.sequence!.summary, /^2 pages · 2 items \(total 5\) · stopped at page 2$/);
      const check = r.assertions.find((a) => !a.passed);
      assert.equal(check?.target, 'page 2');
      assert.match(
        check!.message,
        /^Page 2 \(offset 2\) failed: expected status 200 but it was 429\. The pages after it were not fetched\.$/,
      );
      assert.match(formatResultText(r), /Page 2 \(offset 2\) failed/);
    } finally {
      await limited.close();
    }
  });

  it('header expectations apply to every page: a later page whose header differs stops the sequence there', async () => {
    const ITEMS = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name }));
    const server = await startRecordingServer((req, res) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const offset = Number(q.get('offset'));
      const limit = Number(q.get('limit'));
      res.writeHead(200, { 'content-type': 'application/json', 'x-list-version': offset === 2 ? '7' : '6' });
      res.end(JSON.stringify({ items: ITEMS.slice(offset, offset + limit), total: ITEMS.length, offset, limit }));
    });
    try {
      const cell = (version: string) =>
        `GET: ${server.url}/list\nauth: none\npaginate: { limit: 2, maxPages: 5 }\nexpect:\n  status: 200\n  headers: { x-list-version: "${version}" }`;
      const r = response(await run(cell('6')));
      assert.equal(r.outcome, 'failed');
      assert.deepEqual(
        server.requests.map((q) => q.url),
        ['/list?offset=0&limit=2', '/list?offset=2&limit=2'],
        'page 3, whose header would pass again, was not fetched',
      );
      assert.deepEqual(
        r.sequence?.exchanges.map((e) => [e.label, e.status, e.ok]),
        [
          ['page 1', 200, true],
          ['page 2', 200, false],
        ],
      );
      assert.match(r.assertions.find((a) => !a.passed)!.message, /^Page 2 \(offset 2\) failed: .*x-list-version/);
      server.requests.length = 0;
      // Page 1 is checked too: expecting only page 2's value fails at page 1, and nothing more is fetched.
      const first = response(await run(cell('7')));
      assert.equal(first.outcome, 'failed');
      assert.equal(server.requests.length, 1);
      assert.match(first.assertions.find((a) => !a.passed)!.message, /^Page 1 \(offset 0\) failed: .*x-list-version/);
    } finally {
      await server.close();
    }
  });

  it('a 429 on GET waits for Retry-After and succeeds, and the output shows the wait', async () => {
    const events: EngineEvent[] = [];
    const c = coreContext(sandbox.url);
    c.engine.onEvent((e) => events.push(e));
    const out = await runCell(`GET: ${PARTIES}\nheaders:\n  ${FAULT_429()}\nexpect: { status: 200 }`, c.ctx);
    await c.close();
    const r = response(out.result);
    assert.equal(r.outcome, 'passed', JSON.stringify(r.assertions));
    assert.equal(r.status, 200);
    assert.equal(sandbox.stats().requestsByPath[`GET ${PARTIES}`], 2);
    assert.equal(r.sequence?.kind, 'retries');
    assert.deepEqual(
      r.sequence?.exchanges.map((e) => [e.label, e.status, e.waited?.ms]),
      [
        ['request', 429, undefined],
        ['retry 1', 200, 1000],
      ],
    );
    assert.match(
      r.sequence!.exchanges[0].detail!,
      /429 Too Many Requests, Retry-After: 1: waiting 1 s before retry 1 of 2/,
    );
    assert.ok(
      r.notes.some((n) => /waited 1 s before retry 1 of 2/.test(n)),
      r.notes.join('\n'),
    );
    assert.equal(events.filter((e) => e.kind === 'request').length, 2, 'each attempt is a request event (budgets)');
  });

  it('reads Retry-After as an HTTP date too', async () => {
    const r = response(
      await run(`GET: ${PARTIES}\nheaders:\n  ${FAULT_429().replace('retry-after=1', 'retry-after=date+1')}`),
    );
    assert.equal(r.status, 200);
    assert.equal(r.sequence?.exchanges.length, 2);
    assert.ok((r.sequence?.exchanges[1].waited?.ms ?? -1) >= 0);
  });

  it('a 429 on POST is not retried, and the output says why', async () => {
    const r = response(
      await run(`POST: ${PARTIES}\nheaders:\n  ${FAULT_429()}\nbody: { name: Jane Doe }\nexpect: { status: 201 }`),
    );
    assert.equal(r.status, 429);
    assert.equal(r.outcome, 'failed');
    assert.equal(sandbox.stats().requestsByPath[`POST ${PARTIES}`], 1);
    assert.equal(r.sequence, undefined);
    assert.ok(
      r.notes.some((n) => /^Not retried: POST can change data, so it is never sent again automatically/.test(n)),
      r.notes.join('\n'),
    );
  });

  it('gives up after `retries` and says so; retries: 0 sends once', async () => {
    const always = 'X-Sandbox-Fault: "status=503,retry-after=0"';
    const r = response(await run(`GET: ${PARTIES}\nretries: 1\nheaders:\n  ${always}`));
    assert.equal(r.status, 503);
    assert.equal(r.sequence?.requests, 2);
    assert.ok(r.notes.some((n) => /Gave up after 1 retry \(retries: 1\): still 503 Service Unavailable/.test(n)));
    sandbox.resetStats();
    const once = response(await run(`GET: ${PARTIES}\nretries: 0\nheaders:\n  ${always}`));
    assert.equal(sandbox.stats().requestsByPath[`GET ${PARTIES}`], 1);
    assert.ok(once.notes.some((n) => /Not retried: retries is 0/.test(n)));
  });

  it('does not wait longer than the cap: a long Retry-After is not retried', async () => {
    const r = response(
      await run(`GET: ${PARTIES}\ntimeout: 2s\nheaders:\n  X-Sandbox-Fault: "status=429,retry-after=120"`),
    );
    assert.equal(r.status, 429);
    assert.ok(
      r.notes.some((n) => /asks to wait 2 min, longer than the 2 s a retry may wait/.test(n)),
      r.notes.join('\n'),
    );
  });

  it('the run default for retries comes from the face (setting, --retries), the cell key wins', async () => {
    const always = 'X-Sandbox-Fault: "status=503,retry-after=0"';
    const r = response(
      await run(`GET: ${PARTIES}\nheaders:\n  ${always}`, coreContext(sandbox.url, { sending: { retries: 0 } })),
    );
    assert.equal(r.sequence, undefined);
    const own = response(
      await run(
        `GET: ${PARTIES}\nretries: 1\nheaders:\n  ${always}`,
        coreContext(sandbox.url, { sending: { retries: 0 } }),
      ),
    );
    assert.equal(own.sequence?.requests, 2);
  });

  it('polls until the migration completes, showing every attempt and the values seen', async () => {
    const c = coreContext(sandbox.url);
    const started = await runCell(
      'name: migration\nlabel: demo-label\nPOST: /migration-assistance/migrations\nbody: { name: Portfolio 2024, completeAfterReads: 3 }\nexpect: { status: 201 }',
      c.ctx,
    );
    assert.equal(started.result.outcome, 'passed', JSON.stringify(started.result));
    const out = await runCell(
      'label: demo-label\nGET: /migration-assistance/migrations/{{migration.body.id}}\nrepeat: { until: { $.status: Completed }, every: 50ms, max: 10 }\nexpect:\n  body:\n    $.completedAt: { type: string }',
      c.ctx,
    );
    await c.close();
    const r = response(out.result);
    assert.equal(r.outcome, 'passed', JSON.stringify(r.assertions));
    assert.equal(r.sequence?.kind, 'polling');
    assert.deepEqual(
      r.sequence?.exchanges.map((e) => [e.label, e.detail, e.ok]),
      [
        ['attempt 1', '$.status = "Pending"', false],
        ['attempt 2', '$.status = "Pending"', false],
        ['attempt 3', '$.status = "Completed"', true],
      ],
    );
    assert.equal(r.sequence?.exchanges[1].waited?.reason, 'every 0.1 s');
    assert.equal(JSON.parse(r.body.text).status, 'Completed');
    assert.match(r.assertions[0].message, /^until met on attempt 3 of at most 10/);
  });

  it('polling that never meets its condition fails with the last value seen', async () => {
    const c = coreContext(sandbox.url);
    await runCell(
      'name: m\nlabel: demo-label\nPOST: /migration-assistance/migrations\nbody: { name: Slow, completeAfterReads: 50 }',
      c.ctx,
    );
    const r = response(
      (
        await runCell(
          'label: demo-label\nGET: /migration-assistance/migrations/{{m.body.id}}\nrepeat: { until: { $.status: Completed }, every: 10ms, max: 2 }',
          c.ctx,
        )
      ).result,
    );
    await c.close();
    assert.equal(r.outcome, 'failed');
    assert.equal(r.sequence?.requests, 2);
    assert.match(
      r.assertions[0].message,
      /^until not met after 2 attempts over [\d.]+ s: expected body \$\.status to equal "Completed" but it was "Pending"/,
    );
  });

  it('polling stops on an error status unless until waits for a status', async () => {
    const r = response(
      await run(
        'label: demo-label\nGET: /migration-assistance/migrations/00000000-0000-4000-8000-000000000000\nrepeat: { until: { $.status: Completed }, every: 10ms, max: 5 }',
      ),
    );
    assert.equal(r.status, 404);
    assert.equal(r.sequence?.requests, 1);
    assert.match(r.assertions[0].message, /attempt 1 answered 404 Not Found, so polling stopped/);
  });

  it('asks the budget before sending: a refusal sends nothing, and says why', async () => {
    const asked: RequestAsk[] = [];
    const c = coreContext(sandbox.url, {
      allowRequests: (ask) => {
        asked.push(ask);
        return 'only 3 of --budget 10 are left';
      },
    });
    const r = failure(await run(`GET: ${PARTIES}\npaginate: { limit: 10, maxPages: 5 }`, c));
    assert.equal(r.category, 'budget');
    assert.match(r.message, /only 3 of --budget 10 are left/);
    assert.deepEqual(
      asked.map((a) => [a.reason, a.client, a.requests]),
      [['cell', 'onboarding', 6]],
      'the bound of the cell plus its token request',
    );
    const stats = sandbox.stats();
    assert.equal(stats.apiRequests + stats.tokenRequests, 0, 'nothing was sent');
  });

  it('a retry the budget refuses is not sent', async () => {
    const c = coreContext(sandbox.url, {
      allowRequests: (ask) => (ask.reason === 'retry' ? 'the daily quota of client onboarding is used up' : undefined),
    });
    const r = response(await run(`GET: ${PARTIES}\nheaders:\n  ${FAULT_429()}`, c));
    assert.equal(r.status, 429);
    assert.equal(sandbox.stats().requestsByPath[`GET ${PARTIES}`], 1);
    assert.ok(r.notes.some((n) => /^Not retried: the daily quota of client onboarding is used up/.test(n)));
  });

  it('paces requests to an environment with minInterval, and shows the wait', async () => {
    const c = coreContext(sandbox.url);
    c.ctx.environment = { ...c.ctx.environment, minIntervalMs: 40 };
    const r = response(
      await run(`GET: ${PARTIES}\nquery: { name: Party 1 }\npaginate: { limit: 20, maxPages: 50 }`, c),
    );
    assert.equal(r.outcome, 'passed', JSON.stringify(r.assertions));
    const waits = r.sequence!.exchanges.slice(1).map((e) => e.waited?.reason);
    assert.ok(waits.length >= 2);
    for (const w of waits) assert.match(w ?? '', /^pacing \(minInterval 40 ms of environment "sandbox"\)$/);
  });

  it('cancelling during a Retry-After wait ends the run at once, saying where', async () => {
    const abort = new AbortController();
    const c = coreContext(sandbox.url, { signal: abort.signal, progress: () => abort.abort() });
    const r = failure(await run(`GET: ${PARTIES}\nheaders:\n  X-Sandbox-Fault: "status=503,retry-after=30"`, c));
    assert.equal(r.category, 'cancelled');
    assert.match(r.message, /cancelled while waiting for Retry-After before retry 1/);
    assert.equal(r.sequence?.exchanges[0].status, 503);
  });

  it('cancelling between polling attempts ends the run, with the last value seen', async () => {
    const abort = new AbortController();
    const c = coreContext(sandbox.url, { signal: abort.signal, progress: () => abort.abort() });
    await runCell(
      'name: m\nlabel: demo-label\nPOST: /migration-assistance/migrations\nbody: { name: Slow, completeAfterReads: 50 }',
      c.ctx,
    );
    const r = failure(
      await run(
        'label: demo-label\nGET: /migration-assistance/migrations/{{m.body.id}}\nrepeat: { until: { $.status: Completed }, every: 30s, max: 5 }',
        c,
      ),
    );
    assert.equal(r.category, 'cancelled');
    assert.match(r.message, /to poll again after attempt 1 \(\$\.status = "Pending"\)/);
    assert.equal(r.sequence?.kind, 'polling');
  });
});

describe('the sandbox per-client rate limit and daily quota, met by the core', function () {
  this.timeout(30_000);

  it('a rate-limited GET waits for the window and succeeds; other clients are not limited', async () => {
    const sandbox = await startSandbox({ rateLimit: { requests: 1, windowSeconds: 1 } });
    const c = coreContext(sandbox.url);
    try {
      const first = response((await runCell(`GET: ${PARTIES}`, c.ctx)).result);
      assert.equal(first.status, 200);
      const second = response((await runCell(`GET: ${PARTIES}`, c.ctx)).result);
      assert.equal(second.status, 200);
      assert.deepEqual(
        second.sequence?.exchanges.map((e) => e.status),
        [429, 200],
      );
      assert.equal(sandbox.stats().rateLimited, 1);
      const migration = response(
        (await runCell('label: demo-label\nGET: /migration-assistance/migrations', c.ctx)).result,
      );
      assert.equal(migration.status, 200, 'another client has a window of its own');
    } finally {
      await c.close();
      await sandbox.close();
    }
  });

  it('over the daily quota: 429 with a problem, and a wait until midnight UTC is not retried', async () => {
    const sandbox = await startSandbox({ dailyQuota: 1 });
    const c = coreContext(sandbox.url);
    try {
      assert.equal(response((await runCell(`GET: ${PARTIES}`, c.ctx)).result).status, 200);
      // A 1 s timeout caps the wait at 1 s: only in the last second before 00:00 UTC would it be retried.
      const r = response((await runCell(`GET: ${PARTIES}\ntimeout: 1s`, c.ctx)).result);
      assert.equal(r.status, 429);
      assert.equal(r.problem?.type, 'urn:akkuro-sandbox:problem:quota-exceeded');
      assert.match(r.problem?.detail ?? '', /has used its daily quota of 1 requests/);
      assert.ok(
        r.notes.some((n) => /^Not retried: Retry-After asks to wait/.test(n)),
        r.notes.join('\n'),
      );
    } finally {
      await c.close();
      await sandbox.close();
    }
  });
});
