export interface SandboxStats {
  /** Every hit on the token endpoint (successful or not). */
  tokenRequests: number;
  tokensIssued: number;
  /** Every request outside /authentication and /__sandbox. */
  apiRequests: number;
  /** 401 responses sent. */
  unauthorized: number;
  /** 403 responses sent. */
  forbidden: number;
  /** 429 responses of the per-client rate limit or daily quota (not injected ones). */
  rateLimited: number;
  /** TCP connections accepted. */
  connections: number;
  /** "GET /counterparty-management/counterparties/{id}" style keys. */
  requestsByPath: Record<string, number>;
  /** Tokens issued per "client-id demo-bank/demo-label": tokens are bound to one client and one white label. */
  tokensIssuedBy: Record<string, number>;
}

type Counter = Exclude<keyof SandboxStats, 'requestsByPath' | 'tokensIssuedBy'>;

/** Unknown paths are client-chosen; beyond this many distinct keys they share one, to bound memory. */
const MAX_PATH_KEYS = 500;
const ID_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+|[0-9a-f]{16,})$/i;

/** The counters of one sandbox; a snapshot is a fresh object, so callers cannot change the counts. */
export class StatsRecorder {
  private counters = zero();
  private byPath = new Map<string, number>();
  private byClient = new Map<string, number>();

  increment(counter: Counter): void {
    this.counters[counter]++;
  }

  request(method: string, pathKey: string): void {
    let key = `${method} ${pathKey}`;
    if (!this.byPath.has(key) && this.byPath.size >= MAX_PATH_KEYS) {
      key = `${method} (other paths)`;
    }
    this.byPath.set(key, (this.byPath.get(key) ?? 0) + 1);
  }

  /** A token issued for a client and a white label (few demo clients and labels: the keys stay bounded). */
  tokenIssued(clientId: string, tenant: string, whiteLabel: string): void {
    const key = `${clientId} ${tenant}/${whiteLabel}`;
    this.byClient.set(key, (this.byClient.get(key) ?? 0) + 1);
  }

  snapshot(): SandboxStats {
    return {
      ...this.counters,
      requestsByPath: Object.fromEntries(this.byPath),
      tokensIssuedBy: Object.fromEntries(this.byClient),
    };
  }

  reset(): void {
    this.counters = zero();
    this.byPath = new Map();
    this.byClient = new Map();
  }
}

function zero(): Record<Counter, number> {
  return {
    tokenRequests: 0,
    tokensIssued: 0,
    apiRequests: 0,
    unauthorized: 0,
    forbidden: 0,
    rateLimited: 0,
    connections: 0,
  };
}

/** The stats key of a path no route matched: ids (UUIDs, numbers, long hex) become `{id}`. */
export function normalizePath(segments: readonly string[]): string {
  return '/' + segments.map((s) => (ID_SEGMENT.test(s) ? '{id}' : s)).join('/');
}
