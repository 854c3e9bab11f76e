import type { ClientCount } from '../core/budget/usage';

/** What a run (or one notebook of it) sent: every request and token request, and per client. */
export interface RequestCounts {
  /** Requests and token requests. */
  total: number;
  tokenRequests: number;
  /** Per client whose token went along (a request without a token counts in `total` only). */
  byClient: ClientCount[];
}

/** Counts requests as they are sent, from the cells that send them (RunHooks.counted). */
export class RequestTally {
  private total = 0;
  private tokens = 0;
  private readonly clients = new Map<string, ClientCount>();

  add(kind: 'request' | 'token', environment: string, client?: string): void {
    this.total++;
    if (kind === 'token') this.tokens++;
    if (client === undefined) return;
    const key = `${environment}/${client}`;
    let c = this.clients.get(key);
    if (!c) {
      c = { environment, client, requests: 0, tokenRequests: 0 };
      this.clients.set(key, c);
    }
    if (kind === 'token') c.tokenRequests++;
    else c.requests++;
  }

  /** Adds another tally's counts (a notebook's, to the run's). */
  addCounts(c: RequestCounts): void {
    this.total += c.total;
    this.tokens += c.tokenRequests;
    for (const x of c.byClient) {
      const key = `${x.environment}/${x.client}`;
      const mine = this.clients.get(key) ?? {
        environment: x.environment,
        client: x.client,
        requests: 0,
        tokenRequests: 0,
      };
      mine.requests += x.requests;
      mine.tokenRequests += x.tokenRequests;
      this.clients.set(key, mine);
    }
  }

  counts(): RequestCounts {
    return {
      total: this.total,
      tokenRequests: this.tokens,
      byClient: [...this.clients.values()].sort((a, b) =>
        `${a.environment}/${a.client}`.localeCompare(`${b.environment}/${b.client}`),
      ),
    };
  }
}

/**
 * A run's counts: its notebooks' summed. Each request and token request is counted once, by the cell that started
 * it (a token fetched once for several notebooks counts for the first), so nothing listens to every engine event.
 */
export function sumCounts(parts: Iterable<RequestCounts | undefined>): RequestCounts {
  const tally = new RequestTally();
  for (const p of parts) {
    if (!p) continue;
    tally.addCounts(p);
  }
  return tally.counts();
}

/** `312 requests (onboarding 300 + 1 token request, migration 11)`. */
export function countsText(c: RequestCounts): string {
  const per = c.byClient.map(
    (x) =>
      `${x.client} ${x.requests}${x.tokenRequests ? ` + ${x.tokenRequests} token request${x.tokenRequests === 1 ? '' : 's'}` : ''}`,
  );
  return `${c.total} request${c.total === 1 ? '' : 's'}${per.length ? ` (${per.join(', ')})` : ''}`;
}
