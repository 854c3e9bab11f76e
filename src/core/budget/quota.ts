/**
 * The arithmetic of daily quotas and run budgets: what is left, when to warn, and whether a run fits. Both
 * faces use it: the extension against each client's `dailyQuota` for the day, the runner against `--budget`.
 */

/** From this share of the quota on, the status bar turns to the warning colour. */
export const QUOTA_WARNING_SHARE = 0.8;

export type QuotaLevel = 'ok' | 'warning' | 'over';

/** `ok` below 80 %, `warning` from 80 %, `over` once the quota is used up; always `ok` without a quota. */
export function quotaLevel(used: number, quota: number | undefined): QuotaLevel {
  if (!quota) return 'ok';
  if (used >= quota) return 'over';
  return used >= quota * QUOTA_WARNING_SHARE ? 'warning' : 'ok';
}

/** `137/500 today`, or `137 today` for a client without a quota. */
export function quotaText(used: number, quota: number | undefined): string {
  return quota ? `${used}/${quota} today` : `${used} today`;
}

/** Requests left today, never below 0; undefined without a quota. */
export function remaining(used: number, quota: number | undefined): number | undefined {
  return quota === undefined ? undefined : Math.max(0, quota - used);
}

/** How many requests a run may send with one client, at most (see estimate.ts). */
export interface ClientEstimate {
  environment: string;
  client: string;
  /** Requests of the cells, pages and attempts included (retries are not: they only follow a 429/503). */
  requests: number;
  /** Token requests: one per white label the client needs a token for and has none cached. */
  tokenRequests: number;
}

export interface OverQuota extends ClientEstimate {
  quota: number;
  used: number;
  left: number;
}

/** The clients whose estimate does not fit in what is left of their quota today. */
export function overQuota(
  estimates: readonly ClientEstimate[],
  used: (environment: string, client: string) => number,
  quotaOf: (environment: string, client: string) => number | undefined,
): OverQuota[] {
  const out: OverQuota[] = [];
  for (const e of estimates) {
    const quota = quotaOf(e.environment, e.client);
    if (!quota) continue;
    const u = used(e.environment, e.client);
    if (u + e.requests + e.tokenRequests > quota) out.push({ ...e, quota, used: u, left: Math.max(0, quota - u) });
  }
  return out;
}

/**
 * "This run may send up to 23 requests with client onboarding (20 + 1 token request), but 5 of its 500 are
 * left today (495 used)." — one sentence per client over its quota.
 */
export function overQuotaMessage(over: readonly OverQuota[]): string {
  return over
    .map((o) => {
      const n = o.requests + o.tokenRequests;
      const parts = o.tokenRequests
        ? ` (${o.requests} + ${o.tokenRequests} token request${o.tokenRequests === 1 ? '' : 's'})`
        : '';
      return `This run may send up to ${n} request${n === 1 ? '' : 's'}${parts} with client "${o.client}" of "${o.environment}", but ${o.left === 0 ? 'none' : o.left} of its daily quota of ${o.quota} ${o.left === 1 ? 'is' : 'are'} left today (${o.used} used).`;
    })
    .join('\n');
}

/** A run's budget (the runner's --budget): how many requests it may still send, and whether `n` more fit. */
export class RunBudget {
  private committed = 0;

  constructor(readonly limit: number) {}

  /** Reserves `n` requests when they fit; otherwise says why not. Reservations are never given back. */
  reserve(n: number, what: string): string | undefined {
    if (this.committed + n <= this.limit) {
      this.committed += n;
      return undefined;
    }
    const left = Math.max(0, this.limit - this.committed);
    return `${what} may send ${n} request${n === 1 ? '' : 's'}, but ${left === 0 ? 'none' : `only ${left}`} of --budget ${this.limit} ${left === 1 ? 'is' : 'are'} left.`;
  }

  get reserved(): number {
    return this.committed;
  }
}
