import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import * as path from 'node:path';
import { createRunEngine, type Limits, type RunEngine, type RunHooks } from '../../src/core/engine';
import type { Environment } from '../../src/core/environments/environment';
import { runCell, type RunContext } from '../../src/core/run/run';
import type { NamedResponse } from '../../src/core/request/variables';

export const BROKER = 'bank';
export const LABEL = 'label';
export const TOKEN_PATH = `/authentication/token/${BROKER}/${LABEL}`;
export const CREDENTIALS = { clientId: 'hostile-client', clientSecret: 'hostile-client-secret-value' };

/** A JWT-shaped token (never verified here), unique per call so that every issued token can be looked for. */
export function jwt(claims: Record<string, unknown> = {}): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${b({ alg: 'HS256', typ: 'JWT' })}.${b({ exp, n: Math.random(), ...claims })}.c2lnbmF0dXJlLXZhbHVl`;
}

export interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HostileServer {
  url: string;
  origin: string;
  /** Every request received, token requests included. */
  hits: Hit[];
  apiHits(): Hit[];
  tokenHits(): Hit[];
  /** Tokens the default token endpoint issued. */
  issued: string[];
  close(): Promise<void>;
}

/**
 * A server of our own on loopback: `routes` by path prefix, and unless overridden, a token endpoint that
 * issues a fresh JWT. Unrouted paths answer 200 `{"ok":true}`.
 */
export async function hostileServer(
  routes: Record<string, Handler> = {},
  options: { tls?: boolean } = {},
): Promise<HostileServer> {
  const hits: Hit[] = [];
  const issued: string[] = [];
  const sockets = new Set<Socket>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const route = Object.keys(routes)
      .filter((p) => (req.url ?? '').startsWith(p))
      .sort((a, b) => b.length - a.length)[0];
    if (route) return routes[route](req, res);
    if (req.url === TOKEN_PATH) {
      const token = jwt();
      issued.push(token);
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ access_token: token, expires_in: 3600 }));
    }
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  };
  const dir = path.join(__dirname, '..', 'fixtures', 'tls');
  const server = options.tls
    ? createHttpsServer(
        { key: readFileSync(path.join(dir, 'self-signed.key')), cert: readFileSync(path.join(dir, 'self-signed.crt')) },
        handle,
      )
    : createHttpServer(handle);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    origin,
    hits,
    apiHits: () => hits.filter((h) => !h.url.startsWith('/authentication/')),
    tokenHits: () => hits.filter((h) => h.url.startsWith('/authentication/')),
    issued,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A body that never ends: 64 KiB chunks as fast as the client reads them. */
export function endless(contentType = 'application/json'): Handler {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType });
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  };
}

/** What a hostile proxy does with a CONNECT: drop it, never answer, or refuse it with a status. */
export type ProxyMode = 'drop' | 'silent' | 407 | 502;

export interface RawProxy {
  url: string;
  /** TCP connections accepted: a reconnect loop would push this into the thousands. */
  connections(): number;
  close(): Promise<void>;
}

export async function hostileProxy(mode: ProxyMode): Promise<RawProxy> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createNetServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (mode === 'silent') return;
    socket.once('data', () => {
      if (mode === 'drop') socket.destroy();
      else socket.end(`HTTP/1.1 ${mode} No\r\nContent-Length: 0\r\n\r\n`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A proxy that does its job: every CONNECT is tunnelled to `target` (host:port), whatever host was asked for. */
export async function workingProxy(target: string): Promise<RawProxy & { asked: string[] }> {
  const asked: string[] = [];
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createHttpServer();
  server.on('connection', (s: Socket) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    asked.push(req.url ?? '');
    const [host, port] = target.split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    connections: () => connections,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

export function environmentFor(url: string, extra: Partial<Environment> = {}): Environment {
  return {
    name: 'hostile',
    baseUrl: url,
    origin: new URL(url).origin,
    brokerKey: BROKER,
    labelReferenceId: LABEL,
    apiVersion: '2025.1.0',
    variables: {},
    protected: false,
    ...extra,
  };
}

export interface HostileRun {
  engine: RunEngine;
  responses: Map<string, NamedResponse>;
  /** Every result, serialised: scanned for secrets at the end of a suite. */
  produced: string[];
  run(text: string, more?: Partial<Omit<RunContext, 'engine' | 'environment'>>): ReturnType<typeof runCell>;
  close(): Promise<void>;
}

/** The core as a face builds it, against an environment on a hostile server. */
export function hostileRun(
  environment: Environment,
  options: {
    proxy?: string;
    credentials?: typeof CREDENTIALS;
    limits?: Partial<Limits>;
    hooks?: RunHooks;
    now?: () => number;
  } = {},
): HostileRun {
  const engine = createRunEngine({
    credentials: async () => ({ kind: 'ok', credentials: options.credentials ?? CREDENTIALS }),
    ...(options.proxy ? { proxy: options.proxy } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const responses = new Map<string, NamedResponse>();
  const produced: string[] = [];
  return {
    engine,
    responses,
    produced,
    async run(text, more = {}) {
      const out = await runCell(text, {
        engine,
        environment,
        responses,
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.hooks ? { hooks: options.hooks } : {}),
        ...more,
      });
      produced.push(JSON.stringify(out.result));
      return out;
    },
    close: () => engine.close(),
  };
}
