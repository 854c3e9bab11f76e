import type { ClientCount } from '../core/budget/usage';
import type { EngineEvent } from '../core/engine';

/** What a run (or one notebook of it) sent: every request and token request, and per client. */
export interface RequestCounts {
  /** Requests and token requests. */
  total: number;
  tokenRequests: number;
  /** Per client whose token went along (a request without a token counts in `total` only). */
  byClient: ClientCount[];
}

/** Counts requests as they are sent: a run's from the engine's events, a notebook's from its cells (RunHooks.counted). */
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

  /** Every request event, and every token request the token cache started (a renewal too). */
  event(e: EngineEvent): void {
    if (e.kind === 'request') this.add('request', e.environment, e.client);
    else if (e.action === 'requested' || e.action === 'renewed') this.add('token', e.environment, e.client);
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

/** `312 requests (onboarding 300 + 1 token request, migration 11)`. */
export function countsText(c: RequestCounts): string {
  const per = c.byClient.map(
    (x) =>
      `${x.client} ${x.requests}${x.tokenRequests ? ` + ${x.tokenRequests} token request${x.tokenRequests === 1 ? '' : 's'}` : ''}`,
  );
  return `${c.total} request${c.total === 1 ? '' : 's'}${per.length ? ` (${per.join(', ')})` : ''}`;
}
