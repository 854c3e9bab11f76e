import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import * as path from 'node:path';

/** Where a notebook's `bodyFile:` may come from. */
export interface BodyFileScope {
  /** The folder of the notebook; relative paths start here. Undefined for an unsaved notebook. */
  notebookDir?: string;
  /** The workspace folder (VS Code) or the runner's current directory, when the notebook is inside it. */
  rootDir?: string;
  maxBytes: number;
  signal?: AbortSignal;
}

/** Why a body file was not read, in words for the output; nothing was sent. */
export class BodyFileError extends Error {
  override name = 'BodyFileError';
}

/**
 * The one rule for `bodyFile:` (both faces): a path relative to the notebook, whose real path (symlinks
 * followed) stays inside the notebook's folder, or inside the root folder that holds the notebook; a
 * regular file (never a FIFO, device or folder, which could block or never end); at most `maxBytes`.
 * A notebook from someone else must not be able to send a file from elsewhere on this machine.
 */
export async function readBodyFile(file: string, scope: BodyFileScope): Promise<Buffer> {
  if (!scope.notebookDir) throw new BodyFileError('save the notebook first, so relative paths have a folder');
  if (path.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file)) {
    throw new BodyFileError('use a path relative to the notebook (absolute paths would make notebooks unportable)');
  }
  const allowed = await allowedFolder(scope);
  let real: string;
  try {
    real = await realpath(path.resolve(scope.notebookDir, file));
  } catch (e) {
    throw new BodyFileError(reason(e, file));
  }
  if (!isInside(real, allowed)) {
    throw new BodyFileError(
      `it resolves to ${real}, outside ${allowed}; body files must be inside the notebook's folder${scope.rootDir ? ' or its workspace' : ''}`,
    );
  }
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below as not a regular file.
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK).catch((e: unknown) => {
    throw new BodyFileError(reason(e, file));
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new BodyFileError(`${file} is not a regular file`);
    if (stat.size > scope.maxBytes) {
      throw new BodyFileError(`${file} is ${stat.size} bytes, more than the ${scope.maxBytes}-byte limit for a body`);
    }
    const body = await handle.readFile(scope.signal ? { signal: scope.signal } : {});
    // A file that grew while it was read is held to the same limit.
    if (body.length > scope.maxBytes) {
      throw new BodyFileError(`${file} grew past the ${scope.maxBytes}-byte limit for a body while it was read`);
    }
    return body;
  } finally {
    await handle.close();
  }
}

async function allowedFolder(scope: BodyFileScope): Promise<string> {
  const notebookDir = await realpath(scope.notebookDir!).catch(() => path.resolve(scope.notebookDir!));
  if (!scope.rootDir) return notebookDir;
  const root = await realpath(scope.rootDir).catch(() => path.resolve(scope.rootDir!));
  return isInside(notebookDir, root) ? root : notebookDir;
}

export function isInside(child: string, folder: string): boolean {
  const rel = path.relative(folder, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function reason(e: unknown, file: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `no such file: ${file}`;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied: ${file}`;
  if (code === 'ELOOP') return `${file} is a symbolic link loop`;
  if (e instanceof BodyFileError) return e.message;
  return `${file} could not be read (${code ?? (e as Error).message})`;
}
