import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCli, notebook, runCli } from './cli-harness';
import { runCliMeasured } from './peak-memory';
import { startRecordingServer, type RecordingServer } from './recording-server';

/**
 * `bodyFile:` from a notebook someone else wrote, end to end through the runner: it must never send a
 * file from outside the notebook's folder or workspace, never read a device without bound, never wait on
 * a FIFO. "Nothing sent" is checked at a server of our own that records every request.
 */
describe('akkuro-nb run: body files from a hostile notebook', function () {
  this.timeout(60_000);
  let server: RecordingServer;
  let outer: string;
  let ws: string;
  let nb: string;
  const SYSTEM_FILE = 'root:x:0:0:THIS-IS-A-SYSTEM-FILE';

  before(async () => {
    buildCli();
    server = await startRecordingServer();
    outer = mkdtempSync(path.join(os.tmpdir(), 'akkuro-bodyfile-'));
    ws = path.join(outer, 'ws');
    nb = path.join(ws, 'notebooks');
    mkdirSync(path.join(outer, 'etc-like'), { recursive: true });
    mkdirSync(path.join(nb, 'data'), { recursive: true });
    writeFileSync(path.join(outer, 'etc-like', 'passwd'), SYSTEM_FILE);
    writeFileSync(
      path.join(ws, 'akkuro-environments.yaml'),
      `environments:\n  rec:\n    baseUrl: ${server.url}\n    apiVersion: 2025.1.0\n`,
    );
    writeFileSync(path.join(nb, 'data', 'ok.json'), '{"ok":true}');
    writeFileSync(path.join(ws, 'shared.json'), '{"shared":true}');
    symlinkSync(path.join(outer, 'etc-like', 'passwd'), path.join(nb, 'link-out'));
    symlinkSync('/dev/zero', path.join(nb, 'zero'));
    execFileSync('mkfifo', [path.join(nb, 'fifo')]);
  });
  after(async () => {
    await server.close();
    rmSync(outer, { recursive: true, force: true });
  });
  beforeEach(() => (server.requests.length = 0));

  /** A notebook whose first cell would be sent fine, and whose second cell names the body file. */
  const write = (name: string, bodyFile: string) =>
    writeFileSync(
      path.join(nb, name),
      notebook(['GET: /ping', `POST: /upload\nbodyFile: ${JSON.stringify(bodyFile)}\nexpect:\n  status: 200`]),
    );

  const refused: Array<[string, string, RegExp]> = [
    ['../ out of the workspace', '../../etc-like/passwd', /resolves to .*etc-like\/passwd, outside .*ws/],
    ['a symlink inside the folder that points out', 'link-out', /resolves to .*etc-like\/passwd, outside/],
    // The device is outside the workspace, so it is refused before its type is looked at.
    ['/dev/zero through a symlink inside the folder', 'zero', /resolves to \/dev\/zero, outside/],
    ['a FIFO (would block forever)', 'fifo', /fifo is not a regular file/],
    ['an absolute path', '/etc/hostname', /must be relative to the notebook's folder/],
  ];
  for (const [what, file, message] of refused) {
    it(`refuses ${what} before anything is sent (exit 2, bounded memory)`, async () => {
      write('refused.akkuro-nb', file);
      const r = await runCliMeasured(['run', 'notebooks/refused.akkuro-nb', '--env', 'rec'], { cwd: ws });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /notebooks\/refused\.akkuro-nb:line 7, column 17 \(cell 2, line 2, column 11\): /);
      assert.match(r.stderr, /nothing was sent/);
      assert.deepEqual(server.requests, [], 'the recording server saw no request');
      assert.ok(!r.stdout.includes(SYSTEM_FILE) && !r.stderr.includes(SYSTEM_FILE));
      assert.ok(r.peakMiB < 400, `peak RSS ${r.peakMiB} MiB`);
    });
  }

  // A path with a template is only known when the cell runs: the same rule holds there.
  const atRunTime: Array<[string, string, RegExp]> = [
    ['../ out of the workspace', '../../etc-like/passwd', /outside .*ws; body files must be inside/],
    ['a symlink out', 'link-out', /resolves to .*etc-like\/passwd, outside/],
    ['/dev/zero', 'zero', /resolves to \/dev\/zero, outside/],
    ['a FIFO', 'fifo', /fifo is not a regular file/],
  ];
  for (const [what, file, message] of atRunTime) {
    it(`refuses ${what} named through a variable when the cell runs (exit 1, nothing sent)`, async () => {
      writeFileSync(path.join(nb, 'late.akkuro-nb'), notebook(['POST: /upload\nbodyFile: "{{file}}"']));
      const r = await runCliMeasured(['run', 'notebooks/late.akkuro-nb', '--env', 'rec', '--var', `file=${file}`], {
        cwd: ws,
      });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /The body file could not be read/);
      assert.match(r.stdout, message);
      assert.deepEqual(server.requests, []);
      assert.ok(r.peakMiB < 400, `peak RSS ${r.peakMiB} MiB`);
    });
  }

  it('the workspace is the environments file folder, not the current directory', async () => {
    // Run from above the workspace: the current directory holds the "system" file, the workspace does not.
    write('from-above.akkuro-nb', '../../etc-like/passwd');
    const r = await runCli(['run', path.join('ws', 'notebooks', 'from-above.akkuro-nb'), '--env', 'rec'], {
      cwd: outer,
    });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /outside .*ws; body files must be inside the notebook's folder or its workspace/);
    assert.deepEqual(server.requests, []);
  });

  it('sends a file next to the notebook, and one elsewhere in the workspace', async () => {
    writeFileSync(
      path.join(nb, 'fine.akkuro-nb'),
      notebook(['POST: /a\nbodyFile: data/ok.json', 'POST: /b\nbodyFile: ../shared.json']),
    );
    const r = await runCli(['run', 'notebooks/fine.akkuro-nb', '--env', 'rec'], { cwd: ws });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(
      server.requests.map((q) => [q.method, q.url, q.headers['content-type'], q.bodyBytes]),
      [
        ['POST', '/a', 'application/json', statSync(path.join(nb, 'data', 'ok.json')).size],
        ['POST', '/b', 'application/json', statSync(path.join(ws, 'shared.json')).size],
      ],
    );
  });
});
