import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { Dispatchers, type DispatcherOptions } from './dispatchers';
import { displayProxy } from './proxy';
import { readBody } from './readBody';
import { classifySendError } from './sendError';
import type { HttpMethod } from './undici';

export { SendError, type SendErrorCategory } from './sendError';

export type HttpClientOptions = DispatcherOptions;

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body?: Buffer | string;
}

export interface SendOptions {
  signal?: AbortSignal | undefined;
  /** The whole exchange: connecting (through a proxy too), TLS, redirects and the last body byte. */
  timeoutMs: number;
  /** Decoded bytes kept in memory; the rest is counted, not kept. */
  maxBodyBytes: number;
  /** Decoded bytes after which reading stops and the response is marked as over a limit (default HARD_READ_LIMIT). */
  maxReadBytes?: number;
  /** Same-origin redirects followed (default MAX_REDIRECTS); 0 follows none. */
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
  /** Limits the response ran into (a body that did not end, a redirect loop): each one fails the request. */
  limits: string[];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
export const MAX_REDIRECTS = 5;
/** Past this much decoded data we stop reading (a decompression bomb, or a stream that never ends). */
export const HARD_READ_LIMIT = 1024 * 1024 * 1024;

/**
 * The abort controller of one request at a time, reused while it was never aborted. Its one listener, added when
 * it is made, rejects whatever the request is waiting for (`untilAborted`), so a request adds none of its own.
 */
interface RequestSlot {
  controller: AbortController;
  onAbort?: () => void;
}

function newSlot(): RequestSlot {
  const slot: RequestSlot = { controller: new AbortController() };
  slot.controller.signal.addEventListener('abort', () => slot.onAbort?.(), { once: true });
  return slot;
}

/** Sends the requests of a face over shared keep-alive connections; TLS verification is always on. */
export class HttpClient {
  private readonly dispatchers: Dispatchers;
  private readonly slots: RequestSlot[] = [];
  /** The requests in flight under each caller's signal (a run's cancel): one listener per signal, not per request. */
  private readonly watched = new WeakMap<AbortSignal, Set<() => void>>();
  private inFlight = 0;

  constructor(options: HttpClientOptions = {}) {
    this.dispatchers = new Dispatchers(options);
  }

  async send(req: OutgoingRequest, options: SendOptions): Promise<IncomingResponse> {
    const started = performance.now();
    // One controller and one timer per request: AbortSignal.timeout/any cost more on this hot path,
    // and Node 20's AbortSignal.any keeps dependants on a long-lived signal. A controller that was
    // never aborted is clean once its request settles, so it is reused.
    const slot = this.slots.pop() ?? newSlot();
    const controller = slot.controller;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    const onAbort = () => controller.abort(options.signal?.reason);
    let unwatch: (() => void) | undefined;
    if (options.signal?.aborted) onAbort();
    else if (options.signal) unwatch = this.watch(options.signal, onAbort);
    const signal = controller.signal;
    const redirects: IncomingResponse['redirects'] = [];
    const notes: string[] = [];
    const limits: string[] = [];
    const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
    let current = { ...req };
    let proxy: string | undefined;
    this.inFlight++;
    try {
      for (let hop = 0; ; hop++) {
        const url = new URL(current.url);
        const route = this.dispatchers.route(url);
        proxy = route.proxy;
        const res = await untilAborted(
          route.dispatcher.request({
            origin: url.origin,
            path: url.pathname + url.search,
            method: current.method as HttpMethod,
            headers: flatHeaders(current.headers),
            body: current.body,
            signal,
            headersTimeout: options.timeoutMs,
            bodyTimeout: options.timeoutMs,
          }),
          slot,
        );
        const ttfbMs = performance.now() - started;
        const location = headerValue(res.headers.location);
        if (REDIRECTS.has(res.statusCode) && location && maxRedirects > 0) {
          const target = new URL(location, url);
          if (target.origin !== url.origin) {
            notes.push(
              `Redirect to ${target.origin} was not followed: it leaves ${url.origin}, and the token must never go to another origin. Send a request to ${target.href} explicitly if you trust it.`,
            );
          } else if (hop >= maxRedirects) {
            limits.push(
              `Stopped after ${maxRedirects} redirects: ${url.href} still redirects to ${target.href} (a redirect loop?).`,
            );
          } else {
            await res.body.dump();
            redirects.push({ status: res.statusCode, from: url.href, to: target.href });
            current = redirected(current, res.statusCode, target.href);
            continue;
          }
        }
        const stopAt = Math.max(options.maxReadBytes ?? HARD_READ_LIMIT, options.maxBodyBytes);
        const read = await readBody(
          res.body,
          headerValue(res.headers['content-encoding']),
          options.maxBodyBytes,
          stopAt,
        );
        if (read.overLimit)
          limits.push(
            `The body did not end within ${formatBytes(stopAt)} (decoded); reading stopped there. An endless stream or a decompression bomb?`,
          );
        else if (read.truncated)
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
          limits,
        };
      }
    } catch (e) {
      throw classifySendError(e, {
        url: current.url,
        timeoutMs: options.timeoutMs,
        ...(proxy ? { proxy: displayProxy(proxy) } : {}),
        timedOut: timedOut && !options.signal?.aborted,
        cancelled: !!options.signal?.aborted,
      });
    } finally {
      this.inFlight--;
      clearTimeout(timer);
      unwatch?.();
      slot.onAbort = undefined;
      if (!controller.signal.aborted && this.slots.length < 64) this.slots.push(slot);
    }
  }

