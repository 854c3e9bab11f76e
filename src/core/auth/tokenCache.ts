import type { AccessToken, Credentials, TokenTarget } from './token';

export type TokenFetcher = (
  target: TokenTarget,
  credentials: Credentials,
  options: { timeoutMs?: number },
) => Promise<AccessToken>;

export interface TokenGetOptions {
  /** This caller stops waiting (the fetch goes on for the others). */
  signal?: AbortSignal | undefined;
  /** Bounds the token request this caller starts (the run's timeout). */
  timeoutMs?: number | undefined;
  /** Told when a renewal failed and the current, still valid token is used instead. */
  onNote?: (note: string) => void;
  /** Told when this call started a token request (rather than using a cached token or joining one in flight). */
  onFetch?: () => void;
}

export interface TokenCacheOptions {
  fetch: TokenFetcher;
  now?: () => number;
  /** Renew when less than this is left; capped at a fifth of the token's lifetime for short-lived tokens. */
  renewBeforeMs?: number;
  /** Told about every token handed out, so the owner's Redactor can hide it. */
  onToken?: (token: AccessToken) => void;
  /** Told what happens to tokens (for the log and request budgets); never given the token itself. */
  onEvent?: (event: TokenEvent) => void;
}

export interface TokenEvent {
  kind: 'token';
  action: 'requested' | 'renewed' | 'received' | 'failed' | 'dropped';
  environment: string;
  origin: string;
  brokerKey: string;
  labelReferenceId: string;
  clientId?: string;
  /** The client's name in the environments file, when known. */
  client?: string;
  /** Why a fetch failed, or why tokens were dropped; never holds a secret. */
  reason?: string;
  /** Epoch ms, for "received". */
  expiresAt?: number;
}

/** How long a valid token is used without retrying after its renewal failed. */
const RENEWAL_PAUSE_MS = 10_000;

/**
 * Tokens in memory only, keyed by (environment, origin, broker key, label, client id), so switching
 * environment or credentials never reuses another's token. Renewed ahead of expiry; fetched once even
 * when many requests need one at the same time (single-flight).
 */
export class TokenCache {
  private readonly tokens = new Map<string, AccessToken>();
  /** The client's name in the environments file for each token kept (the key holds its id), for drop events. */
  private readonly clients = new Map<string, string>();
  private readonly inflight = new Map<string, Promise<AccessToken>>();
  /** After a failed renewal, the valid token is used without asking again until then (epoch ms). */
  private readonly renewalPaused = new Map<string, number>();
  private readonly now: () => number;
  private fetches = 0;

