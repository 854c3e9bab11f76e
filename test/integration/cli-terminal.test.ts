import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { buildCli, notebook, runCli, workspace } from './cli-harness';

/** Cursor up, erase line, carriage return, an OSC 52 clipboard write, an 8-bit CSI and a bidi override. */
const ATTACK = '\x1b[1A\x1b[2K\r✔ all good\x1b]52;c;ZXZpbA==\x07\u009b2J\u202eevil';
const SHOWN = '\\x1b[1A\\x1b[2K\\r✔ all good\\x1b]52;c;ZXZpbA==\\x07\\x9b2J\\u202eevil';
/** What a terminal acts on: everything below space but \n and \t, DEL, C1, bidi overrides and isolates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point of the test
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Raw HTTP, so the server can say what a well-behaved framework would refuse to. */
function hostileServer(): Promise<Server> {
  const bodies: Record<string, [string, string, string]> = {
    '/text': ['500 Internal Server Error', 'text/plain; charset=utf-8', `boom ${ATTACK}`],
    '/problem': [
      '400 Bad Request',
      'application/problem+json',
      JSON.stringify({ title: `Bad ${ATTACK}`, detail: `first line\nFAKE ✔ line ${ATTACK}` }),
    ],
    '/json': ['200 OK', 'application/json', JSON.stringify({ name: ATTACK })],
  };
  const server = createServer((socket) => {
    socket.once('data', (chunk: Buffer) => {
      const url = /^GET (\S+)/.exec(chunk.toString('latin1'))?.[1] ?? '';
      const [status, type, body] = bodies[url] ?? ['404 Not Found', 'text/plain', 'no'];
      const bytes = Buffer.from(body, 'utf8');
      socket.end(
        `HTTP/1.1 ${status}\r\ncontent-type: ${type}\r\ncontent-length: ${bytes.length}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// A hostile server's response text must not drive the terminal the runner prints to (issue 11, item 6).
describe('akkuro-nb run: response text cannot drive the terminal', function () {
  this.timeout(60_000);
  let server: Server;
  let cwd: string;

  before(async () => {
    buildCli();
    server = await hostileServer();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    cwd = workspace(
      url,
      {
        'hostile.akkuro-nb': notebook([
          'GET: /text',
          'GET: /problem',
          'GET: /json\nexpect:\n  body:\n    $.name: { matches: "^safe$" }',
        ]),
      },
      `  plain:\n    baseUrl: ${url}\n    apiVersion: 2025.1.0\n`,
    );
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('the console shows control characters escaped, in body excerpts, problems and assertions', async () => {
    const r = await runCli(['run', 'hostile.akkuro-nb', '--env', 'plain'], { cwd });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, CONTROL, JSON.stringify(r.stdout));
    // The excerpt folds white space (the CR included) into single spaces.
    assert.ok(r.stdout.includes(`body: boom ${SHOWN.replace('\\r', ' ')}`), r.stdout);
    assert.ok(r.stdout.includes(`problem: Bad ${SHOWN} — first line\\nFAKE ✔ line ${SHOWN}`), r.stdout);
    // A forged line cannot start at the left margin: the server's newline is shown, not obeyed.
    assert.doesNotMatch(r.stdout, /^FAKE/m);
    assert.match(r.stdout, /^0 passed, 3 failed/m);
  });

  it('the JUnit report holds the same text escaped, and stays valid XML', async () => {
    const r = await runCli(['run', 'hostile.akkuro-nb', '--env', 'plain', '--reporter', 'junit', '--out', 'r.xml'], {
      cwd,
    });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const xml = readFileSync(path.join(cwd, 'r.xml'), 'utf8');
    assert.equal(XMLValidator.validate(xml), true);
    assert.doesNotMatch(xml, CONTROL);
    assert.ok(xml.includes(`Problem: Bad ${SHOWN}`), xml);
  });
});
