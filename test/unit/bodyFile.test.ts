import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BodyFileError, checkBodyFile, readBodyFile, type BodyFileScope } from '../../src/core/request/bodyFile';
import { withStalledFileSystem } from '../fixtures/stalledFileSystem';

// One rule for bodyFile in both faces (the runner used to follow ../ out of the notebook's folder).
describe('body file rule', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'akkuro-bodyfile-'));
  const ws = path.join(dir, 'ws');
  const nb = path.join(ws, 'notebooks');
  before(() => {
    mkdirSync(path.join(nb, 'data'), { recursive: true });
    mkdirSync(path.join(ws, 'shared'), { recursive: true });
    writeFileSync(path.join(nb, 'data', 'ok.json'), '{"ok":true}');
    writeFileSync(path.join(ws, 'shared', 'common.json'), '{"shared":true}');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside');
    writeFileSync(path.join(nb, 'big.bin'), Buffer.alloc(2048));
    symlinkSync(path.join(dir, 'secret.txt'), path.join(nb, 'link-out.txt'));
    symlinkSync(path.join(nb, 'data', 'ok.json'), path.join(nb, 'link-in.json'));
    symlinkSync('/dev/zero', path.join(nb, 'zero'));
    execFileSync('mkfifo', [path.join(nb, 'fifo')]);
    symlinkSync('/proc/self/status', path.join(nb, 'proc-status'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const scope = (extra: Partial<BodyFileScope> = {}): BodyFileScope => ({ notebookDir: nb, maxBytes: 1024, ...extra });
  const table: Array<[string, string, Partial<BodyFileScope>, string | RegExp]> = [
    ['a file next to the notebook', 'data/ok.json', {}, '{"ok":true}'],
    ['a symlink that stays inside', 'link-in.json', {}, '{"ok":true}'],
    ['the workspace when the notebook is inside it', '../shared/common.json', { rootDir: ws }, '{"shared":true}'],
    [
      '../ out of the notebook folder without a root',
      '../shared/common.json',
      {},
      /outside .*notebooks; body files must be inside/,
    ],
    [
      '../ out of the workspace',
      '../../secret.txt',
      { rootDir: ws },
      /outside .*ws; body files must be inside the notebook's folder or its workspace/,
    ],
    ['a symlink out of the folder', 'link-out.txt', { rootDir: ws }, /resolves to .*secret\.txt, outside/],
    ['an absolute path', '/etc/passwd', { rootDir: ws }, /use a path relative to the notebook/],
    ['a missing file', 'data/nope.json', {}, /no such file: data\/nope\.json/],
    ['a device reached through a symlink', 'zero', { rootDir: '/' }, /zero is not a regular file/],
    ['a FIFO (would block forever)', 'fifo', {}, /fifo is not a regular file/],
    ['a folder', 'data', {}, /data is not a regular file/],
    ['a file over the size cap', 'big.bin', {}, /big\.bin is 2048 bytes, more than the 1024-byte limit/],
    ['an unsaved notebook', 'data/ok.json', { notebookDir: undefined }, /save the notebook first/],
    ['a file whose size says 0 but that holds more (procfs)', 'proc-status', { rootDir: '/' }, /grew past the 1024/],
    [
      'a root that does not hold the notebook is ignored',
      '../shared/common.json',
      { rootDir: path.join(dir, 'elsewhere') },
      /outside/,
    ],
  ];
  for (const [what, file, extra, expected] of table) {
    it(what, async () => {
      const s = scope(extra);
      if (extra.notebookDir === undefined && 'notebookDir' in extra) delete s.notebookDir;
      if (typeof expected === 'string') {
        assert.equal((await readBodyFile(file, s)).toString('utf8'), expected);
        assert.equal(await checkBodyFile(file, s), undefined);
      } else {
        await assert.rejects(
          readBodyFile(file, s),
          (e: unknown) => e instanceof BodyFileError && expected.test(e.message),
        );
        // The check before a run gives the same answer without reading (a size that lies is only seen by reading).
        const checked = await checkBodyFile(file, s);
        if (file === 'proc-status') assert.equal(checked, undefined);
        else assert.match(checked ?? 'accepted', expected);
      }
    });
  }

  it('reads a file at exactly the limit', async () => {
    writeFileSync(path.join(nb, 'exact.bin'), Buffer.alloc(1024, 7));
    assert.equal((await readBodyFile('exact.bin', scope())).length, 1024);
  });

  it('reads within the timeout, with a cancel signal that is never used', async () => {
    const s = scope({ timeoutMs: 5000, signal: new AbortController().signal });
    assert.equal((await readBodyFile('data/ok.json', s)).toString('utf8'), '{"ok":true}');
  });

  it('ends at the timeout when the file system does not answer, naming the file and the timeout', async () => {
    const [error, stillStalled] = await withStalledFileSystem((stalled) =>
      readBodyFile('data/ok.json', scope({ timeoutMs: 200 })).then(
        () => [undefined, stalled()],
        (e: unknown) => [e, stalled()],
      ),
    );
    assert.ok(error instanceof BodyFileError, String(error));
    assert.equal(stillStalled, true, 'it ended only once the file system answered');
    assert.match(error.message, /^data\/ok\.json was not read within the 0\.2 s timeout/);
  });

  it('the check before a run ends at the timeout too, with the same words', async () => {
    const [problem, stillStalled] = await withStalledFileSystem((stalled) =>
      checkBodyFile('data/ok.json', scope({ timeoutMs: 200 })).then((p) => [p, stalled()]),
    );
    assert.equal(stillStalled, true, 'the check ended while the file system was still stalled');
    assert.match(String(problem), /^data\/ok\.json was not read within the 0\.2 s timeout/);
    assert.equal(await checkBodyFile('data/ok.json', scope({ timeoutMs: 5000 })), undefined);
  });

  it('ends when cancelled while the file system does not answer', async () => {
    const cancel = new AbortController();
    const [error, stillStalled] = await withStalledFileSystem((stalled) => {
      const reading = readBodyFile('data/ok.json', scope({ timeoutMs: 60_000, signal: cancel.signal }));
      setImmediate(() => cancel.abort(new Error('cancelled by the user')));
      return reading.then(
        () => [undefined, stalled()],
        (e: unknown) => [e, stalled()],
      );
    });
    assert.equal((error as Error | undefined)?.message, 'cancelled by the user');
    assert.equal(stillStalled, true, 'it ended only once the file system answered');
  });
});
