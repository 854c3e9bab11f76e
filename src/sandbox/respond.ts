import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import type { Encoding } from './negotiation';
import { isRecord, JSON_TYPE, PROBLEM_TYPE, type Reply } from './reply';

/** Bodies up to this size go out as they are: compressing them costs more than it saves. */
export const COMPRESS_THRESHOLD = 1024;

export interface WriteOptions {
  /** The request path, used as a problem's `instance`. */
  path: string;
  /** The encoding the client prefers, if any. */
  encoding?: Encoding;
  /** Headers every response of this request carries (api-version, warnings). */
  headers?: Record<string, string>;
  /** `slow-body` fault: send the headers, then wait this long before the body. */
  slowBodyMs?: number;
  signal: AbortSignal;
}

export async function writeReply(res: ServerResponse, reply: Reply, options: WriteOptions): Promise<void> {
  const headers: Record<string, string> = { ...options.headers, ...reply.headers };
  let body = replyBody(reply, options.path);
  if (body.length > 0 || reply.json !== undefined) {
    headers['content-type'] = reply.contentType ?? JSON_TYPE;
  }
  if (body.length > COMPRESS_THRESHOLD) {
    headers.vary = 'Accept-Encoding';
    if (options.encoding) {
      body = compress(body, options.encoding);
      headers['content-encoding'] = options.encoding;
    }
  }
  if (reply.status !== 204 && reply.status !== 304) {
    headers['content-length'] = String(body.length);
  }
  if (options.slowBodyMs !== undefined) {
    res.writeHead(reply.status, headers);
    res.flushHeaders();
    await sleep(options.slowBodyMs, undefined, { signal: options.signal });
    res.end(body);
    return;
  }
  res.writeHead(reply.status, headers);
  res.end(body);
}

function replyBody(reply: Reply, path: string): Buffer {
  if (reply.json !== undefined) {
    // Handlers build problems without knowing the request path; the writer is the one place that does.
    const json =
      reply.contentType === PROBLEM_TYPE && isRecord(reply.json) && reply.json.instance === undefined
        ? { ...reply.json, instance: path }
        : reply.json;
    return Buffer.from(JSON.stringify(json), 'utf8');
  }
  if (reply.body === undefined) {
    return Buffer.alloc(0);
  }
  return typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
}

/** Brotli at quality 4: near-gzip speed with a better ratio; quality 11 would dominate benchmarks. */
function compress(body: Buffer, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'br':
      return brotliCompressSync(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      });
    case 'gzip':
      return gzipSync(body);
    case 'deflate':
      return deflateSync(body);
  }
}