  constructor(private readonly options: TokenCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  static key(target: TokenTarget, clientId: string): string {
    // NUL cannot occur in any of the parts (names, origins, header-safe ids), so the join is unambiguous.
    return `${target.environment}\0${target.origin}\0${target.brokerKey}\0${target.labelReferenceId}\0${clientId}`;
  }

  /**
   * A valid token, fetching one (once, however many callers ask) when missing or about to expire. When a
   * renewal ahead of expiry fails, the current token is still valid and is used: a brief token-endpoint
   * outage must not fail requests that need no new token.
   */
  async get(target: TokenTarget, credentials: Credentials, options: TokenGetOptions = {}): Promise<AccessToken> {
    const key = TokenCache.key(target, credentials.clientId);
    const cached = this.tokens.get(key);
    if (cached && !this.needsRenewal(cached)) return cached;
    if (cached && (this.renewalPaused.get(key) ?? 0) > this.now() && cached.expiresAt > this.now()) return cached;
    const pending = this.fetch(key, target, credentials, options.timeoutMs, options.onFetch);
    const { signal } = options;
    // One caller giving up must not fail the others waiting on the same fetch.
    const mine = signal ? raceAbort(pending, signal) : pending;
    if (!cached) return mine;
    try {
      return await mine;
    } catch (e) {
      const left = cached.expiresAt - this.now();
      if (signal?.aborted || left <= 0 || this.tokens.get(key) !== cached) throw e;
      this.renewalPaused.set(key, this.now() + Math.min(RENEWAL_PAUSE_MS, left / 2));
      options.onNote?.(
        `Renewing the token failed (${e instanceof Error ? e.message : String(e)}); the current token, valid for ${Math.ceil(left / 1000)} s more, was used.`,
      );
      return cached;
    }
  }

  private fetch(
    key: string,
    target: TokenTarget,
    credentials: Credentials,
    timeoutMs?: number,
    onFetch?: () => void,
  ): Promise<AccessToken> {
    let pending = this.inflight.get(key);
    if (!pending) {
      this.fetches++;
      onFetch?.();
      const event = { kind: 'token', ...tokenEventTarget(target), clientId: credentials.clientId } as const;
      this.options.onEvent?.({ ...event, action: this.tokens.has(key) ? 'renewed' : 'requested' });
      pending = this.options
        .fetch(target, credentials, timeoutMs === undefined ? {} : { timeoutMs })
        .then(
          (token) => {
            this.options.onToken?.(token);
            this.keep(key, token, target);
            this.renewalPaused.delete(key);
            this.options.onEvent?.({ ...event, action: 'received', expiresAt: token.expiresAt });
            return token;
          },
          (e: unknown) => {
            this.options.onEvent?.({ ...event, action: 'failed', reason: e instanceof Error ? e.message : String(e) });
            throw e;
          },
        )
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /** Whether `get` would send a token request now: no token, or one due for renewal (request budgets ask first). */
  wouldFetch(target: TokenTarget, clientId: string): boolean {
    const key = TokenCache.key(target, clientId);
    if (this.inflight.has(key)) return false;
    const cached = this.tokens.get(key);
    if (!cached) return true;
    if (!this.needsRenewal(cached)) return false;
    return !((this.renewalPaused.get(key) ?? 0) > this.now() && cached.expiresAt > this.now());
  }

  /** The cached token without fetching (for the status bar and token details); expired ones only when asked. */
  peek(target: TokenTarget, clientId: string, includeExpired = false): AccessToken | undefined {
    const t = this.tokens.get(TokenCache.key(target, clientId));
    return t && (includeExpired || t.expiresAt > this.now()) ? t : undefined;
  }

  /** Puts a token fetched and verified elsewhere (e.g. while signing in) into the cache. */
  seed(target: TokenTarget, clientId: string, token: AccessToken): void {
    this.options.onToken?.(token);
    this.keep(TokenCache.key(target, clientId), token, target);
  }

  private keep(key: string, token: AccessToken, target: TokenTarget): void {
    this.tokens.set(key, token);
    if (target.client !== undefined) this.clients.set(key, target.client);
    else this.clients.delete(key);
  }

  private forget(key: string): void {
    this.tokens.delete(key);
    this.clients.delete(key);
  }

  /** Drops `token` after the API refused it (401); a newer token fetched meanwhile is kept. */
  invalidate(target: TokenTarget, clientId: string, token: string): void {
    const key = TokenCache.key(target, clientId);
    if (this.tokens.get(key)?.token !== token) return;
    this.forget(key);
    this.options.onEvent?.({
      kind: 'token',
      action: 'dropped',
      ...tokenEventTarget(target),
      clientId,
      reason: 'the API refused it (401)',
    });
  }

  /**
   * Drops every token of an environment (sign out, changed credentials, another window's change), or only
   * those of one client id of it, in every white label.
   */
  dropEnvironment(environment: string, onlyClientId?: string): void {
    for (const key of [...this.tokens.keys()]) {
      if (!key.startsWith(`${environment}\0`)) continue;
      const [, origin = '', brokerKey = '', labelReferenceId = '', clientId = ''] = key.split('\0');
      if (onlyClientId !== undefined && clientId !== onlyClientId) continue;
      const client = this.clients.get(key);
      this.forget(key);
      this.options.onEvent?.({
        kind: 'token',
        action: 'dropped',
        environment,
        origin,
        brokerKey,
        labelReferenceId,
        clientId,
        // Named like the token's other events (the log prints the name, else the id).
        ...(client !== undefined ? { client } : {}),
        reason: 'credentials changed or signed out',
      });
    }
  }

  clear(): void {
    this.tokens.clear();
    this.clients.clear();
    this.renewalPaused.clear();
  }

  /** How many token requests this cache has started. */
  get fetchCount(): number {
    return this.fetches;
  }

  private needsRenewal(t: AccessToken): boolean {
    const lifetime = Math.max(0, t.expiresAt - t.issuedAt);
    const margin = Math.min(this.options.renewBeforeMs ?? 60_000, lifetime / 5);
    return this.now() >= t.expiresAt - margin;
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** What a token event says about its target: never the token, and the client by its name when known. */
export function tokenEventTarget(target: TokenTarget) {
  return {
    environment: target.environment,
    origin: target.origin,
    brokerKey: target.brokerKey,
    labelReferenceId: target.labelReferenceId,
    ...(target.client !== undefined ? { client: target.client } : {}),
  };
}
