import type { ClientLimitOptions } from './clientLimits';
import { DEFAULT_MIGRATION_READS } from './migrations';
import type { SandboxOptions } from './server';
import { TOKEN_RESPONSE_FORMS, type TokenResponseForm } from './tokenEndpoint';

/** The options with their defaults filled in. */
export interface Settings {
  port: number;
  host: string;
  ttl: number;
  form: TokenResponseForm;
  latencyMs: number;
  quiet: boolean;
  limits: ClientLimitOptions;
  migrationReads: number;
}

/** The options with their defaults filled in, each checked: a bad one throws a RangeError that says what is wrong. */
export function settingsOf(options: SandboxOptions): Settings {
  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  const ttl = options.tokenTtlSeconds ?? 300;
  const form = options.tokenResponseForm ?? 'access_token';
  const latencyMs = options.latencyMs ?? 0;
  const migrationReads = options.migrationReads ?? DEFAULT_MIGRATION_READS;
  checkOptions(port, ttl, form, latencyMs);
  checkLimits(options, migrationReads);
  const limits: ClientLimitOptions = {
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.dailyQuota !== undefined ? { dailyQuota: options.dailyQuota } : {}),
  };
  return { port, host, ttl, form, latencyMs, quiet: options.quiet ?? true, limits, migrationReads };
}

function checkOptions(port: number, ttl: number, form: string, latencyMs: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`Sandbox port must be an integer from 0 to 65535 (0 picks a free port), got ${port}.`);
  }
  if (!Number.isInteger(ttl) || ttl < 1) {
    throw new RangeError(`Sandbox tokenTtlSeconds must be a whole number of seconds ≥ 1, got ${ttl}.`);
  }
  if (!(TOKEN_RESPONSE_FORMS as readonly string[]).includes(form)) {
    throw new RangeError(`Sandbox tokenResponseForm must be one of ${TOKEN_RESPONSE_FORMS.join(', ')}, got "${form}".`);
  }
  if (!Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new RangeError(`Sandbox latencyMs must be a number ≥ 0, got ${latencyMs}.`);
  }
}

function checkLimits(options: SandboxOptions, migrationReads: number): void {
  const r = options.rateLimit;
  if (
    r &&
    !(Number.isInteger(r.requests) && r.requests >= 1 && Number.isInteger(r.windowSeconds) && r.windowSeconds >= 1)
  )
    throw new RangeError(
      `Sandbox rateLimit needs whole numbers ≥ 1 of requests and windowSeconds, got ${JSON.stringify(r)}.`,
    );
  const q = options.dailyQuota;
  if (q !== undefined && !(Number.isInteger(q) && q >= 1))
    throw new RangeError(`Sandbox dailyQuota must be a whole number of requests ≥ 1, got ${q}.`);
  if (!(Number.isInteger(migrationReads) && migrationReads >= 1 && migrationReads <= 1000))
    throw new RangeError(`Sandbox migrationReads must be a whole number from 1 to 1000, got ${migrationReads}.`);
}
