import { problem } from './problem';
import type { Reply } from './reply';

/**
 * Per-client limits, as an API gateway applies them: a rate limit (at most `requests` per window of
 * `windowSeconds`) and a daily quota (requests per UTC day). Both are off unless the sandbox is started with
 * them (`rateLimit`, `dailyQuota`; `--rate-limit`, `--daily-quota`), so ordinary runs never meet them. Over either,
 * the answer is 429 with Retry-After and a problem+json body; a refused request does not count.
 */
export interface ClientLimitOptions {
  rateLimit?: { requests: number; windowSeconds: number };
  dailyQuota?: number;
}

const DAY_MS = 24 * 3600 * 1000;
/** Clients are few in the sandbox; a bound still keeps a flood of forged ids from growing the maps. */
const MAX_CLIENTS = 1000;

export class ClientLimits {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly days = new Map<string, { day: number; count: number }>();

  constructor(private readonly options: ClientLimitOptions) {}

  get active(): boolean {
    return !!this.options.rateLimit || !!this.options.dailyQuota;
  }

  /** The 429 for a client over a limit, or undefined after counting the request against both. */
  admit(clientId: string, now: number): Reply | undefined {
    const { rateLimit, dailyQuota } = this.options;
    const day = Math.floor(now / DAY_MS);
    const today = fresh(this.days, clientId, (d) => d.day === day, { day, count: 0 });
    if (dailyQuota && today.count >= dailyQuota) {
      const seconds = Math.ceil(((day + 1) * DAY_MS - now) / 1000);
      return tooMany(
        'quota-exceeded',
        `Client ${clientId} has used its daily quota of ${dailyQuota} requests (per UTC day). It resets at 00:00 UTC, in ${seconds} s.`,
        seconds,
        { limit: dailyQuota, remaining: 0, reset: seconds },
      );
    }
    if (rateLimit) {
      const windowMs = rateLimit.windowSeconds * 1000;
      const w = fresh(this.windows, clientId, (x) => now - x.start < windowMs, { start: now, count: 0 });
      if (w.count >= rateLimit.requests) {
        const seconds = Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
        return tooMany(
          'rate-limited',
          `Client ${clientId} sent more than ${rateLimit.requests} requests in ${rateLimit.windowSeconds} s. Retry after ${seconds} s.`,
          seconds,
          { limit: rateLimit.requests, remaining: 0, reset: seconds },
        );
      }
      w.count++;
    }
    today.count++;
    return undefined;
  }
}

function fresh<T>(map: Map<string, T>, key: string, current: (v: T) => boolean, initial: T): T {
  const v = map.get(key);
  if (v && current(v)) return v;
  if (!v && map.size >= MAX_CLIENTS) map.delete(map.keys().next().value!);
  map.set(key, initial);
  return initial;
}

function tooMany(slug: string, detail: string, seconds: number, members: Record<string, number>): Reply {
  return problem(429, slug, detail, {
    headers: {
      'retry-after': String(seconds),
      'ratelimit-limit': String(members.limit),
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(seconds),
    },
    members,
  });
}
