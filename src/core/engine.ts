import type { FailureModel } from '../contract/response';
import { TokenError, type AccessToken, type Credentials, type TokenTarget } from './auth/token';
import { TokenCache, tokenEventTarget, type TokenEvent, type TokenFetcher } from './auth/tokenCache';
import { requestToken } from './auth/tokenRequest';
import type { AccessClient, Environment } from './environments/environment';
import type { AccessSuggestion } from './environments/accessChoice';
import { HARD_READ_LIMIT, HttpClient } from './http/send';
import { Pacer } from './http/pacer';
import { MIN_SECRET_LENGTH, Redactor } from './http/redact';
import { createCellParser, type CellParser } from './request/cellParser';
import { NAMED_BODIES_BUDGET } from './request/namedResponses';
import { USER_AGENT } from './version';

export type CredentialLookup =
  { kind: 'ok'; credentials: Credentials } | { kind: 'missing' } | { kind: 'unbound'; reason: string };

/** Limits of one request; a face may narrow them per notebook (VS Code settings, runner flags). */
export interface Limits {
  /** Decoded response bytes kept in memory; also the largest `bodyFile` that is read. */
  maxBodyBytes: number;
  /** Decoded response bytes read (past `maxBodyBytes` they are only counted) before the body counts as endless. */
  maxReadBytes: number;
  /** Response bytes shown inline. */
  previewBytes: number;
  /**
   * A complete JSON body up to this size is carried whole, however large the preview, so an editor can let
   * people explore all of it as a tree (the VS Code renderer draws only the rows in sight). Unset: previewBytes.
   */
  treeBytes?: number;
  /** A request without its own `timeout:` (the token request it needs included). */
  timeoutMs: number;
  /** Bytes of named response bodies kept for later cells, per notebook and environment (the newest is always kept). */
  namedBodiesBytes: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxBodyBytes: 20 * 1024 * 1024,
  maxReadBytes: HARD_READ_LIMIT,
  previewBytes: 1024 * 1024,
  timeoutMs: 30_000,
  namedBodiesBytes: NAMED_BODIES_BUDGET,
};

/** What an editor carries whole for its tree (`Limits.treeBytes`) unless told otherwise: JSON bodies up to 16 MiB. */
export const DEFAULT_TREE_BYTES = 16 * 1024 * 1024;

export interface RunEngineOptions {
  /** Added to `akkuro-notebooks/<version>` in the User-Agent of every request (e.g. "cli"). */
  userAgentSuffix?: string;
  /** An explicit proxy (VS Code's `http.proxy`); otherwise HTTP(S)_PROXY/NO_PROXY apply. */
  proxy?: string;
  /**
   * Where the face keeps the credentials of one client of an environment (SecretStorage, the process
   * environment). Whatever it returns is registered with the engine's Redactor before it is used.
   */
  credentials: (env: Environment, client: AccessClient) => Promise<CredentialLookup>;
  /** For tests and benchmarks: another HTTP client, or another way to fetch tokens. */
  http?: HttpClient;
  fetchToken?: TokenFetcher;
  now?: () => number;
}

/** One request that went out (or failed to), for the log and request budgets. Redacted before listeners see it. */
export interface RequestEvent {
  kind: 'request';
  environment: string;
  client?: string;
  label?: string;
  method: string;
  url: string;
  /** Undefined when no response arrived (network failure, timeout, cancel). */
  status?: number;
  durationMs: number;
  /** Decoded response body bytes. */
  bytes: number;
  tokenAttached: boolean;
  error?: string;
}

export type EngineEvent = RequestEvent | TokenEvent;
export type EngineEventListener = (event: EngineEvent) => void;

/**
 * The services every run of one face shares, built in one place so that both faces wire them the same
 * way: one keep-alive HTTP client, one token cache whose tokens the Redactor learns as they arrive, one
 * Redactor that knows every secret, one memo of parsed cells. A new shared service is added here only.
 */
export class RunEngine {
  readonly redactor = new Redactor();
  readonly tokens: TokenCache;
  readonly parseCell: CellParser = createCellParser();
  /** Spaces the requests to each environment (`minInterval:`, --delay), across every run of this face. */
  readonly pacer = new Pacer();
  readonly userAgent: string;
  private client: HttpClient;
  private readonly listeners = new Set<EngineEventListener>();
  /** Aborted by close(): token requests and their retry pauses end with the engine. */
  private readonly closing = new AbortController();

