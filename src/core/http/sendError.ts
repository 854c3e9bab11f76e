import { ProxyTunnelError } from './proxy';

/** `cell`: the request as written cannot be sent (e.g. a character HTTP does not allow in a header). */
export type SendErrorCategory = 'network' | 'timeout' | 'tls' | 'cancelled' | 'cell';

/** A request that got no response, worded for the user: a title, what happened, what to do. */
export class SendError extends Error {
  constructor(
    readonly category: SendErrorCategory,
    readonly title: string,
    message: string,
    readonly hint: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface FailureContext {
  url: string;
  timeoutMs: number;
  /** The proxy the request went through (shown without credentials). */
  proxy?: string;
  /** The run's own timer fired. */
  timedOut: boolean;
  /** The caller cancelled. */
  cancelled: boolean;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO|DEPTH_ZERO|UNABLE_TO_GET_ISSUER/;
const NETWORK_HINT = 'Check the URL, your network, VPN and proxy settings, then try again.';
export const TLS_HINT =
  'TLS verification is always on. If a company proxy inspects TLS, trust its CA through the system certificate store or NODE_EXTRA_CA_CERTS; never disable verification.';

/** Names what went wrong: the phase (connect, proxy tunnel, TLS, response), the host and the proxy. */
export function classifySendError(e: unknown, c: FailureContext): SendError {
  if (e instanceof SendError) return e;
  const err = e as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? err.name;
  const host = safeHost(c.url);
  const via = c.proxy ? ` through the proxy ${c.proxy}` : '';
  const secs = `${Math.round(c.timeoutMs / 100) / 10} s`;
  if (c.timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new SendError(
      'timeout',
      'Timed out',
      `No complete response from ${host}${via} within ${secs}.`,
      c.proxy
        ? `The server or the proxy is slow or unreachable: check the proxy, or raise "timeout:" in the cell (e.g. timeout: 60s) or --timeout / akkuro.requestTimeout.`
        : 'The server is slow or unreachable: raise "timeout:" in the cell (e.g. timeout: 60s) or the akkuro.requestTimeout setting, or try again.',
      code,
    );
  }
  if (c.cancelled || code === 'AbortError' || code === 'UND_ERR_ABORTED')
    return new SendError(
      'cancelled',
      'Cancelled',
      `The request to ${host} was cancelled.`,
      'Run the cell again when you are ready.',
      code,
    );
  if (e instanceof ProxyTunnelError) {
    return new SendError(
      'network',
      'Proxy failed',
      e.message,
      e.status === 407
        ? 'Put the proxy user and password in the proxy URL (http://user:password@proxy:port), or ask your IT team.'
        : 'Check the proxy setting (http.proxy, HTTPS_PROXY/NO_PROXY): the proxy must allow CONNECT to this host.',
      e.code,
    );
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return new SendError(
      'timeout',
      'Could not connect',
      `Could not connect to ${c.proxy ? `the proxy ${c.proxy}` : host} in time.`,
      'Check the host, your VPN and proxy settings (http.proxy, HTTPS_PROXY).',
      code,
    );
  if (code && TLS_CODES.test(code)) {
    return new SendError(
      'tls',
      'TLS certificate problem',
      `The TLS certificate of ${host} could not be verified (${code})${via ? `; the connection went${via}` : ''}.`,
      TLS_HINT,
      code,
    );
  }
  if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN')
    return new SendError(
      'cell',
      'The request cannot be sent',
      `The request to ${host} was not sent: ${err.message ?? code}.`,
      'Header names and values cannot hold line breaks or control characters; fix the cell.',
      code,
    );
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE')
    return new SendError(
      'network',
      'Connection closed',
      `${host}${via} closed the connection before the response was complete (${code}).`,
      'The server, or something between (proxy, load balancer), dropped the request. Try again; if it keeps happening, the server may be failing on this request.',
      code,
    );
  const words: Record<string, string> = {
    ECONNREFUSED: `Connection refused by ${host}: nothing is listening there.`,
    ENOTFOUND: `The host ${host} was not found (DNS).`,
    EAI_AGAIN: `The host ${host} could not be looked up right now (DNS).`,
    EHOSTUNREACH: `The host ${host} is unreachable.`,
    ENETUNREACH: `The network for ${host} is unreachable.`,
  };
  const known = words[code ?? ''];
  const hint =
    code === 'ECONNREFUSED' && /127\.0\.0\.1|localhost/.test(host)
      ? 'Is the local sandbox running? Start it with "Akkuro: Start Local Sandbox" or npm run sandbox.'
      : NETWORK_HINT;
  return new SendError(
    'network',
    known ? 'Could not connect' : 'Request failed',
    known ?? `The request to ${host}${via} failed (${code ?? err.message ?? 'unknown error'}).`,
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
