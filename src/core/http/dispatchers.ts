import * as tls from 'node:tls';
import { createTunnelAgent, proxyFor, proxySettings, type ProxySettings } from './proxy';
import { undici, type Dispatcher } from './undici';

export interface DispatcherOptions {
  /** An explicit proxy (VS Code's `http.proxy`); otherwise HTTP(S)_PROXY/NO_PROXY from the environment apply. */
  proxy?: string;
  /** Extra CA certificates (PEM) to trust besides Node's roots and, where Node exposes it, the system store. */
  extraCa?: string[];
  connectTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  /** For tests: the process environment the proxy variables are read from. */
  env?: Readonly<Record<string, string | undefined>>;
}

export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The keep-alive connections of a face: one direct agent, and one agent per proxy in use. The proxy for
 * each request is decided here (so errors can name it), not inside undici's environment agent. The agents
 * and the TLS context (with the system's CA store, tens of milliseconds to build) are made for the first
 * request, so a face that starts and sends nothing pays nothing.
 */
export class Dispatchers {
  private made: { direct: Dispatcher; connect: Record<string, unknown>; agent: Record<string, unknown> } | undefined;
  private readonly proxies = new Map<string, Dispatcher>();
  private readonly settings: ProxySettings;

  constructor(private readonly options: DispatcherOptions) {
    this.settings = proxySettings(options.proxy, options.env);
  }

  private ready(): NonNullable<Dispatchers['made']> {
    if (this.made) return this.made;
    const connect: Record<string, unknown> = {
      timeout: this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      rejectUnauthorized: true,
    };
    const ca = caCertificates(this.options.extraCa);
    if (ca) connect.secureContext = tls.createSecureContext({ ca });
    const agent = { connect, keepAliveTimeout: this.options.keepAliveTimeoutMs ?? 30_000, allowH2: false };
    this.made = { direct: new undici.Agent(agent), connect, agent };
    return this.made;
  }

  /** The dispatcher for a URL, and the proxy it goes through (with credentials, for undici only). */
  route(url: URL): { dispatcher: Dispatcher; proxy?: string } {
    const proxy = proxyFor(url, this.settings);
    const { direct, connect, agent } = this.ready();
    if (!proxy) return { dispatcher: direct };
    let dispatcher = this.proxies.get(proxy);
    if (!dispatcher) {
      dispatcher = createTunnelAgent(proxy, {
        agent,
        tls: connect,
        connectTimeoutMs: this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      });
      this.proxies.set(proxy, dispatcher);
    }
    return { dispatcher, proxy };
  }

  /** `force`: nothing of ours is in flight, so whatever undici still holds is destroyed, not waited for. */
  async close(force: boolean): Promise<void> {
    const all = [...(this.made ? [this.made.direct] : []), ...this.proxies.values()];
    await Promise.all(all.map((d) => (force ? d.destroy() : d.close())));
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
