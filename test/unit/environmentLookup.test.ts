import assert from 'node:assert/strict';
import path from 'node:path';
import { environmentsFileCandidates, findEnvironmentsFile } from '../../src/core/environments/environmentLookup';

const F = 'akkuro-environments.yaml';

// One lookup rule for both faces: from the notebook's folder up to the root folder (workspace folder or
// the runner's current directory) when inside it, else up to the file system's root.
describe('environments file lookup', () => {
  const table: Array<[string, string, string | undefined, string[]]> = [
    ['inside the root: up to it', '/ws/a/b', '/ws', ['/ws/a/b', '/ws/a', '/ws']],
    ['at the root: only there', '/ws', '/ws', ['/ws']],
    ['the root with a trailing slash', '/ws/a', '/ws/', ['/ws/a', '/ws']],
    ['outside the root: up to /', '/other/x', '/ws', ['/other/x', '/other', '/']],
    ['a sibling that shares a prefix is outside', '/ws2/a', '/ws', ['/ws2/a', '/ws2', '/']],
    ['no root: up to /', '/a/b', undefined, ['/a/b', '/a', '/']],
    ['dot segments are resolved first', '/ws/a/../b', '/ws', ['/ws/b', '/ws']],
  ];
  for (const [what, start, root, dirs] of table) {
    it(what, () => {
      assert.deepEqual(
        environmentsFileCandidates(start, root),
        dirs.map((d) => path.posix.join(d, F)),
      );
    });
  }

  it('takes the nearest file that exists', () => {
    const files = new Set([`/ws/${F}`, `/ws/a/${F}`]);
    const exists = (p: string) => files.has(p);
    assert.equal(findEnvironmentsFile('/ws/a/b/c', '/ws', exists), `/ws/a/${F}`);
    assert.equal(findEnvironmentsFile('/ws/x', '/ws', exists), `/ws/${F}`);
    assert.equal(findEnvironmentsFile('/other/x', '/ws', exists), undefined);
    files.clear();
    assert.equal(findEnvironmentsFile('/ws/a', '/ws', exists), undefined);
  });

  it('works with the platform path module (the runner)', () => {
    const dir = path.resolve('some', 'dir');
    assert.equal(environmentsFileCandidates(dir, path.resolve('some'), path).length, 2);
  });
});
