import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildCli, notebook, runCli, workspace, type CliRun } from './cli-harness';
import { endless, hostileProxy, hostileServer, TOKEN_PATH, type HostileServer } from './hostile-harness';
import { serializeNotebookFile } from '../../src/core/notebook/notebookFile';

const SECRET = 'hostile-cli-secret-value';
const CREDENTIALS = { AKKURO_HOSTILE_CLIENT_ID: 'hostile-client', AKKURO_HOSTILE_CLIENT_SECRET: SECRET };
/** Far above the runner's own ~100 MB and far below what the unbounded cases reached (3 GB and more). */
const PEAK_RSS_LIMIT_MB = 400;

/** Makes the child print its peak resident memory when it exits. */
function peakProbe(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'akkuro-peak-')), 'peak.cjs');
  writeFileSync(
    file,
    "process.on('exit', () => { require('fs').writeSync(2, `\\nakkuro-peak-rss-kb=${process.resourceUsage().maxRSS}\\n`); });\n",
  );
  return file;
}

function peakMb(r: CliRun): number {
  const kb = /akkuro-peak-rss-kb=(\d+)/.exec(r.stderr)?.[1];
  assert.ok(kb, `no peak memory reported: ${r.stderr}`);
  return Math.round(Number(kb) / 1024);
}

function environments(url: string, name = 'hostile'): string {
  return `  ${name}:\n    baseUrl: ${url}\n    brokerKey: bank\n    labelReferenceId: label\n    apiVersion: 2025.1.0\n`;
}

