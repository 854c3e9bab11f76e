import type { ServerResponse } from 'node:http';

/**
 * The body of the `large-body=<bytes>` fault: valid JSON of exactly that many bytes, written in
 * chunks with backpressure so a gigabyte costs the sandbox no more memory than one chunk.
 * Shape: `{"items":[{"index":"00000000","padding":"xx…"},…]}`, padded with JSON whitespace.
 */
const PREFIX = '{"items":[';
const SUFFIX = ']}';
const PADDING = 'x'.repeat(95);
const ITEM_BYTES = item(0).length;
const ITEMS_PER_CHUNK = 512;

function item(index: number): string {
  return `{"index":"${String(index).padStart(8, '0')}","padding":"${PADDING}"}`;
}

export async function writeLargeBody(res: ServerResponse, bytes: number, signal: AbortSignal): Promise<void> {
  if (bytes < PREFIX.length + SUFFIX.length) {
    res.end('{}' + ' '.repeat(bytes - 2));
    return;
  }
  const room = bytes - PREFIX.length - SUFFIX.length;
  const count = room >= ITEM_BYTES ? 1 + Math.floor((room - ITEM_BYTES) / (ITEM_BYTES + 1)) : 0;
  const whitespace = room - (count > 0 ? count * ITEM_BYTES + (count - 1) : 0);
  let pending = PREFIX;
  let next = 0;
  while (next < count) {
    const parts: string[] = [];
    const end = Math.min(count, next + ITEMS_PER_CHUNK);
    for (; next < end; next++) {
      parts.push(item(next));
    }
    const text = pending + parts.join(',') + (next < count ? ',' : '');
    pending = '';
    if (!(await write(res, text, signal))) {
      return;
    }
  }
  res.end(pending + ' '.repeat(whitespace) + SUFFIX);
}

/** Resolves false when the client went away or the sandbox is closing, so the caller stops writing. */
function write(res: ServerResponse, chunk: string, signal: AbortSignal): Promise<boolean> {
  if (res.destroyed || signal.aborted) {
    return Promise.resolve(false);
  }
  if (res.write(chunk)) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      signal.removeEventListener('abort', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
    signal.addEventListener('abort', onClose);
  });
}
