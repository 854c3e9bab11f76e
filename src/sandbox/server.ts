import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { apiRequest, type ApiRuntime, type Send } from './apiRequest';
import { COLLATERAL_ROUTES } from './collaterals';
import { COUNTERPARTY_ROUTES } from './counterparties';
import { ClientLimits } from './clientLimits';
import { FaultCounts } from './faults';
import { MIGRATION_ROUTES } from './migrations';
import { settingsOf } from './sandboxSettings';
import { chooseEncoding, type Encoding } from './negotiation';
import { problem } from './problem';
import { writeReply } from './respond';
import { Router, type Route } from './routes';
import { normalizePath, StatsRecorder, type SandboxStats } from './stats';
import { TenantStore } from './tenantStore';
import { TOKEN_ROUTE, tokenEndpoint, type TokenIssuer, type TokenResponseForm } from './tokenEndpoint';
import { SANDBOX_UTILITIES, sandboxUtility } from './utilities';

export type { SandboxStats } from './stats';
export type { TokenResponseForm } from './tokenEndpoint';

export interface SandboxOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1: the sandbox is for this machine only. */
  host?: string;
  /** Default 300. */
  tokenTtlSeconds?: number;
  /** How the token endpoint shapes its answer; default `access_token`. */
  tokenResponseForm?: TokenResponseForm;
  /** Added to every API response (not to /authentication or /__sandbox); default 0. */
  latencyMs?: number;
  /** Default true. When false, one line per request (method, path, status, time) goes to stdout. */
  quiet?: boolean;
  /** Per-client rate limit: at most `requests` API requests per `windowSeconds`; off by default. */
  rateLimit?: { requests: number; windowSeconds: number };
  /** Per-client API requests per UTC day; off by default. */
  dailyQuota?: number;
  /** Reads of a migration before it moves from Pending to Completed (default 3; a POST may set its own). */
  migrationReads?: number;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:43127, without a trailing slash. */
  url: string;
  port: number;
  stats(): SandboxStats;
  resetStats(): void;
  /**
   * The tokens this sandbox issued, newest last (the last 1000): for tests that scan outputs and reports
   * for leaked tokens. In-process only, never served over HTTP.
   */
  issuedTokens(): string[];
  /** Closes the server and every open (keep-alive) socket; pending delays are cancelled. */
  close(): Promise<void>;
}

const TOKEN_PATH_KEY = TOKEN_ROUTE.template;
const MAX_REMEMBERED_TOKENS = 1000;

/** The simulated API's routes, in the order the router tries them. */
const API_ROUTES: readonly Route[] = [...COUNTERPARTY_ROUTES, ...COLLATERAL_ROUTES, ...MIGRATION_ROUTES];

/**
 * Every path template and method the sandbox answers (HEAD aside, which every GET route answers too): the
 * router's API routes, the token endpoint and the `/__sandbox` helpers. Its OpenAPI document must describe each;
 * test/integration/sandbox-contract.test.ts checks that it does.
 */
export function sandboxRoutes(): Array<{ method: string; template: string }> {
  return [
    ...API_ROUTES.flatMap((r) => Object.keys(r.methods).map((method) => ({ method, template: r.template }))),
    { method: TOKEN_ROUTE.method, template: TOKEN_ROUTE.template },
    ...Object.entries(SANDBOX_UTILITIES).flatMap(([name, methods]) =>
      methods.map((method) => ({ method, template: `/__sandbox/${name}` })),
    ),
  ];
}

/** The per-sandbox state every request shares. */
interface Services {
  stats: StatsRecorder;
  issuer: TokenIssuer;
  issuedTokens: string[];
  runtime: ApiRuntime;
  lifetime: AbortController;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { port, host, ttl, form, latencyMs, quiet, limits, migrationReads } = settingsOf(options);
  const stats = new StatsRecorder();
  const store = new TenantStore(migrationReads);
  const router = new Router(API_ROUTES);
  const key = randomBytes(32);
  const lifetime = new AbortController();
  const issuer: TokenIssuer = { key, issuer: '', ttlSeconds: ttl, form };
  const runtime: ApiRuntime = {
    router,
    key,
    store,
    stats,
    latencyMs,
    signal: lifetime.signal,
    limits: new ClientLimits(limits),
    faultCounts: new FaultCounts(),
  };
  const issuedTokens: string[] = [];
  const services: Services = { stats, issuer, issuedTokens, runtime, lifetime };

  const sockets = new Set<Socket>();
  const server = createSandboxServer(services, quiet, sockets);
  await listen(server, port, host);
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  issuer.issuer = url;