  constructor(private readonly options: RunEngineOptions) {
    this.userAgent = options.userAgentSuffix ? `${USER_AGENT} ${options.userAgentSuffix}` : USER_AGENT;
    this.client = options.http ?? new HttpClient(options.proxy ? { proxy: options.proxy } : {});
    this.tokens = new TokenCache({
      fetch: options.fetchToken ?? ((target, credentials, o) => this.requestToken(target, credentials, o.timeoutMs)),
      onToken: (t) => this.redactor.add(t.token),
      onEvent: (e) => this.emit(e),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  get http(): HttpClient {
    return this.client;
  }

  /**
   * The face's credentials for a client of an environment, registered with the Redactor: the one path they
   * take. A secret too short to be told apart from ordinary text in outputs is refused before any use.
   */
  async credentials(env: Environment, client: AccessClient): Promise<CredentialLookup> {
    const lookup = await this.options.credentials(env, client);
    if (lookup.kind !== 'ok') return lookup;
    this.registerCredentials(lookup.credentials);
    const problem = secretProblem(lookup.credentials);
    if (!problem) return lookup;
    const whose = client.implicit
      ? `environment "${env.name}"`
      : `client "${client.name}" of environment "${env.name}"`;
    return { kind: 'unbound', reason: `${problem} (${whose}).` };
  }

  /**
   * The one path by which a secret reaches the Redactor: the secret, and with a client id its Basic form too.
   * Used for every credential a run or Authenticate uses, and by a face for secrets it knows before any run
   * (the runner: every client secret of its process environment, whichever environment it belongs to).
   */
  registerCredentials(credentials: Credentials | { clientId?: string; clientSecret: string }): void {
    if (credentials.clientId) this.redactor.addCredentials(credentials.clientId, credentials.clientSecret);
    else this.redactor.add(credentials.clientSecret);
  }

  /**
   * Gets a token outside the cache (Authenticate verifies credentials before they are stored: until then
   * they are not the environment's). The secret and the token are registered with the Redactor first.
   */
  async verifyCredentials(target: TokenTarget, credentials: Credentials, timeoutMs?: number): Promise<AccessToken> {
    this.registerCredentials(credentials);
    const problem = secretProblem(credentials);
    if (problem) throw new TokenError('refused', `${problem}.`, 'Paste the client secret exactly as you received it.');
    const event = { kind: 'token', ...tokenEventTarget(target), clientId: credentials.clientId } as const;
    this.emit({ ...event, action: 'requested' });
    let token: AccessToken;
    try {
      token = await this.requestToken(target, credentials, timeoutMs);
    } catch (e) {
      this.emit({ ...event, action: 'failed', reason: e instanceof Error ? e.message : String(e) });
      throw e;
    }
    this.redactor.add(token.token);
    this.emit({ ...event, action: 'received', expiresAt: token.expiresAt });
    return token;
  }

  /** Listens to what requests and tokens do (the log, request budgets); events never hold a secret. */
  onEvent(listener: EngineEventListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(event: EngineEvent): void {
    if (this.listeners.size === 0) return;
    const safe = this.redactor.redactDeep(event);
    for (const listener of this.listeners) {
      try {
        listener(safe);
      } catch {
        // A listener's failure (a closed log) must not fail a request.
      }
    }
  }

  /** Replaces the HTTP client when the proxy changes; requests in flight finish on the old one. */
  setProxy(proxy: string | undefined): void {
    const old = this.client;
    this.client = new HttpClient(proxy ? { proxy } : {});
    void old.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.client.close();
  }

  /** Bounded by the run's timeout (the cell's `timeout:`, --timeout, akkuro.requestTimeout). */
  private requestToken(target: TokenTarget, credentials: Credentials, timeoutMs?: number): Promise<AccessToken> {
    return requestToken(target, credentials, {
      http: this.client,
      userAgent: this.userAgent,
      signal: this.closing.signal,
      timeoutMs: timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
      ...(this.options.now ? { now: this.options.now } : {}),
    });
  }
}

function secretProblem(c: Credentials): string | undefined {
  return c.clientSecret.length < MIN_SECRET_LENGTH
    ? `The client secret is only ${c.clientSecret.length} characters long: a secret shorter than ${MIN_SECRET_LENGTH} characters cannot be told apart from ordinary text, so it could not be hidden in outputs, and it is refused`
    : undefined;
}

export function createRunEngine(options: RunEngineOptions): RunEngine {
  return new RunEngine(options);
}

/** What a face lets a run ask of it; every hook is optional. */
export interface RunHooks {
  /** Asked before a request other than GET/HEAD is sent to a protected environment. No answer means no. */
  confirm?: (request: { environment: Environment; method: string; url: string }) => Promise<boolean>;
  /** Keeps the full body when only a preview fits in the result; returns an id for "Open full response". */
  keepFullBody?: (body: Buffer, contentType: string) => string | undefined;
  /** The command that lets the user sign in (for one client of the environment), offered on "not signed in" failures. */
  authenticateAction?: (env: Environment, client?: AccessClient) => FailureModel['action'];
  /** The command that writes `client:` (and `label:` when needed) into the cell that ran, offered by 403s and choice problems. */
  useClientAction?: (suggestion: AccessSuggestion) => FailureModel['action'];
  /**
   * Asked before a cell sends anything (with the most requests it may send, a token request included) and before
   * each request no estimate foresaw (a retry, a resend after a 401). A refusal (its reason) sends nothing more.
   */
  allowRequests?: (ask: RequestAsk) => string | undefined;
  /** Told what a cell is doing while it takes a while (waiting for Retry-After, polling, paging), for a live output. */
  progress?: (message: string) => void;
  /** Told of each request and token request the cell itself started, for per-notebook counts (the runner's reports). */
  counted?: (sent: { kind: 'request' | 'token'; environment: string; client?: string }) => void;
}

/** A run asking to send: how many requests, with which client, and why. */
export interface RequestAsk {
  environment: string;
  /** The client whose quota the requests use; undefined for requests without a token. */
  client?: string;
  requests: number;
  /** `cell`: the whole cell's estimate; `retry`: one more request after a 429/503 or a 401. */
  reason: 'cell' | 'retry';
  /** The cell's request, for messages: `GET https://…/counterparties`. */
  request: string;
}
