import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkBearer, checkDomain } from './bearerAuth';
import { SANDBOX_API_VERSIONS, SANDBOX_TENANTS } from './demoCredentials';
import type { ClientLimits } from './clientLimits';
import { FAULT_HEADER, faultStatusReply, malformedJsonReply, parseFaults, type FaultCounts } from './faults';
import { writeLargeBody } from './largeBody';
import { negotiateVersion } from './negotiation';
import { methodNotAllowed, problem } from './problem';
import type { Reply } from './reply';
import type { Router } from './routes';
import { normalizePath, type StatsRecorder } from './stats';
import type { TenantStore } from './tenantStore';

/** The per-sandbox state an API request needs. */
export interface ApiRuntime {
  router: Router;
  key: Buffer;
  store: TenantStore;
  stats: StatsRecorder;
  latencyMs: number;
  signal: AbortSignal;
  /** Per-client rate limit and daily quota (off unless configured). */
  limits: ClientLimits;
  /** How often each `times=<n>` fault header was seen. */
  faultCounts: FaultCounts;
}

/** Writes a reply with the request's encoding and the given headers, counting 401s and 403s. */
export type Send = (reply: Reply, headers?: Record<string, string>, slowBodyMs?: number) => Promise<void>;

/**
 * One request to the simulated API, checked in the order a gateway would: faults that break the
 * connection, route, token, the client's rate limit and quota, domain grant, api-version, injected
 * responses, method, then the handler.
 */
export async function apiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  segments: string[],
  query: URLSearchParams,
  rt: ApiRuntime,
  send: Send,
): Promise<void> {
  const method = req.method ?? 'GET';
  const match = rt.router.match(segments);
  rt.stats.increment('apiRequests');
  rt.stats.request(method, match ? match.route.template : normalizePath(segments));

  const negotiated = negotiateVersion(req.headers.accept, SANDBOX_API_VERSIONS);
  const headers: Record<string, string> = {};
  if (negotiated.ok) {
    headers['akkuro-api-version'] = negotiated.version;
    if (!negotiated.requested) {
      headers.warning = `299 - "No api-version requested; using latest ${negotiated.version}"`;
    }
  }
  const faultHeader = header(req, FAULT_HEADER);
  const parsedFaults = parseFaults(faultHeader);
  const faults = parsedFaults.ok ? parsedFaults.faults : undefined;
  const delay = rt.latencyMs + (faults?.latencyMs ?? 0);
  if (delay > 0) {
    await sleep(delay, undefined, { signal: rt.signal });
  }
  if (!parsedFaults.ok) {
    return send(parsedFaults.reply, headers);
  }
  if (faults?.reset) {
    // An RST, not a FIN: clients see ECONNRESET, as when a load balancer drops a connection.
    req.socket.resetAndDestroy();
    return;
  }
  if (!match) {
    return send(
      problem(404, 'not-found', `No endpoint at ${path}. The sandbox implements: ${rt.router.describe()}.`),
      headers,
    );
  }
  const auth = checkBearer(req.headers.authorization, header(req, 'x-label-reference-id'), rt.key, Date.now() / 1000);
  if (!auth.ok) {
    return send(auth.reply, headers);
  }
  const limited = rt.limits.admit(auth.claims.sub, Date.now());
  if (limited) {
    rt.stats.increment('rateLimited');
    return send(limited, headers);
  }
  const forbidden = checkDomain(auth.claims, match.route.domain);
  if (forbidden) {
    return send(forbidden, headers);
  }
  if (!negotiated.ok) {
    const supported = SANDBOX_API_VERSIONS.join(', ');
    return send(
      problem(
        406,
        'unsupported-api-version',
        `api-version ${negotiated.requested.join(', ')} is not supported. Supported versions: ${supported}. Ask for one with Accept: application/json;api-version=${SANDBOX_API_VERSIONS[SANDBOX_API_VERSIONS.length - 1]}.`,
        {
          members: { supportedVersions: SANDBOX_API_VERSIONS },
        },
      ),
      headers,
    );
  }
  const slow = faults?.slowBodyMs;
  if (faults?.status !== undefined && rt.faultCounts.applies(faultHeader ?? '', faults.times)) {
    return send(faultStatusReply(faults.status, faults), headers, slow);
  }
  if (faults?.malformedJson) {
    return send(malformedJsonReply(), headers, slow);
  }
  if (faults?.largeBodyBytes !== undefined) {
    return largeBody(res, faults.largeBodyBytes, headers, slow, rt.signal);
  }
  const methods = match.route.methods;
  const handler = methods[method] ?? (method === 'HEAD' ? methods.GET : undefined);
  if (!handler) {
    const allowed = Object.keys(methods);
    return send(methodNotAllowed(method, path, allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed), headers);
  }
  const data = rt.store.label(auth.claims.tenant, auth.claims.whiteLabel);
  const reply = await handler({
    req,
    path,
    params: match.params,
    query,
    claims: auth.claims,
    data,
    version: negotiated.version,
    otherLabelOf: (id) =>
      rt.store.ownerOf(auth.claims.tenant, SANDBOX_TENANTS[auth.claims.tenant] ?? [], auth.claims.whiteLabel, id),
  });
  return send(reply, headers, slow);
}

/** Identity-encoded on purpose, so the size on the wire is exactly what was asked for. */
async function largeBody(
  res: ServerResponse,
  bytes: number,
  headers: Record<string, string>,
  slowBodyMs: number | undefined,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': String(bytes) });
  if (slowBodyMs !== undefined) {
    res.flushHeaders();
    await sleep(slowBodyMs, undefined, { signal });
  }
  if (res.req.method === 'HEAD') {
    res.end();
    return;
  }
  await writeLargeBody(res, bytes, signal);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
