import { undici, type ConnectData, type ConnectOptions, type Dispatcher } from './undici';

/** Where requests go through a proxy: an explicit proxy (VS Code's `http.proxy`) or HTTP(S)_PROXY/NO_PROXY. */
export interface ProxySettings {
  http?: string;
  https?: string;
  /** NO_PROXY entries: `host`, `host:port`, `.domain`, `*.domain`, or `*` for none at all. */
  noProxy: string[];
}

type ProcessEnv = Readonly<Record<string, string | undefined>>;

/** Loopback never goes through a proxy: the local sandbox and test servers live there. */
const ALWAYS_DIRECT = ['localhost', '127.0.0.1', '::1'];

export function proxySettings(explicit: string | undefined, env: ProcessEnv = process.env): ProxySettings {
  const http = explicit || env.http_proxy || env.HTTP_PROXY || undefined;
  const https = explicit || env.https_proxy || env.HTTPS_PROXY || http;
  const noProxy = [...ALWAYS_DIRECT, ...(env.no_proxy ?? env.NO_PROXY ?? '').split(/[,\s]+/)].filter(Boolean);
  return { ...(http ? { http } : {}), ...(https ? { https } : {}), noProxy };
}

/** The proxy a request to `target` goes through, or undefined for a direct connection (NO_PROXY rules as curl's). */
export function proxyFor(target: URL, settings: ProxySettings): string | undefined {
  const proxy = target.protocol === 'https:' ? settings.https : settings.http;
  if (!proxy) return undefined;
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  for (const raw of settings.noProxy) {
    if (raw === '*') return undefined;
    const m = /^(\[[^\]]*\]|[^:]+):(\d+)$/.exec(raw);
    if (m && Number(m[2]) !== port) continue;
    const entry = (m ? m[1] : raw)
      .replace(/^\[(.*)\]$/, '$1')
      .replace(/^\*?\./, '')
      .toLowerCase();
    if (host === entry || host.endsWith(`.${entry}`)) return undefined;
  }
  return proxy;
}

/** A proxy URL as errors may show it: scheme, host and port, never the user name or password in it. */
export function displayProxy(proxy: string): string {
  try {
    return new URL(proxy).origin;
  } catch {
    return 'the configured proxy';
  }
}

/** The proxy failed to open a tunnel (CONNECT): it closed the connection, answered something else, or timed out. */
export class ProxyTunnelError extends Error {
  /** Not one of undici's socket codes, so undici fails the waiting request instead of reconnecting. */
  readonly code = 'AKKURO_PROXY_TUNNEL';
  constructor(
    readonly proxy: string,
    readonly target: string,
    readonly reason: string,
    readonly status?: number,
  ) {
    super(`The proxy ${proxy} did not open a tunnel to ${target}: ${reason}.`);
    this.name = 'ProxyTunnelError';
  }
}

interface TunnelAgentOptions {
  agent: Record<string, unknown>;
  tls: Record<string, unknown>;
  /** How long the proxy may take to answer CONNECT. */
  connectTimeoutMs: number;
}

/**
 * A ProxyAgent whose CONNECT failures end the request. undici 7 treats a proxy that drops the connection
 * during CONNECT as a recoverable socket error and reconnects in a tight loop forever, never failing or
 * aborting the waiting request (nodejs/undici#3897, fixed upstream in 8.x by #5441 the same way: wrap the
 * tunnel error in an error with another code). A proxy that never answers CONNECT is bounded by the
 * connect timeout instead of undici's 300 s default.
 */
export function createTunnelAgent(proxy: string, options: TunnelAgentOptions): Dispatcher {
  const shown = displayProxy(proxy);
  return new undici.ProxyAgent({
    ...options.agent,
    uri: proxy,
    requestTls: options.tls,
    proxyTls: options.tls,
    clientFactory: (origin: URL, opts: object) => {
      const pool = new undici.Pool(origin, {
        ...opts,
        headersTimeout: options.connectTimeoutMs,
        bodyTimeout: options.connectTimeoutMs,
      });
      const connect = pool.connect.bind(pool) as (o: ConnectOptions) => Promise<ConnectData>;
      const tunnel = async (o: ConnectOptions): Promise<ConnectData> => {
        let data: ConnectData;
        try {
          data = await connect(o);
        } catch (e) {
          throw new ProxyTunnelError(shown, o.path, tunnelReason(e));
        }
        if (data.statusCode !== 200) {
          data.socket.on('error', () => undefined).destroy();
          const reason =
            data.statusCode === 407
              ? 'it asks for proxy authentication (407)'
              : `it answered ${data.statusCode} instead of 200`;
          throw new ProxyTunnelError(shown, o.path, reason, data.statusCode);
        }
        return data;
      };
      return Object.assign(pool, { connect: tunnel }) as Dispatcher;
    },
  });
}

function tunnelReason(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
      return 'it closed the connection';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'it did not answer in time';
    case 'ECONNREFUSED':
      return 'nothing is listening there (connection refused)';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'it could not be reached in time';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'its host name could not be looked up (DNS)';
    default:
      return `it failed (${code ?? (e as Error).message})`;
  }
}
