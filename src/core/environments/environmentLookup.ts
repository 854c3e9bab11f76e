import { posix } from 'node:path';
import { ENVIRONMENTS_FILE_NAME } from './environment';

/** The parts of `node:path` the lookup uses: `path.posix` for VS Code URI paths, `path` for the runner. */
export type PathApi = Pick<typeof posix, 'resolve' | 'dirname' | 'join' | 'sep'>;

/**
 * Where `akkuro-environments.yaml` may be for a notebook, nearest first (PRODUCT.md §5: "looked up from the
 * notebook's folder upward"). The walk stops at `rootDir` (the workspace folder in VS Code, the current
 * directory for the runner) when the notebook is inside it, else at the file system's root. Both faces
 * take the first candidate that exists.
 */
export function environmentsFileCandidates(
  startDir: string,
  rootDir: string | undefined,
  p: PathApi = posix,
): string[] {
  const start = p.resolve(startDir);
  const root = rootDir === undefined ? undefined : p.resolve(rootDir);
  const inside = root !== undefined && (start === root || start.startsWith(root.endsWith(p.sep) ? root : root + p.sep));
  const out: string[] = [];
  for (let dir = start; ;) {
    out.push(p.join(dir, ENVIRONMENTS_FILE_NAME));
    if (inside && dir === root) return out;
    const parent = p.dirname(dir);
    if (parent === dir) return out;
    dir = parent;
  }
}

/** The first candidate for which `exists` says yes. */
export function findEnvironmentsFile(
  startDir: string,
  rootDir: string | undefined,
  exists: (path: string) => boolean,
  p: PathApi = posix,
): string | undefined {
  return environmentsFileCandidates(startDir, rootDir, p).find(exists);
}
