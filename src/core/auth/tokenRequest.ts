import { performance } from 'node:perf_hooks';
import type { HttpClient, IncomingResponse } from '../http/send';
import { SendError } from '../http/sendError';
import {
  basicAuthorization,
  tokenFromResponse,
  tokenProblem,
  tokenUrl,
  TokenError,
  type AccessToken,
  type Credentials,
  type TokenTarget,
} from './token';

/** A token response is a few hundred bytes; anything past this is not a token endpoint talking. */
export const TOKEN_BODY_LIMIT = 64 * 1024;
export const DEFAULT_TOKEN_TIMEOUT_MS = 30_000;
/** The pause before the one retry of a 5xx or network failure. */
export const TOKEN_RETRY_DELAY_MS = 500;

export interface RequestTokenOptions {
  http: HttpClient;
  now?: () => number;
  /** The whole token request, a retry and its pause included (the run's timeout). */
  timeoutMs?: number;
  signal?: AbortSignal;
  userAgent?: string;
  retryDelayMs?: number;
}

/**
 * The Akkuro token request, exactly as documented, sent like every request (same client, proxy, TLS and
 * timeout rules), with no redirect followed and the body capped. A 5xx or a network failure is retried
 * once after a short pause, within the same deadline. Throws TokenError, whose text never holds the secret.
 */
export async function requestToken(
  target: TokenTarget,
  credentials: Credentials,
  options: RequestTokenOptions,
): Promise<AccessToken> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  const deadline = performance.now() + timeoutMs;
  try {
    return await attempt(target, credentials, options, timeoutMs);
  } catch (e) {
    const delay = options.retryDelayMs ?? TOKEN_RETRY_DELAY_MS;
    const left = deadline - performance.now() - delay;
    if (!(e instanceof TokenError) || !retriable(e) || left < 100) throw e;
    await pause(delay, options.signal, e);
    try {
      return await attempt(target, credentials, options, left);
    } catch (again) {
      if (again instanceof TokenError && again.kind !== 'cancelled')
        throw new TokenError(
          again.kind,
          `${again.message.replace(/\.$/, '')} (also on a retry).`,
          again.hint,
          again.status,
        );
      throw again;
    }
  }
}

function retriable(e: TokenError): boolean {
  return e.kind === 'network' || (e.kind === 'server' && (e.status ?? 0) >= 500);
}

async function attempt(
  target: TokenTarget,
  credentials: Credentials,
  options: RequestTokenOptions,
  timeoutMs: number,
): Promise<AccessToken> {
  const url = new URL(tokenUrl(target));
  const who = `${target.brokerKey}/${target.labelReferenceId} on ${url.host}`;
  let res: IncomingResponse;
  try {
    res = await options.http.send(
      {
        method: 'GET',
        url: url.href,
        headers: [
          ['authorization', basicAuthorization(credentials)],
          ['accept', 'application/json'],
          ['user-agent', options.userAgent ?? 'akkuro-notebooks'],
        ],
      },
      {
        signal: options.signal,
        timeoutMs,
        maxBodyBytes: TOKEN_BODY_LIMIT,
        maxReadBytes: TOKEN_BODY_LIMIT,
        maxRedirects: 0,
      },
    );
  } catch (e) {
    throw tokenSendError(e, who);
  }
  const status = res.status;
  if (res.limits.length)
    throw new TokenError(
      'bad-response',
      `The token endpoint for ${who} sent a body larger than ${TOKEN_BODY_LIMIT / 1024} KiB; a token response is far smaller, so reading stopped.`,
      'Check that baseUrl points at the Akkuro Lending API (and not at a proxy or another service).',
      status,
    );
  const text = res.body.toString('utf8');
  if (status === 200 || status === 201) {
    const token = tokenFromResponse(text, options.now?.() ?? Date.now());
    const problem = token && tokenProblem(token.token);
    if (token && !problem) return token;
    throw new TokenError(
      'bad-response',
      problem
        ? `The token endpoint for ${who} answered ${status} with a token that cannot be used: ${problem}.`
        : `The token endpoint for ${who} answered ${status} but its body held no token.`,
      'Check that baseUrl points at the Akkuro Lending API. Nothing was sent with it.',
      status,
    );
  }
  throw statusError(status, who, problemDetail(text));
}

function tokenSendError(e: unknown, who: string): unknown {
  if (!(e instanceof SendError)) return e;
  switch (e.category) {
    case 'cancelled':
      return new TokenError('cancelled', `Getting a token for ${who} was cancelled.`, 'Run the cell again.');
    case 'timeout':
      return new TokenError('timeout', `Getting a token for ${who}: ${e.message}`, e.hint);
    case 'tls':
      return new TokenError('tls', `Getting a token for ${who}: ${e.message}`, e.hint);
    default:
      return new TokenError('network', `Could not get a token for ${who}: ${e.message}`, e.hint);
  }
}

function statusError(status: number, who: string, detail: string | undefined): TokenError {
  switch (status) {
    case 401:
      return new TokenError(
        'refused',
        `The client id/secret was refused for ${who}.`,
        'Check the client id and secret, then run "Akkuro: Authenticate" again.',
        status,
      );
    case 403:
      return new TokenError(
        'forbidden',
        `The client is not allowed to get tokens for ${who}${detail ? `: ${detail}` : ''}.`,
        'Check brokerKey (tenant) and labelReferenceId (white label) in akkuro-environments.yaml, or ask for access.',
        status,
      );
    case 404:
      return new TokenError(
        'not-found',
        `No token endpoint for ${who} (404)${detail ? `: ${detail}` : ''}.`,
        'Check baseUrl, brokerKey and labelReferenceId in akkuro-environments.yaml.',
        status,
      );
    default:
      return new TokenError(
        'server',
        `The token endpoint for ${who} answered ${status}${detail ? `: ${detail}` : ''}.`,
        status >= 500 ? 'The service may be unavailable; try again shortly.' : 'Check the environment settings.',
        status,
      );
  }
}

/** Waits before the retry; a cancel during the pause ends it at once. */
function pause(ms: number, signal: AbortSignal | undefined, cause: TokenError): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelledAfter(cause));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledAfter(cause));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelledAfter(cause: TokenError): TokenError {
  return new TokenError(
    'cancelled',
    `Cancelled before retrying: ${cause.message}`,
    'Run the cell again.',
    cause.status,
  );
}

function problemDetail(text: string): string | undefined {
  try {
    const p = JSON.parse(text) as { detail?: unknown; title?: unknown };
    const d = typeof p.detail === 'string' ? p.detail : typeof p.title === 'string' ? p.title : undefined;
    return d && d.length < 300 ? d : undefined;
  } catch {
    return undefined;
  }
}