  /** Calls `onAbort` when `signal` aborts, until the returned function is called. */
  private watch(signal: AbortSignal, onAbort: () => void): () => void {
    let waiting = this.watched.get(signal);
    if (!waiting) {
      const all = new Set<() => void>();
      signal.addEventListener(
        'abort',
        () => {
          for (const f of [...all]) f();
          all.clear();
        },
        { once: true },
      );
      this.watched.set(signal, all);
      waiting = all;
    }
    const set = waiting;
    set.add(onAbort);
    return () => set.delete(onAbort);
  }

  /**
   * Lets requests in flight finish. With none in flight, whatever undici still holds was given up on (a
   * connection attempt that outlived its request's timeout) and is destroyed rather than waited for.
   */
  async close(): Promise<void> {
    await this.dispatchers.close(this.inFlight === 0);
  }
}

/**
 * undici only aborts a request once it has a connection: one still waiting for a connection (a proxy that
 * never opens the tunnel, a connect that hangs) ignores the signal. The run's timer and cancel must win anyway.
 */
function untilAborted<T extends { body: { destroy(): unknown } }>(pending: Promise<T>, slot: RequestSlot): Promise<T> {
  const { signal } = slot.controller;
  const discard = () =>
    void pending.then(
      (r) => r.body.destroy(),
      () => undefined,
    );
  if (signal.aborted) {
    discard();
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    slot.onAbort = () => {
      discard();
      reject(signal.reason as Error);
    };
    pending.then(
      (r) => {
        slot.onAbort = undefined;
        resolve(r);
      },
      (e: unknown) => {
        slot.onAbort = undefined;
        reject(e as Error);
      },
    );
  });
}

/** `[[name, value], …]` as undici's flat `[name, value, …]` (Array.prototype.flat is slow on this path). */
function flatHeaders(headers: ReadonlyArray<readonly [string, string]>): string[] {
  const flat = new Array<string>(headers.length * 2);
  for (let i = 0; i < headers.length; i++) {
    flat[2 * i] = headers[i][0];
    flat[2 * i + 1] = headers[i][1];
  }
  return flat;
}

function redirected(current: OutgoingRequest, status: number, url: string): OutgoingRequest {
  const toGet = status === 303 || ((status === 301 || status === 302) && current.method === 'POST');
  return {
    method: toGet ? 'GET' : current.method,
    url,
    headers: toGet ? current.headers.filter(([n]) => !/^content-(type|length)$/i.test(n)) : current.headers,
    ...(toGet || current.body === undefined ? {} : { body: current.body }),
  };
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

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024 && n % (1024 * 1024 * 1024) === 0) return `${n / (1024 * 1024 * 1024)} GiB`;
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** Decodes at most `max` bytes of UTF-8 without splitting a character. */
export function utf8Prefix(buf: Buffer, max: number): string {
  if (buf.length <= max) return buf.toString('utf8');
  return new StringDecoder('utf8').write(buf.subarray(0, max));
}
