import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';

const READ_CHUNK = 1024 * 1024;

/** Where a notebook's `bodyFile:` may come from. */
export interface BodyFileScope {
  /** The folder of the notebook; relative paths start here. Undefined for an unsaved notebook. */
  notebookDir?: string;
  /** The workspace folder (VS Code) or the runner's current directory, when the notebook is inside it. */
  rootDir?: string;
  maxBytes: number;
  signal?: AbortSignal;
  /** The cell's timeout: opening and reading the file must end within it, as sending must. */
  timeoutMs?: number;
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
export function readBodyFile(file: string, scope: BodyFileScope): Promise<Buffer> {
  return withinDeadline(file, scope, (signal) => openAndRead(file, { ...scope, signal }));
}

/**
 * `work` under one signal for cancel and the cell's timeout, as for the request. A file system call that does
 * not return (a stalled network drive, a thread pool busy with such calls) cannot be interrupted, so the
 * deadline is raced as well; abandoned work stops at its next step and closes the file when the call returns.
 */
async function withinDeadline<T>(
  file: string,
  scope: BodyFileScope,
  work: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (scope.timeoutMs === undefined && !scope.signal) return work(undefined);
  const controller = new AbortController();
  const timer =
    scope.timeoutMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new BodyFileError(timeoutMessage(file, scope.timeoutMs!))), scope.timeoutMs);
  const onCancel = () => controller.abort(scope.signal?.reason);
  if (scope.signal?.aborted) onCancel();
  else scope.signal?.addEventListener('abort', onCancel, { once: true });
  const signal = controller.signal;
  try {
    signal.throwIfAborted();
    const working = work(signal);
    return await new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      working.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  } finally {
    clearTimeout(timer);
    scope.signal?.removeEventListener('abort', onCancel);
  }
}

async function openAndRead(file: string, scope: BodyFileScope): Promise<Buffer> {
  const opened = await openBodyFile(file, scope);
  try {
    return await readBounded(opened.handle, file, scope);
  } finally {
    await opened.handle.close();
  }
}

function timeoutMessage(file: string, timeoutMs: number): string {
  return `${file} was not read within the ${Math.round(timeoutMs / 100) / 10} s timeout (a slow or unreachable drive?); if it is only slow, raise "timeout:" in the cell, --timeout or akkuro.requestTimeout`;
}

/**
 * The same rule without reading: the run-wide check before anything is sent uses it, so a notebook whose
 * fifth cell names a missing or forbidden file sends nothing at all. Returns why the file cannot be used.
 */
export async function checkBodyFile(file: string, scope: BodyFileScope): Promise<string | undefined> {
  try {
    // Within the cell's timeout too: a stalled drive must not hold up the check (and so the whole run) for ever.
    await withinDeadline(file, scope, async () => (await openBodyFile(file, scope)).handle.close());
    return undefined;
  } catch (e) {
    if (e instanceof BodyFileError) return e.message;
    throw e;
  }
}

async function openBodyFile(file: string, scope: BodyFileScope): Promise<{ handle: FileHandle }> {
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
    return { handle };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/**
 * Reads at most one byte past the limit, whatever the file claims: a file that grows while it is read,
 * or one whose size says 0 although it never ends (files under /proc), stops at the limit.
 */
async function readBounded(handle: FileHandle, file: string, scope: BodyFileScope): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    scope.signal?.throwIfAborted();
    const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, scope.maxBytes + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > scope.maxBytes) {
      throw new BodyFileError(`${file} grew past the ${scope.maxBytes}-byte limit for a body while it was read`);
    }
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
