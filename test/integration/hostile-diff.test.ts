import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { serializeNotebookFile } from '../../src/core/notebook/notebookFile';
import { buildCli, notebook, runCli } from './cli-harness';
import { hostileServer, type HostileServer } from './hostile-harness';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** ESC (erase screen, OSC 52 clipboard write), the one-byte CSI U+009B, DEL and a right-to-left override. */
const ATTACK = '\x1b[2J\x1b]52;c;ZXZpbA==\x07\u009b2J\x7f\u202eevil';
/** ATTACK as the diff shows a value: JSON escapes for C0, then visible escapes for what JSON leaves raw. */
const SHOWN = '\\u001b[2J\\u001b]52;c;ZXZpbA==\\u0007\\x9b2J\\x7f\\u202eevil';
/** What a terminal acts on: everything below space but \n and \t, DEL, C1, bidi overrides and isolates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point of the test
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function json(res: ServerResponse, value: unknown, reason?: string): void {
  if (reason) res.statusMessage = reason;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(value));
}

describe('akkuro-nb diff against a hostile server: what it prints cannot drive the terminal', function () {
  this.timeout(60_000);
  let plain: HostileServer;
  let hostile: HostileServer;
  let cwd: string;
  before(async () => {
    buildCli();
    plain = await hostileServer({
      '/item': (_q, res) => json(res, { name: 'Jane', same: 1 }),
      '/text': (_q, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('plain text'),
      '/gone': (_q, res) => json(res, { ok: true }),
    });
    hostile = await hostileServer({
      // A reason phrase may carry bytes above 0x7f (obs-text): U+009B goes out as the one-byte CSI.
      '/item': (_q, res) => {
        res.setHeader('x-note', 'a\u009b2Jb');
        json(res, { name: ATTACK, [`k${ATTACK}`]: true, same: 1 }, 'OK \u009b2J');
      },
      '/text': (_q, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`boom ${ATTACK}\nFAKE ✔ line`),
      '/gone': (q) => q.socket.destroy(),
    });
    cwd = mkdtempSync(path.join(os.tmpdir(), 'akkuro-hostile-diff-'));
    const env = (name: string, url: string) =>
      `  ${name}:\n    baseUrl: ${url}\n    brokerKey: bank\n    labelReferenceId: label\n    apiVersion: 2025.1.0\n`;
    writeFileSync(
      path.join(cwd, 'akkuro-environments.yaml'),
      `environments:\n${env('plain', plain.url)}${env('hostile', hostile.url)}`,
    );
    writeFileSync(
      path.join(cwd, 'n.akkuro-nb'),
      notebook(['GET: /item\nauth: none', 'GET: /text?from=\u202eevil\nauth: none', 'GET: /gone\nauth: none']),
    );
  });
  after(async () => {
    await Promise.all([plain.close(), hostile.close()]);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('shows values, paths, headers and failures escaped on stdout and stderr', async () => {
    const r = await runCli(['diff', 'n.akkuro-nb', '--env', 'plain', '--env', 'hostile'], { cwd });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, CONTROL, JSON.stringify(r.stdout));
    assert.doesNotMatch(r.stderr, CONTROL, JSON.stringify(r.stderr));
    // Shown, not obeyed: values and paths as JSON, and what JSON leaves raw (DEL, U+009B, U+202E) escaped too.
    assert.ok(r.stdout.includes(`body $.name: "Jane" → "${SHOWN}"`), r.stdout);
    assert.ok(r.stdout.includes(`body $["k${SHOWN}"]: (missing) → true`), r.stdout);
    assert.ok(r.stdout.includes('header x-note: (missing) → "a'), r.stdout);
    assert.ok(r.stdout.includes(`body $: "plain text" → "boom ${SHOWN}\\nFAKE ✔ line"`), r.stdout);
    // A forged line cannot start at the margin; the notebook's own text (the cell's URL) is escaped as well.
    assert.doesNotMatch(r.stdout, /^FAKE/m);
    assert.ok(r.stdout.includes('≠ GET /text?from=\\u202eevil  1 difference'), r.stdout);
    assert.match(r.stdout, /✘ GET \/gone\n {6}failed in hostile: Connection closed: /);
    assert.match(r.stdout, /^0 same, 2 different, 1 failed \(/m);
  });

  it('the JSON report printed to stdout holds the same values as \\u escapes and parses back to them', async () => {
    const r = await runCli(['run', 'n.akkuro-nb', '--env', 'hostile', '--reporter', 'json'], { cwd });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, CONTROL, JSON.stringify(r.stdout));
    assert.doesNotMatch(r.stderr, CONTROL, JSON.stringify(r.stderr));
    assert.ok(r.stdout.includes('\\u009b2J\\u007f\\u202eevil'), r.stdout);
    const report = JSON.parse(r.stdout) as {
      notebooks: Array<{ cells: Array<{ result: { body?: { text: string } } }> }>;
    };
    const body = report.notebooks[0].cells[0].result.body?.text ?? '';
    assert.equal((JSON.parse(body) as { name: string }).name, ATTACK);
  });
});

// Notes and warnings quote file names and notebook text: a name can hold control characters too.
describe('akkuro-nb run: notes and warnings quote file names escaped', function () {
  this.timeout(60_000);
  before(() => buildCli());

  it('a notebook whose name holds ESC and U+202E, pinned elsewhere and without request cells', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'akkuro-hostile-name-'));
    try {
      const name = 'a\x1b[2Jb\u202ec.akkuro-nb';
      writeFileSync(
        path.join(cwd, 'akkuro-environments.yaml'),
        'environments:\n  one:\n    baseUrl: http://127.0.0.1:9\n  two:\n    baseUrl: http://127.0.0.1:9\n',
      );
      writeFileSync(
        path.join(cwd, name),
        serializeNotebookFile({ environment: 'one', cells: [{ kind: 'markdown', text: '# nothing to send' }] }),
      );
      const r = await runCli(['run', name, '--env', 'two'], { cwd });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.doesNotMatch(r.stdout + r.stderr, CONTROL, JSON.stringify(r.stdout + r.stderr));
      const shown = 'a\\x1b[2Jb\\u202ec.akkuro-nb';
      assert.ok(r.stderr.includes(`note: ${shown} is pinned to environment "one"`), r.stderr);
      assert.ok(r.stderr.includes(`warning: ${shown} has no request cells`), r.stderr);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
