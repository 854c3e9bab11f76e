import type { EngineEvent } from '../engine';

/**
 * Requests counted per client and UTC day (PRODUCT.md §10): every request sent with a client's token and every
 * token request of that client counts one. Akkuro issues clients for an expected number of requests per day,
 * so the day is the UTC day, the same wherever the team sits. Pure: the faces feed it the engine's events and
 * keep it where they like (the extension in VS Code's global state, the runner for one run).
 */

/** `2025-06-01`: the UTC day of an instant. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The key of one client of one environment. Environment and client names are letters, digits, `-` and `_`,
 * so `/` cannot be part of either and the key is unambiguous.
 */
export function usageKey(environment: string, client: string): string {
  return `${environment}/${client}`;
}

export function parseUsageKey(key: string): { environment: string; client: string } | undefined {
  const i = key.indexOf('/');
  return i > 0 && i < key.length - 1 ? { environment: key.slice(0, i), client: key.slice(i + 1) } : undefined;
}

/** What one event counts for: the client whose quota it uses, and whether it was a token request. */
export function countedEvent(event: EngineEvent): { key: string; token: boolean } | undefined {
  if (event.kind === 'request')
    return event.client === undefined ? undefined : { key: usageKey(event.environment, event.client), token: false };
  if (event.action !== 'requested' && event.action !== 'renewed') return undefined;
  return event.client === undefined ? undefined : { key: usageKey(event.environment, event.client), token: true };
}

/** One UTC day's counts by usage key. */
export interface DayCounts {
  day: string;
  counts: Record<string, number>;
}

/** Per client: requests and token requests, apart (reports show both). */
export interface ClientCount {
  environment: string;
  client: string;
  requests: number;
  tokenRequests: number;
}

/**
 * The counts of today. When the UTC day turns, yesterday's counts are dropped: a quota is per day.
 */
export class RequestCounter {
  private day: string;
  private readonly requests = new Map<string, number>();
  private readonly tokens = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    initial?: DayCounts,
  ) {
    this.day = utcDay(now());
    if (initial?.day === this.day) for (const [k, n] of Object.entries(initial.counts)) this.add(k, n, false);
  }

  /** Counts an engine event; the key it counted for, or undefined when it uses no client's quota. */
  record(event: EngineEvent): string | undefined {
    const counted = countedEvent(event);
    if (!counted) return undefined;
    this.add(counted.key, 1, counted.token);
    return counted.key;
  }

  add(key: string, n: number, token: boolean): void {
    this.roll();
    if (!(n > 0)) return;
    const map = token ? this.tokens : this.requests;
    map.set(key, (map.get(key) ?? 0) + n);
  }

  /** Today's requests of a client, token requests included. */
  count(environment: string, client: string): number {
    this.roll();
    const key = usageKey(environment, client);
    return (this.requests.get(key) ?? 0) + (this.tokens.get(key) ?? 0);
  }

  total(): number {
    this.roll();
    let n = 0;
    for (const v of this.requests.values()) n += v;
    for (const v of this.tokens.values()) n += v;
    return n;
  }

  /** Today's counts, requests and token requests together, as one day's record to keep. */
  snapshot(): DayCounts {
    this.roll();
    const counts: Record<string, number> = {};
    for (const map of [this.requests, this.tokens]) for (const [k, v] of map) counts[k] = (counts[k] ?? 0) + v;
    return { day: this.day, counts };
  }

  /** Per client, requests and token requests apart, sorted by environment and client. */
  byClient(): ClientCount[] {
    this.roll();
    const keys = [...new Set([...this.requests.keys(), ...this.tokens.keys()])].sort();
    return keys.flatMap((key) => {
      const parsed = parseUsageKey(key);
      return parsed
        ? [{ ...parsed, requests: this.requests.get(key) ?? 0, tokenRequests: this.tokens.get(key) ?? 0 }]
        : [];
    });
  }

  private roll(): void {
    const today = utcDay(this.now());
    if (today === this.day) return;
    this.day = today;
    this.requests.clear();
    this.tokens.clear();
  }
}

/**
 * The sum of several records of the same day (one per VS Code window session, each written only by its
 * own window so that no window overwrites another's counts); other days are left out.
 */
export function sumDayCounts(records: Iterable<DayCounts | undefined>, day: string): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const r of records) {
    if (!r || r.day !== day || typeof r.counts !== 'object' || r.counts === null) continue;
    for (const [k, n] of Object.entries(r.counts))
      if (typeof n === 'number' && Number.isFinite(n) && n > 0) sum[k] = (sum[k] ?? 0) + n;
  }
  return sum;
}
