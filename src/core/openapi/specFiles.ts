import * as nodePath from 'node:path';

/** One directory entry, as the faces' file systems give it. */
export interface DirEntry {
  name: string;
  directory: boolean;
}

export type ListDir = (absoluteDir: string) => Promise<DirEntry[]>;

const MAX_FILES = 200;
const MAX_DEPTH = 12;

/**
 * The files a `specs:` glob names, relative to the environments file's folder: `*` and `?` within a name,
 * `**` for any depth of folders, `{a,b}` for alternatives. Sorted, so the order is the same everywhere.
 */
export async function expandSpecGlob(pattern: string, baseDir: string, list: ListDir): Promise<string[]> {
  const absolute = nodePath.resolve(baseDir, pattern);
  const root = nodePath.parse(absolute).root;
  const parts = absolute
    .slice(root.length)
    .split(/[\\/]+/)
    .filter(Boolean);
  const found = new Set<string>();
  await walk(root, parts, 0, list, found, 0);
  return [...found].sort().slice(0, MAX_FILES);
}

async function walk(
  dir: string,
  parts: string[],
  i: number,
  list: ListDir,
  found: Set<string>,
  depth: number,
): Promise<void> {
  if (found.size >= MAX_FILES || depth > MAX_DEPTH + parts.length) return;
  const part = parts[i];
  const last = i === parts.length - 1;
  if (!hasWildcard(part)) {
    const next = nodePath.join(dir, part);
    if (last) {
      const entries = await safeList(dir, list);
      if (entries.some((e) => e.name === part && !e.directory)) found.add(next);
    } else await walk(next, parts, i + 1, list, found, depth);
    return;
  }
  const entries = await safeList(dir, list);
  if (part === '**') {
    if (!last) await walk(dir, parts, i + 1, list, found, depth + 1);
    for (const e of entries)
      if (e.directory && !e.name.startsWith('.'))
        await walk(nodePath.join(dir, e.name), parts, i, list, found, depth + 1);
    return;
  }
  const re = globSegment(part);
  for (const e of entries) {
    if (!re.test(e.name) || (e.name.startsWith('.') && !part.startsWith('.'))) continue;
    if (last && !e.directory) found.add(nodePath.join(dir, e.name));
    else if (!last && e.directory) await walk(nodePath.join(dir, e.name), parts, i + 1, list, found, depth);
  }
}

async function safeList(dir: string, list: ListDir): Promise<DirEntry[]> {
  try {
    return await list(dir);
  } catch {
    return [];
  }
}

function hasWildcard(part: string): boolean {
  return /[*?{]/.test(part);
}

/** One path segment of a glob as a regular expression. */
export function globSegment(part: string): RegExp {
  let re = '';
  let inAlternatives = false;
  for (const c of part) {
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      re += '(?:';
      inAlternatives = true;
    } else if (c === '}' && inAlternatives) {
      re += ')';
      inAlternatives = false;
    } else if (c === ',' && inAlternatives) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
