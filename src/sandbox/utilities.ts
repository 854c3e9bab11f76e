import type { IncomingMessage } from 'node:http';
import { openApiReply } from './openapi/serve';
import { methodNotAllowed, problem } from './problem';
import { jsonReply, type Reply } from './reply';
import { readBody } from './requestBody';
import type { StatsRecorder } from './stats';

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
/** Header values that prove a credential; echo says they were there, never what they were. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
/**
 * Each helper (the segment after `/__sandbox/`) and the methods it answers; HEAD too wherever GET is. Echo
 * answers any method: these are the ones HTTP defines. Its OpenAPI document describes each of them
 * (test/integration/sandbox-contract.test.ts).
 */
export const SANDBOX_UTILITIES: Readonly<Record<string, readonly string[]>> = {
  health: ['GET'],
  stats: ['GET'],
  'reset-stats': ['POST'],
  echo: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  redirect: ['GET'],
  'openapi.yaml': ['GET'],
  'openapi.json': ['GET'],
};
const PATHS = Object.keys(SANDBOX_UTILITIES);

/**
 * `/__sandbox/*`: helpers for tests and demos, outside the simulated API, without authentication.
 * `name` is the segment after `/__sandbox/`.
 */
export async function sandboxUtility(
  name: string,
  req: IncomingMessage,
  path: string,
  query: URLSearchParams,
  stats: StatsRecorder,
): Promise<Reply> {
  const method = req.method ?? 'GET';
  const only = (reply: () => Reply): Reply => {
    const allowed = SANDBOX_UTILITIES[name];
    return allowed.includes(method) || (allowed.includes('GET') && method === 'HEAD')
      ? reply()
      : methodNotAllowed(method, path, allowed);
  };
  switch (name) {
    case 'health':
      return only(() => jsonReply(200, { status: 'ok' }));
    case 'stats':
      return only(() => jsonReply(200, stats.snapshot(), { 'cache-control': 'no-store' }));
    case 'reset-stats':
      return only(() => {
        stats.reset();
        return { status: 204 };
      });
    case 'redirect':
      return only(() => redirect(query));
    case 'echo':
      return echo(req, method, path, query);
    case 'openapi.yaml':
    case 'openapi.json':
      return only(() => openApiReply(req, query, name === 'openapi.json' ? 'json' : 'yaml'));
    default:
      return problem(
        404,
        'not-found',
        `No sandbox utility at ${path}. There are: ${PATHS.map((p) => `/__sandbox/${p}`).join(', ')}.`,
      );
  }
}

function redirect(query: URLSearchParams): Reply {
  const to = query.get('to');
  const status = Number(query.get('status') ?? '302');
  if (!to) {
    return problem(
      400,
      'invalid-redirect',
      'Say where to redirect: /__sandbox/redirect?to=<absolute or relative URL>&status=302.',
      {
        errors: [{ parameter: 'to', message: 'to is required.' }],
      },
    );
  }
  if (!REDIRECT_STATUSES.includes(status)) {
    return problem(400, 'invalid-redirect', `status must be one of ${REDIRECT_STATUSES.join(', ')}.`, {
      errors: [{ parameter: 'status', message: `status must be one of ${REDIRECT_STATUSES.join(', ')}.` }],
    });
  }
  return { status, headers: { location: to }, json: { redirectTo: to } };
}

async function echo(req: IncomingMessage, method: string, path: string, query: URLSearchParams): Promise<Reply> {
  const body = await readBody(req);
  if (!body.ok) {
    return body.reply;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) {
      headers[name] = CREDENTIAL_HEADERS.has(name) ? 'present' : value;
    }
  }
  const queryObject: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    queryObject[key] = values.length === 1 ? values[0] : values;
  }
  return jsonReply(200, { method, path, query: queryObject, headers, body: body.text });
}
