import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FailureModel, ResponseModel, RunResult } from '../../src/contract/response';
import { TOKEN_BODY_LIMIT } from '../../src/core/auth/tokenRequest';
import {
  CREDENTIALS,
  endless,
  environmentFor,
  hostileProxy,
  hostileRun,
  hostileServer,
  jwt,
  TOKEN_PATH,
  workingProxy,
  type HostileRun,
  type HostileServer,
} from './hostile-harness';
import { withStalledFileSystem } from '../fixtures/stalledFileSystem';

/** Nothing is sent there: the hostile proxy answers for it, and loopback would bypass the proxy. */
const REMOTE = 'https://api.uat.eu.lending.akkuro.io';
const LIST = 'GET: /counterparty-management/counterparties';

function failure(r: RunResult): FailureModel {
  assert.equal(r.kind, 'failure', JSON.stringify(r));
  return r as FailureModel;
}
function response(r: RunResult): ResponseModel {
  assert.equal(r.kind, 'response', JSON.stringify(r));
  return r as ResponseModel;
}

describe('hostile servers, proxies and notebooks against the core', () => {
  const runs: HostileRun[] = [];
  const servers: HostileServer[] = [];
  const tokens: string[] = [];
  async function server(...args: Parameters<typeof hostileServer>) {
    const s = await hostileServer(...args);
    servers.push(s);
    return s;
  }
  function core(...args: Parameters<typeof hostileRun>) {
    const r = hostileRun(...args);
    runs.push(r);
    return r;
  }
  const produced: string[] = [];
  afterEach(async () => {
    for (const s of servers) tokens.push(...s.issued);
    for (const r of runs) produced.push(...r.produced);
    await Promise.all(runs.splice(0).map((r) => r.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  after(() => {
    // Whatever the servers did, no result carried a token they issued or the client secret.
    const all = produced.join('\n');
    assert.ok(tokens.length > 5 && produced.length > 30, `${tokens.length} tokens, ${produced.length} results`);
    for (const t of tokens) assert.ok(!all.includes(t), 'a token leaked into a result');
    assert.ok(!all.includes(CREDENTIALS.clientSecret), 'the client secret leaked');
  });

  describe('proxies (item 1)', () => {
    for (const mode of ['drop', 407, 502] as const) {
      it(`a proxy that ${mode === 'drop' ? 'drops' : `answers ${mode} to`} CONNECT fails the request once, naming the proxy`, async () => {
        const proxy = await hostileProxy(mode);
        try {
          const c = core(environmentFor(REMOTE), { proxy: proxy.url });
          const r = failure((await c.run(`${LIST}\nauth: none`)).result);
          assert.equal(r.category, 'network');
          assert.equal(r.title, 'Proxy failed');
          assert.match(
            r.message,
            new RegExp(`proxy ${proxy.url} did not open a tunnel to api\\.uat\\.eu\\.lending\\.akkuro\\.io:443`),
          );
          if (mode === 407) assert.match(r.message, /proxy authentication \(407\)/);
          assert.equal(proxy.connections(), 1, 'one attempt, no reconnect loop');
        } finally {
          await proxy.close();
        }
      });
    }

    it('a working proxy still carries the token request and the API calls, over kept-alive tunnels', async () => {
      const s = await server();
      const proxy = await workingProxy(new URL(s.url).host);
      try {
        const c = core(environmentFor('http://api.uat.eu.lending.akkuro.io'), { proxy: proxy.url });
        for (let i = 0; i < 3; i++) assert.equal(response((await c.run(LIST)).result).status, 200);
        assert.equal(s.tokenHits().length, 1);
        assert.equal(s.apiHits().length, 3);
        assert.match(s.apiHits()[0].headers.authorization ?? '', /^Bearer /);
        assert.ok(
          proxy.asked.every((a) => a === 'api.uat.eu.lending.akkuro.io:80'),
          proxy.asked.join(),
        );
        assert.ok(proxy.asked.length < 4, `tunnels are kept alive and reused: ${proxy.asked.length} for 4 requests`);
      } finally {
        await proxy.close();
      }
    });

    it('a proxy that never answers CONNECT ends the request at its timeout, naming the proxy', async () => {
      const proxy = await hostileProxy('silent');
      try {
        const c = core(environmentFor(REMOTE), { proxy: proxy.url });
        const r = failure((await c.run(`${LIST}\nauth: none\ntimeout: 1s`)).result);
        assert.equal(r.category, 'timeout');
        assert.match(r.message, new RegExp(`through the proxy ${proxy.url} within 1 s`));
      } finally {
        await proxy.close();
      }
    });

    it('the token request through a dropping proxy fails after one retry, naming the proxy', async () => {
      const proxy = await hostileProxy('drop');
      try {
        const c = core(environmentFor(REMOTE), { proxy: proxy.url });
        const r = failure((await c.run(LIST)).result);
        assert.equal(r.category, 'token');
        assert.match(r.message, /Could not get a token for bank\/label on api\.uat\.eu\.lending\.akkuro\.io/);
        assert.match(r.message, new RegExp(`proxy ${proxy.url} did not open a tunnel.*\\(also on a retry\\)`));
        assert.equal(proxy.connections(), 2);
      } finally {
        await proxy.close();
      }
    });

    it('the token request through a silent proxy ends at the cell timeout', async () => {
      const proxy = await hostileProxy('silent');
      try {
        const c = core(environmentFor(REMOTE), { proxy: proxy.url });
        const r = failure((await c.run(`${LIST}\ntimeout: 1s`)).result);
        assert.equal(r.category, 'timeout');
        assert.equal(r.title, 'Token request timed out');
        assert.match(r.message, new RegExp(`through the proxy ${proxy.url} within 1 s`));
      } finally {
        await proxy.close();
      }
    });

    it('shows the proxy without the password in its URL', async () => {
      const proxy = await hostileProxy('drop');
      try {
        const withUser = proxy.url.replace('http://', 'http://me:proxy-pass-123@');
        const c = core(environmentFor(REMOTE), { proxy: withUser });
        const r = failure((await c.run(`${LIST}\nauth: none`)).result);
        assert.ok(!JSON.stringify(r).includes('proxy-pass-123'));
        assert.match(r.message, new RegExp(proxy.url));
      } finally {
        await proxy.close();
      }
    });
  });

  describe('the token endpoint (items 3, 4, 5)', () => {
    it('stops reading an endless token body at the cap', async () => {
      const s = await server({ [TOKEN_PATH]: endless() });
      const r = failure((await core(environmentFor(s.url)).run(LIST)).result);
      assert.equal(r.title, 'Unusable token response');
      assert.match(r.message, new RegExp(`larger than ${TOKEN_BODY_LIMIT / 1024} KiB`));
      assert.equal(s.apiHits().length, 0);
    });

    it('applies the cell timeout to a token endpoint that never answers', async () => {
      const s = await server({ [TOKEN_PATH]: () => undefined });
      const r = failure((await core(environmentFor(s.url)).run(`${LIST}\ntimeout: 1s`)).result);
      assert.equal(r.category, 'timeout');
      assert.match(
        r.message,
        /Getting a token for bank\/label on 127\.0\.0\.1:\d+: No complete response .* within 1 s/,
      );
      assert.equal(s.apiHits().length, 0);
    });

    it('applies the run timeout (--timeout, akkuro.requestTimeout) to the token request', async () => {
      const s = await server({ [TOKEN_PATH]: () => undefined });
      const r = failure((await core(environmentFor(s.url), { limits: { timeoutMs: 800 } }).run(LIST)).result);
      assert.equal(r.category, 'timeout');
      assert.match(r.message, /within 0\.8 s/);
    });

    it('trims a token sent with surrounding spaces, so the echo of it is redacted too', async () => {
      const token = jwt();
      const s = await server({
        [TOKEN_PATH]: (_req, res) => res.end(JSON.stringify({ access_token: `  ${token}  ` })),
        '/echo': (req, res) => res.end(JSON.stringify({ youSent: req.headers.authorization })),
      });
      s.issued.push(token);
      const c = core(environmentFor(s.url));
      const r = response((await c.run('GET: /echo')).result);
      assert.equal(s.apiHits()[0].headers.authorization, `Bearer ${token}`);
      assert.ok(!r.body.text.includes(token), r.body.text);
      assert.match(r.body.text, /Bearer ‹redacted›/);
    });

    for (const [name, body] of [
      ['a token too short to hide', '{"access_token":"abc"}'],
      ['a token with a line break inside', JSON.stringify({ access_token: 'abcdefghijkl\r\nx-injected: yes' })],
    ] as const) {
      it(`refuses ${name} and sends nothing with it`, async () => {
        const s = await server({ [TOKEN_PATH]: (_req, res) => res.end(body) });
        const r = failure((await core(environmentFor(s.url)).run(LIST)).result);
        assert.equal(r.title, 'Unusable token response');
        assert.match(r.message, /a token that cannot be used/);
        assert.equal(s.apiHits().length, 0);
      });
    }

    it('refuses a client secret too short to hide, before any request', async () => {
      const s = await server();
      const c = core(environmentFor(s.url), { credentials: { clientId: 'c', clientSecret: 'abc' } });
      const r = failure((await c.run(LIST)).result);
      assert.equal(r.category, 'credentials');
      assert.match(r.message, /only 3 characters long/);
      assert.equal(s.hits.length, 0);
    });

    it('retries a 5xx from the token endpoint once', async () => {
      let n = 0;
      const s = await server({
        [TOKEN_PATH]: (_req, res) => {
          if (n++ === 0) res.writeHead(503).end('{"title":"busy"}');
          else res.end(JSON.stringify({ access_token: jwt() }));
        },
      });
      const r = response((await core(environmentFor(s.url)).run(LIST)).result);
      assert.equal(r.status, 200);
      assert.equal(s.tokenHits().length, 2);
    });

    it('gives up after one retry, and never retries a 401', async () => {
      const s = await server({ [TOKEN_PATH]: (_req, res) => res.writeHead(500).end() });
      const r = failure((await core(environmentFor(s.url)).run(LIST)).result);
      assert.match(r.message, /answered 500 \(also on a retry\)/);
      assert.equal(s.tokenHits().length, 2);
      const refused = await server({ [TOKEN_PATH]: (_req, res) => res.writeHead(401).end() });
      const r2 = failure((await core(environmentFor(refused.url)).run(LIST)).result);
      assert.equal(r2.category, 'credentials');
      assert.equal(refused.tokenHits().length, 1);
    });

    it('a cancel during the retry pause ends the wait at once', async () => {
      const ac = new AbortController();
      const s = await server({
        [TOKEN_PATH]: (_req, res) => {
          res.writeHead(503).end();
          setImmediate(() => ac.abort());
        },
      });
      const r = failure((await core(environmentFor(s.url)).run(LIST, { signal: ac.signal })).result);
      assert.equal(r.category, 'cancelled');
      assert.equal(s.apiHits().length, 0);
    });

    it('keeps using a valid token when its renewal fails with a 5xx', async () => {
      let clock = Date.now();
      let down = false;
      const s = await server({
        [TOKEN_PATH]: (_req, res) => {
          if (down) {
            res.writeHead(503).end();
            return;
          }
          const token = jwt({ exp: Math.floor(clock / 1000) + 60 });
          s.issued.push(token);
          res.end(JSON.stringify({ access_token: token }));
        },
      });
      const c = core(environmentFor(s.url), { now: () => clock });
      response((await c.run(LIST)).result);
      down = true;
      clock += 50_000; // inside the renewal window, 10 s before expiry
      const r = response((await c.run(LIST)).result);
      assert.equal(r.outcome, 'passed');
      assert.ok(
        r.notes.some((n) =>
          /Renewing the token failed .*answered 503.*the current token, valid for \d+ s more, was used/.test(n),
        ),
        r.notes.join('\n'),
      );
      assert.equal(s.apiHits().length, 2);
      assert.equal(s.apiHits()[1].headers.authorization, s.apiHits()[0].headers.authorization);
    });
  });

  describe('body files (item 2)', () => {
    it("a cell's timeout covers reading its body file: a stalled drive fails the cell, nothing is sent", async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'akkuro-hostile-bodyfile-'));
      try {
        mkdirSync(path.join(dir, 'data'));
        writeFileSync(path.join(dir, 'data', 'order.json'), '{"amount":1}');
        const s = await server();
        const run = core(environmentFor(s.url));
        const cell = 'POST: /upload\nauth: none\nbodyFile: data/order.json\ntimeout: 300ms';
        const [result, stillStalled] = await withStalledFileSystem(async (stalled) => {
          const out = await run.run(cell, { notebook: { dir } });
          return [out.result, stalled()] as const;
        });
        assert.equal(stillStalled, true, 'the cell ended only once the file system answered');
        const f = failure(result);
        assert.equal(f.category, 'body-file');
        assert.match(f.message, /data\/order\.json was not read within the 0\.3 s timeout/);
        assert.equal(s.apiHits().length, 0);
        // The same cell once the drive answers: read and sent.
        assert.equal(response((await run.run(cell, { notebook: { dir } })).result).status, 200);
        assert.equal(s.apiHits().length, 1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('secrets carried by the notebook itself (item 9)', () => {
    async function setup() {
      const api = await server({
        '/me': (req, res) =>
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ seen: req.headers.authorization?.slice(7) })),
      });
      const collector = await server();
      const c = core(environmentFor(api.url, { variables: { collector: collector.url } }));
      response((await c.run('name: me\nGET: /me')).result);
      return { api, collector, c };
    }

    const carriers: Array<[string, string, RegExp]> = [
      ['in the URL', 'GET: "{{collector}}/c?t={{me.body.seen}}"', /the URL/],
      ['in a header', 'GET: "{{collector}}/c"\nheaders: { X-Forward: "{{me.body.seen}}" }', /header "x-forward"/],
      [
        'in an Authorization header',
        'GET: "{{collector}}/c"\nheaders: { Authorization: "Bearer {{me.body.seen}}" }',
        /header "authorization"/,
      ],
      ['in a JSON body', 'POST: "{{collector}}/c"\nbody: { t: "{{me.body.seen}}" }', /the body/],
      ['in a text body', 'POST: "{{collector}}/c"\nbody: "token={{me.body.seen}}"', /the body/],
    ];
    for (const [name, cell, where] of carriers) {
      it(`refuses to send the live token to another origin ${name}; nothing is sent`, async () => {
        const { collector, c } = await setup();
        const r = failure((await c.run(cell)).result);
        assert.equal(r.category, 'blocked', r.message);
        assert.match(r.message, where);
        assert.match(r.message, /Secrets and tokens only ever go to the origin of environment "hostile"/);
        assert.equal(collector.hits.length, 0);
      });
    }

    it('refuses a Host header on a request that carries the token; nothing is sent', async () => {
      const s = await server();
      const r = failure((await core(environmentFor(s.url)).run(`${LIST}\nheaders: { Host: evil.example }`)).result);
      assert.equal(r.category, 'blocked');
      assert.match(r.message, /Host header could send it to another host/);
      assert.equal(s.hits.length, 0);
    });

    it('still holds: another origin gets no token, and the result says so', async () => {
      const api = await server();
      const other = await server();
      const r = response((await core(environmentFor(api.url)).run(`GET: ${other.url}/x`)).result);
      assert.equal(other.hits[0].headers.authorization, undefined);
      assert.equal(r.request.tokenAttached, false);
      assert.ok(r.notes.some((n) => /No token sent/.test(n)));
      assert.equal(api.hits.length, 0, 'not even a token request');
    });

    it('still holds: a redirect to another origin is not followed', async () => {
      const other = await server();
      const api = await server({
        '/go': (_req, res) => res.writeHead(302, { location: `${other.url}/landing` }).end(),
      });
      const r = response((await core(environmentFor(api.url)).run('GET: /go')).result);
      assert.equal(r.status, 302);
      assert.equal(other.hits.length, 0);
      assert.ok(r.notes.some((n) => /was not followed/.test(n)));
    });

    it('still holds: a protected environment sends no POST without confirmation', async () => {
      const s = await server();
      const c = core(environmentFor(s.url, { protected: true, protectedReason: 'protected: true' }));
      const r = failure((await c.run('POST: /x\nbody: { a: 1 }')).result);
      assert.equal(r.category, 'blocked');
      assert.equal(s.hits.length, 0);
    });
  });

  describe('limits fail, never pass silently (item 10)', () => {
    it('an endless body fails at the read limit, in bounded memory', async () => {
      const s = await server({ '/endless': endless() });
      const c = core(environmentFor(s.url), { limits: { maxBodyBytes: 1024 * 1024, maxReadBytes: 8 * 1024 * 1024 } });
      const r = response((await c.run('GET: /endless\nauth: none')).result);
      assert.equal(r.outcome, 'failed');
      assert.match(r.assertions.find((a) => !a.passed)?.message ?? '', /did not end within 8 MiB/);
      assert.ok(r.body.size <= 8 * 1024 * 1024 + 64 * 1024);
    });

    it('a gzip bomb fails at the read limit', async () => {
      const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024));
      const s = await server({
        '/bomb': (_req, res) =>
          res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' }).end(bomb),
      });
      const c = core(environmentFor(s.url), { limits: { maxBodyBytes: 1024 * 1024, maxReadBytes: 8 * 1024 * 1024 } });
      const r = response((await c.run('GET: /bomb\nauth: none\nexpect: { status: 200 }')).result);
      assert.equal(r.outcome, 'failed');
      assert.match(r.assertions.find((a) => !a.passed)?.message ?? '', /decompression bomb/);
    });

    it('a large body within the limits still passes (kept in part, counted in full)', async () => {
      const big = Buffer.alloc(3 * 1024 * 1024, 'b');
      const s = await server({ '/big': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(big) });
      const c = core(environmentFor(s.url), { limits: { maxBodyBytes: 1024 * 1024, maxReadBytes: 8 * 1024 * 1024 } });
      const r = response((await c.run('GET: /big\nauth: none')).result);
      assert.equal(r.outcome, 'passed');
      assert.equal(r.body.size, big.length);
    });

    it('a redirect loop fails at the hop limit', async () => {
      const s = await server({
        '/loop': (req, res) => res.writeHead(302, { location: `/loop?n=${req.url?.length}` }).end(),
      });
      const r = response((await core(environmentFor(s.url)).run('GET: /loop\nauth: none')).result);
      assert.equal(r.outcome, 'failed');
      assert.match(r.assertions.find((a) => !a.passed)?.message ?? '', /Stopped after 5 redirects.*a redirect loop/);
      assert.equal(s.hits.length, 6);
    });
  });

  describe('wording says what happened (item 11)', () => {
    it('a header value with a line break is a cell problem, not a connection problem; nothing is sent', async () => {
      const s = await server();
      const c = core(environmentFor(s.url, { variables: { v: 'a\r\nx-injected: 1' } }));
      const r = failure((await c.run('GET: /x\nauth: none\nheaders: { X-A: "{{v}}" }')).result);
      assert.equal(r.category, 'cell');
      assert.match(r.message, /header "x-a" holds a line break/);
      assert.doesNotMatch(`${r.title} ${r.hint}`, /connect|VPN/i);
      assert.equal(s.hits.length, 0);
    });

    it('a reset after connecting says the server closed the connection, without a VPN hint', async () => {
      const s = await server({ '/reset': (req) => req.socket.destroy() });
      const r = failure((await core(environmentFor(s.url)).run('GET: /reset\nauth: none')).result);
      assert.equal(r.title, 'Connection closed');
      assert.match(r.message, /closed the connection before the response was complete/);
      assert.doesNotMatch(r.hint ?? '', /VPN/);
    });

    it('a TLS failure on the token request is a TLS failure with the TLS hint (and verification still holds)', async () => {
      const s = await server({}, { tls: true });
      const r = failure((await core(environmentFor(s.url)).run(LIST)).result);
      assert.equal(r.category, 'tls');
      assert.match(
        r.message,
        /Getting a token for bank\/label .*TLS certificate of 127\.0\.0\.1:\d+ could not be verified/,
      );
      assert.match(r.hint ?? '', /never disable verification/);
      assert.equal(s.hits.length, 0);
      const api = failure((await core(environmentFor(s.url)).run(`${LIST}\nauth: none`)).result);
      assert.equal(api.category, 'tls');
    });
  });

  describe('memory of named responses (item 12)', () => {
    it('keeps named bodies within the budget, says which it dropped, and names the cell to run again', async () => {
      const body = JSON.stringify({ items: Array.from({ length: 2000 }, (_, i) => ({ i, pad: 'x'.repeat(200) })) });
      const s = await server({
        '/big': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body),
      });
      const c = core(environmentFor(s.url), { limits: { namedBodiesBytes: body.length * 2 + 10 } });
      for (const name of ['a', 'b'])
        assert.equal(response((await c.run(`name: ${name}\nGET: /big\nauth: none`)).result).notes.length, 0);
      const third = response((await c.run('name: c\nGET: /big\nauth: none')).result);
      assert.ok(
        third.notes.some((n) => /the body of the earlier response "a" \(.*\) was dropped/.test(n)),
        third.notes.join('\n'),
      );
      const later = failure((await c.run('GET: "/x?i={{a.body.items[3].i}}"\nauth: none')).result);
      assert.equal(later.category, 'variable');
      assert.match(later.message, /body of response "a" is no longer in memory.*Run the cell named "a" again/);
      response((await c.run('GET: "/x?i={{b.body.items[3].i}}&s={{a.status}}"\nauth: none')).result);
    });
  });
});
