import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import * as tls from 'node:tls';
import * as zlib from 'node:zlib';
import { Agent, EnvHttpProxyAgent, type Dispatcher, type HttpMethod } from './undici';

export interface HttpClientOptions {
  /** An explicit proxy (VS Code's `http.proxy`); otherwise HTTP(S)_PROXY/NO_PROXY from the environment apply. */
  proxy?: string;
  /** Extra CA certificates (PEM) to trust besides Node's roots and, where Node exposes it, the system store. */
  extraCa?: string[];
  connectTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
}

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body?: Buffer | string;
}

export interface SendOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Decoded bytes kept in memory; the rest is counted, not kept. */
  maxBodyBytes: number;
  maxRedirects?: number;
}

export interface IncomingResponse {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: Buffer;
  /** Full decoded size, even when `body` holds only the first `maxBodyBytes`. */
  size: number;
  truncated: boolean;
  ttfbMs: number;
  totalMs: number;
  url: string;
  redirects: Array<{ status: number; from: string; to: string }>;
  notes: string[];
}

export type SendErrorCategory = 'network' | 'timeout' | 'tls' | 'cancelled';

export class SendError extends Error {
  constructor(
    readonly category: SendErrorCategory,
    message: string,
    readonly hint: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Past this much decoded data we stop reading (a decompression bomb, or a stream that never ends). */
const HARD_READ_LIMIT = 1024 * 1024 * 1024;
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO|DEPTH_ZERO|UNABLE_TO_GET_ISSUER/;

/** One keep-alive dispatcher for every request of a face; TLS verification is always on. */
export class HttpClient {
  readonly dispatcher: Dispatcher;
  private readonly controllers: AbortController[] = [];

  constructor(options: HttpClientOptions = {}) {
    const connect: Record<string, unknown> = { timeout: options.connectTimeoutMs ?? 10_000, rejectUnauthorized: true };
    const ca = caCertificates(options.extraCa);
    if (ca) connect.secureContext = tls.createSecureContext({ ca });
    const agentOptions = { connect, keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000, allowH2: false };
    const noProxy = ['localhost', '127.0.0.1', '::1', process.env.NO_PROXY ?? process.env.no_proxy ?? '']
      .filter(Boolean)
      .join(',');
    const useProxy =
      options.proxy ||
      process.env.HTTPS_PROXY ||
      process.env.https_proxy ||
      process.env.HTTP_PROXY ||
      process.env.http_proxy;
    this.dispatcher = useProxy
      ? new EnvHttpProxyAgent({
          ...agentOptions,
          ...(options.proxy ? { httpProxy: options.proxy, httpsProxy: options.proxy } : {}),
          noProxy,
          requestTls: connect,
          proxyTls: connect,
        })
      : new Agent(agentOptions);
  }

  async send(req: OutgoingRequest, options: SendOptions): Promise<IncomingResponse> {
    const started = performance.now();
    // One controller and one timer per request: AbortSignal.timeout/any cost more on this hot path,
    // and Node 20's AbortSignal.any keeps dependants on a long-lived signal. A controller that was
    // never aborted is clean once its request settles, so it is reused.
    const controller = this.controllers.pop() ?? new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    const onAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    const signal = controller.signal;
    const redirects: IncomingResponse['redirects'] = [];
    const notes: string[] = [];
    let current = { ...req };
    try {
      for (let hop = 0; ; hop++) {
        const url = new URL(current.url);
        const res = await this.dispatcher.request({
          origin: url.origin,
          path: url.pathname + url.search,
          method: current.method as HttpMethod,
          headers: current.headers.flat(),
          body: current.body,
          signal,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        });
        const ttfbMs = performance.now() - started;
        const location = headerValue(res.headers.location);
        if (REDIRECTS.has(res.statusCode) && location && hop < (options.maxRedirects ?? 5)) {
          const target = new URL(location, url);
          if (target.origin === url.origin) {
            await res.body.dump();
            redirects.push({ status: res.statusCode, from: url.href, to: target.href });
            const toGet =
              res.statusCode === 303 ||
              ((res.statusCode === 301 || res.statusCode === 302) && current.method === 'POST');
            current = {
              method: toGet ? 'GET' : current.method,
              url: target.href,
              headers: toGet ? current.headers.filter(([n]) => !/^content-(type|length)$/i.test(n)) : current.headers,
              ...(toGet ? {} : { body: current.body }),
            };
            continue;
          }
          notes.push(
            `Redirect to ${target.origin} was not followed: it leaves ${url.origin}, and the token must never go to another origin. Send a request to ${target.href} explicitly if you trust it.`,
          );
        }
        const read = await readBody(res.body, headerValue(res.headers['content-encoding']), options.maxBodyBytes);
        if (read.truncated)
          notes.push(`The body is ${read.size} bytes; only the first ${read.body.length} bytes are kept.`);
        return {
          status: res.statusCode,
          statusText: STATUS_CODES[res.statusCode] ?? '',
          headers: headerPairs(res.headers),
          body: read.body,
          size: read.size,
          truncated: read.truncated,
          ttfbMs,
          totalMs: performance.now() - started,
          url: url.href,
          redirects,
          notes,
        };
      }
    } catch (e) {
      throw classify(e, current.url, options, timedOut && !options.signal?.aborted);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (!controller.signal.aborted && this.controllers.length < 64) this.controllers.push(controller);
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

function caCertificates(extra: string[] | undefined): string[] | undefined {
  const get = (tls as unknown as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  let system: string[];
  try {
    system = get ? get('system') : [];
  } catch {
    system = [];
  }
  if (system.length === 0 && !extra?.length) return undefined;
  return [...(get ? get('default') : tls.rootCertificates), ...system, ...(extra ?? [])];
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

export function headerPairs(headers: Record<string, string | string[] | undefined>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) pairs.push([k, x]);
    else pairs.push([k, v]);
  }
  return pairs;
}

/** Decodes gzip/deflate/br and keeps at most `max` bytes while counting the full size. */
async function readBody(
  body: Readable,
  encoding: string | undefined,
  max: number,
): Promise<{ body: Buffer; size: number; truncated: boolean }> {
  let stream: Readable = body;
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
  }
  const chunks: Buffer[] = [];
  let kept = 0;
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (kept < max) {
      const part = kept + chunk.length > max ? chunk.subarray(0, max - kept) : chunk;
      chunks.push(part);
      kept += part.length;
    }
    if (size > HARD_READ_LIMIT) {
      body.destroy();
      break;
    }
  }
  return { body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, kept), size, truncated: size > kept };
}

function classify(e: unknown, url: string, options: SendOptions, timedOut: boolean): SendError {
  if (e instanceof SendError) return e;
  const err = e as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? err.name;
  const host = safeHost(url);
  const secs = `${Math.round(options.timeoutMs / 100) / 10} s`;
  if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new SendError(
      'timeout',
      `No complete response from ${host} within ${secs}.`,
      'The server is slow or unreachable: raise "timeout:" in the cell (e.g. timeout: 60s) or the akkuro.requestTimeout setting, or try again.',
      code,
    );
  }
  if (options.signal?.aborted || code === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new SendError(
      'cancelled',
      `The request to ${host} was cancelled.`,
      'Run the cell again when you are ready.',
      code,
    );
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return new SendError(
      'timeout',
      `Could not connect to ${host} in time.`,
      'Check the host, your VPN and proxy settings (http.proxy).',
      code,
    );
  if (code && TLS_CODES.test(code)) {
    return new SendError(
      'tls',
      `The TLS certificate of ${host} could not be verified (${code}).`,
      'TLS verification is always on. If a company proxy inspects TLS, trust its CA through the system certificate store or NODE_EXTRA_CA_CERTS; never disable verification.',
      code,
    );
  }
  const words: Record<string, string> = {
    ECONNREFUSED: `Connection refused by ${host}: nothing is listening there.`,
    ECONNRESET: `The connection to ${host} was reset before the response was complete.`,
    UND_ERR_SOCKET: `The connection to ${host} was closed before the response was complete.`,
    ENOTFOUND: `The host ${host} was not found (DNS).`,
    EAI_AGAIN: `The host ${host} could not be looked up right now (DNS).`,
    EHOSTUNREACH: `The host ${host} is unreachable.`,
    ENETUNREACH: `The network for ${host} is unreachable.`,
  };
  const hint =
    code === 'ECONNREFUSED' && /127\.0\.0\.1|localhost/.test(host)
      ? 'Is the local sandbox running? Start it with "Akkuro: Start Local Sandbox" or npm run sandbox.'
      : 'Check the URL, your network, VPN and proxy settings, then try again.';
  return new SendError(
    'network',
    words[code ?? ''] ?? `The request to ${host} failed (${code ?? err.message ?? 'unknown error'}).`,
    hint,
    code,
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Decodes at most `max` bytes of UTF-8 without splitting a character. */
export function utf8Prefix(buf: Buffer, max: number): string {
  if (buf.length <= max) return buf.toString('utf8');
  return new StringDecoder('utf8').write(buf.subarray(0, max));
}