describe('akkuro-nb run against hostile servers (real processes, peak memory measured)', function () {
  this.timeout(120_000);
  let probe: string;
  const servers: HostileServer[] = [];
  before(() => {
    buildCli();
    probe = peakProbe();
  });
  afterEach(async () => Promise.all(servers.splice(0).map((s) => s.close())));

  async function run(
    routes: Parameters<typeof hostileServer>[0],
    cells: string[],
    options: { args?: string[]; env?: Record<string, string>; nodeArgs?: string[]; baseUrl?: string } = {},
  ) {
    const server = await hostileServer(routes);
    servers.push(server);
    const cwd = workspace(server.url, { 'n.akkuro-nb': notebook(cells) }, environments(options.baseUrl ?? server.url));
    const r = await runCli(['run', 'n.akkuro-nb', '--env', 'hostile', ...(options.args ?? [])], {
      cwd,
      env: { ...CREDENTIALS, ...options.env },
      nodeArgs: ['--require', probe, ...(options.nodeArgs ?? [])],
    });
    const all = r.stdout + r.stderr;
    assert.ok(!all.includes(SECRET), 'the client secret leaked');
    for (const t of server.issued) assert.ok(!all.includes(t), 'a token leaked');
    return { r, server };
  }

  it('an endless response body fails at the 1 GiB read limit, in bounded memory', async () => {
    const { r } = await run({ '/endless': endless() }, ['GET: /endless\nauth: none'], { args: ['--timeout', '90s'] });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✘ The body did not end within 1 GiB \(decoded\)/);
    assert.ok(peakMb(r) < PEAK_RSS_LIMIT_MB, `peak ${peakMb(r)} MB`);
  });

  it('a gzip bomb fails at the read limit, in bounded memory', async () => {
    // Gunzip reads concatenated members: 70 × 16 MiB of zeros from about 1 MB on the wire.
    const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    const bomb = Buffer.concat(Array.from({ length: 70 }, () => member));
    const { r } = await run(
      { '/bomb': (_q, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb) },
      ['GET: /bomb\nauth: none'],
      { args: ['--timeout', '90s'] },
    );
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /decompression bomb/);
    assert.ok(peakMb(r) < PEAK_RSS_LIMIT_MB, `peak ${peakMb(r)} MB`);
  });

  it('an endless token body stops at the 64 KiB cap, in bounded memory, and nothing is sent', async () => {
    const { r, server } = await run({ [TOKEN_PATH]: endless() }, ['GET: /x']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /sent a body larger than 64 KiB/);
    assert.equal(server.apiHits().length, 0);
    assert.ok(peakMb(r) < PEAK_RSS_LIMIT_MB, `peak ${peakMb(r)} MB`);
  });

  it('a token endpoint that never answers ends at --timeout', async () => {
    const { r } = await run({ [TOKEN_PATH]: () => undefined }, ['GET: /x'], { args: ['--timeout', '1s'] });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Token request timed out/);
    assert.match(r.stdout, /within 1 s/);
  });

  it('25 named 8 MB responses run in a 192 MB heap: older bodies are dropped, and the run says so', async () => {
    const big = JSON.stringify({ items: Array.from({ length: 40_000 }, (_, i) => ({ i, pad: 'x'.repeat(180) })) });
    const cells = Array.from({ length: 25 }, (_, i) => `name: n${i}\nGET: /big\nauth: none`);
    const { r } = await run(
      { '/big': (_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(big) },
      cells,
      { nodeArgs: ['--max-old-space-size=192'] },
    );
    assert.equal(r.code, 0, r.stdout + r.stderr.slice(-2000));
    assert.match(r.stdout, /25 passed, 0 failed/);
    assert.match(r.stdout, /the body of the earlier response "n0" \(7\.7 MiB\) was dropped/);
    assert.ok(peakMb(r) < PEAK_RSS_LIMIT_MB, `peak ${peakMb(r)} MB`);
  });

  it('a proxy that drops CONNECT (HTTPS_PROXY) ends the run with an error naming the proxy, without a reconnect loop', async () => {
    const proxy = await hostileProxy('drop');
    try {
      const { r } = await run({}, ['GET: /x'], {
        baseUrl: 'https://api.uat.eu.lending.akkuro.io',
        env: { HTTPS_PROXY: proxy.url },
        args: ['--timeout', '5s'],
      });
      assert.equal(r.code, 1);
      assert.match(
        r.stdout,
        new RegExp(
          `The proxy ${proxy.url} did not open a tunnel to api\\.uat\\.eu\\.lending\\.akkuro\\.io:443: it closed the connection`,
        ),
      );
      assert.ok(proxy.connections() <= 2, `${proxy.connections()} connections`);
    } finally {
      await proxy.close();
    }
  });

  it('a token echoed back, with spaces around it when issued, is redacted in every report', async () => {
    // Opaque, not JWT-shaped: only the Redactor, not a pattern, can hide it.
    const token = `opaque-${randomBytes(18).toString('base64url')}`;
    const routes = {
      [TOKEN_PATH]: (_q: unknown, res: ServerResponse) => res.end(JSON.stringify({ access_token: ` ${token}\t` })),
      '/echo': (q: IncomingMessage, res: ServerResponse) =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ echo: q.headers.authorization })),
    };
    const cell = 'GET: /echo\nexpect:\n  body:\n    $.echo: nothing';
    for (const reporter of ['console', 'json', 'junit', 'html', 'markdown']) {
      const { r, server } = await run(routes, [cell], { args: ['--reporter', reporter] });
      server.issued.push(token);
      assert.equal(r.code, 1);
      assert.equal(server.apiHits()[0].headers.authorization, `Bearer ${token}`);
      assert.ok(!(r.stdout + r.stderr).includes(token), `${reporter} output holds the token`);
      assert.match(r.stdout, /Bearer ‹redacted›/, `${reporter} report`);
    }
  });

  it('a run with no request cell warns and exits 2', async () => {
    const server = await hostileServer();
    servers.push(server);
    const text = serializeNotebookFile({ cells: [{ kind: 'markdown', text: '# Only notes' }] });
    const labels = `  labelled:\n    baseUrl: ${server.url}\n    brokerKey: bank\n    labels: [a, b]\n`;
    const cwd = workspace(server.url, { 'empty.akkuro-nb': text }, environments(server.url) + labels);
    const r = await runCli(['run', 'empty.akkuro-nb', '--env', 'hostile'], { cwd, env: CREDENTIALS });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /warning: empty\.akkuro-nb has no request cells: nothing was run or checked/);
    // Once per label with --label all, the notebook is still one file with nothing to run.
    const all = await runCli(['run', 'empty.akkuro-nb', '--env', 'labelled', '--label', 'all'], { cwd });
    assert.equal(all.code, 2);
    assert.match(all.stderr, /warning: empty\.akkuro-nb has no request cells/);
    assert.equal(server.hits.length, 0);
  });
});
