import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';

export interface ReadBody {
  /** The first `keep` decoded bytes. */
  body: Buffer;
  /** Decoded bytes read: the full size unless `overLimit`. */
  size: number;
  truncated: boolean;
  /** Reading stopped at `stopAt` decoded bytes: the body may never end (an endless stream, a decompression bomb). */
  overLimit: boolean;
}

/**
 * Decodes gzip/deflate/br, keeps at most `keep` bytes and counts the rest, and stops reading (destroying the
 * stream) once more than `stopAt` decoded bytes arrived, so neither memory nor time depends on the server.
 */
export async function readBody(
  body: Readable,
  encoding: string | undefined,
  keep: number,
  stopAt: number,
): Promise<ReadBody> {
  let stream: Readable = body;
  const decoders: Readable[] = [];
  for (const enc of (encoding ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .reverse()) {
    const decoder =
      enc === 'gzip' || enc === 'x-gzip'
        ? zlib.createGunzip()
        : enc === 'deflate'
          ? zlib.createInflate()
          : enc === 'br'
            ? zlib.createBrotliDecompress()
            : undefined;
    if (!decoder) continue;
    stream.on('error', (e) => decoder.destroy(e));
    stream = stream.pipe(decoder);
    decoders.push(decoder);
  }
  const chunks: Buffer[] = [];
  let kept = 0;
  let size = 0;
  let overLimit = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (kept < keep) {
      const part = kept + chunk.length > keep ? chunk.subarray(0, keep - kept) : chunk;
      chunks.push(part);
      kept += part.length;
    }
    if (size > stopAt) {
      overLimit = true;
      break;
    }
  }
  if (overLimit) {
    body.destroy();
    for (const d of decoders) d.destroy();
  }
  return {
    body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, kept),
    size,
    truncated: size > kept,
    overLimit,
  };
}
