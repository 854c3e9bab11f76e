import { StringDecoder } from 'node:string_decoder';
import type { RunResult } from '../../contract/response';

/**
 * A run cut down to what history keeps: the response body and the request body to `maxBytes` of UTF-8 each
 * (never splitting a character), marked truncated when cut. Images too large to keep become "binary".
 */
export function boundResult(result: RunResult, maxBytes: number): RunResult {
  const request =
    result.request?.body !== undefined && Buffer.byteLength(result.request.body) > maxBytes
      ? { ...result.request, body: `${prefix(result.request.body, maxBytes)}…` }
      : result.request;
  if (result.kind === 'failure')
    return request === result.request ? result : { ...result, ...(request ? { request } : {}) };
  const body = result.body;
  const bytes = Buffer.byteLength(body.text);
  const boundedBody =
    bytes <= maxBytes
      ? body
      : body.encoding === 'base64'
        ? { ...body, encoding: 'utf8' as const, view: 'binary' as const, text: '', truncated: true }
        : { ...body, text: prefix(body.text, maxBytes), truncated: true };
  if (boundedBody === body && request === result.request) return result;
  return { ...result, body: boundedBody, request: request ?? result.request };
}

function prefix(text: string, maxBytes: number): string {
  return new StringDecoder('utf8').write(Buffer.from(text, 'utf8').subarray(0, maxBytes));
}