  return {
    url,
    port: boundPort,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    issuedTokens: () => [...issuedTokens],
    close: closeOnce(server, sockets, lifetime),
  };
}

function createSandboxServer(services: Services, quiet: boolean, sockets: Set<Socket>): Server {
  const server = createServer((req, res) => {
    if (!quiet) logWhenFinished(req, res);
    handle(req, res, services).catch((error: unknown) => answerFailure(req, res, error, services.lifetime.signal));
  });
  server.on('connection', (socket: Socket) => {
    services.stats.increment('connections');
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return server;
}

function logWhenFinished(req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  res.once('finish', () =>
    console.log(
      `${req.method} ${(req.url ?? '/').split('?')[0]} ${res.statusCode} ${Math.round(performance.now() - started)}ms`,
    ),
  );
}

async function handle(req: IncomingMessage, res: ServerResponse, services: Services): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const send = sender(res, path, chooseEncoding(req.headers['accept-encoding']), services);
  const segments = decodeSegments(path);
  const method = req.method ?? 'GET';
  if (!segments) {
    services.stats.request(method, '(undecodable path)');
    return send(problem(400, 'invalid-path', `The path ${path} has an invalid percent-encoding; encode "%" as %25.`));
  }
  if (segments[0] === '__sandbox') {
    services.stats.request(method, normalizePath(segments));
    return send(await sandboxUtility(segments.slice(1).join('/'), req, path, query, services.stats));
  }
  if (segments[0] === 'authentication') {
    return authentication(req, method, path, segments, services, send);
  }
  return apiRequest(req, res, path, segments, query, services.runtime, send);
}

function sender(res: ServerResponse, path: string, encoding: Encoding | undefined, services: Services): Send {
  const { stats, lifetime } = services;
  return async (reply, headers, slowBodyMs) => {
    if (reply.status === 401) {
      stats.increment('unauthorized');
    } else if (reply.status === 403) {
      stats.increment('forbidden');
    }
    await writeReply(res, reply, { path, encoding, headers, slowBodyMs, signal: lifetime.signal });
  };
}

function authentication(
  req: IncomingMessage,
  method: string,
  path: string,
  segments: string[],
  services: Services,
  send: Send,
): Promise<void> {
  const { stats, issuer, issuedTokens } = services;
  const isToken = segments[1] === 'token';
  stats.request(method, isToken && segments.length === 4 ? TOKEN_PATH_KEY : normalizePath(segments));
  if (!isToken) {
    return send(
      problem(
        404,
        'not-found',
        `No endpoint at ${path}. Tokens come from GET /authentication/token/{broker-key}/{label-reference-id}.`,
      ),
    );
  }
  stats.increment('tokenRequests');
  const result = tokenEndpoint(method, segments.slice(2), req.headers.authorization, issuer, Date.now());
  if (result.token !== undefined) {
    stats.increment('tokensIssued');
    issuedTokens.push(result.token);
    if (issuedTokens.length > MAX_REMEMBERED_TOKENS) issuedTokens.shift();
    if (result.claims) stats.tokenIssued(result.claims.sub, result.claims.tenant, result.claims.whiteLabel);
  }
  return send(result.reply);
}

function answerFailure(req: IncomingMessage, res: ServerResponse, error: unknown, signal: AbortSignal): void {
  if (signal.aborted || res.headersSent) {
    res.destroy();
    return;
  }
  // A bug in the sandbox: say so, rather than leave the client hanging.
  const message = error instanceof Error ? error.message : String(error);
  void writeReply(res, problem(500, 'sandbox-error', `The sandbox failed: ${message}`), {
    path: req.url ?? '/',
    signal,
  }).catch(() => res.destroy());
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} is already in use: choose another port, or 0 for a free one.`
            : `The sandbox could not listen on ${host}:${port}: ${error.message}`,
        ),
      );
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeOnce(server: Server, sockets: Set<Socket>, lifetime: AbortController): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= new Promise<void>((resolve) => {
      lifetime.abort();
      server.close(() => resolve());
      for (const socket of sockets) {
        socket.destroy();
      }
      server.closeAllConnections();
    });
    return closing;
  };
}

/** Decoded path segments without the leading empty one, or undefined for a broken %-escape. */
function decodeSegments(path: string): string[] | undefined {
  const raw = path.split('/').slice(1);
  try {
    return raw.map((s) => (s.includes('%') ? decodeURIComponent(s) : s));
  } catch {
    return undefined;
  }
}
