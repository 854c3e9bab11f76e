import { isObject, pointer, resolvePointer } from './jsonPointer';
import type { ApiSpec, JsonObject, Operation, Parameter, RequestBodySpec, ResponseSpec } from './specModel';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
const VERSION_EXTENSION = 'x-akkuro-api-version';

export type BuildResult = { ok: true; spec: ApiSpec } | { ok: false; message: string };

/**
 * The operations of a bundled OpenAPI 3.0/3.1 document. Only what hints and checks need is checked here: the
 * `openapi` version, `info`, and `paths`; a document that lacks them is not an OpenAPI document we can use.
 */
export function buildSpec(document: unknown, source: string): BuildResult {
  if (!isObject(document)) return { ok: false, message: 'it is not a mapping (an OpenAPI document is an object)' };
  const openapi = typeof document.openapi === 'string' ? document.openapi : undefined;
  if (!openapi)
    return {
      ok: false,
      message:
        typeof document.swagger === 'string'
          ? `it is Swagger ${document.swagger}; convert it to OpenAPI 3.0 or 3.1`
          : 'it has no "openapi:" version; is it an OpenAPI document?',
    };
  const major = /^3\.(0|1)\.\d+/.exec(openapi);
  if (!major) return { ok: false, message: `OpenAPI ${openapi} is not supported; use 3.0.x or 3.1.x` };
  const info = isObject(document.info) ? document.info : {};
  const declared = document[VERSION_EXTENSION] ?? info[VERSION_EXTENSION] ?? info.version;
  if (typeof declared !== 'string' || declared === '')
    return { ok: false, message: 'it has no "info.version"; the version is how it is matched to a cell\'s apiVersion' };
  if (!isObject(document.paths)) return { ok: false, message: 'it has no "paths:" mapping' };
  const prefix = serverPrefix(document.servers);
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const pathItem = deref(document, item);
    if (!isObject(pathItem) || !path.startsWith('/')) continue;
    const shared = parameters(document, pathItem.parameters, ['paths', path, 'parameters']);
    const itemPrefix = serverPrefix(pathItem.servers) ?? prefix ?? '';
    for (const method of METHODS) {
      const op = deref(document, pathItem[method]);
      if (!isObject(op)) continue;
      const base = ['paths', path, method];
      const own = parameters(document, op.parameters, [...base, 'parameters']);
      const full = joinPath(serverPrefix(op.servers) ?? itemPrefix, path);
      operations.push({
        method: method.toUpperCase(),
        path: full,
        domain: `/${full.split('/')[1] ?? ''}`,
        ...text(op, 'operationId'),
        ...text(op, 'summary'),
        ...text(op, 'description'),
        ...(op.deprecated === true ? { deprecated: true } : {}),
        parameters: mergeParameters(shared, own),
        ...requestBody(document, op.requestBody, [...base, 'requestBody']),
        responses: responses(document, op.responses, [...base, 'responses']),
      });
    }
  }
  return {
    ok: true,
    spec: {
      source,
      title: typeof info.title === 'string' ? info.title : source,
      version: declared,
      openapi: major[1] === '0' ? '3.0' : '3.1',
      operations,
      document,
    },
  };
}

/** Follows a `#/…` reference (the bundled document has no other kind); anything else is returned as is. */
export function deref(document: JsonObject, value: unknown, depth = 0): unknown {
  if (depth > 32 || !isObject(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#')) return value;
  return deref(document, resolvePointer(document, value.$ref), depth + 1);
}

/** The pointer a `$ref` chain ends at, so schemas are validated where they are defined (their refs resolve there). */
function target(document: JsonObject, value: unknown, at: string, depth = 0): string {
  if (depth > 32 || !isObject(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#')) return at;
  return target(document, resolvePointer(document, value.$ref), value.$ref.slice(1), depth + 1);
}

function text(o: JsonObject, key: 'operationId' | 'summary' | 'description'): Record<string, string> {
  return typeof o[key] === 'string' && o[key] !== '' ? { [key]: o[key] } : {};
}

function parameters(document: JsonObject, list: unknown, at: Array<string | number>): Parameter[] {
  if (!Array.isArray(list)) return [];
  const out: Parameter[] = [];
  list.forEach((raw, i) => {
    const here = pointer(...at, i);
    const p = deref(document, raw);
    if (!isObject(p) || typeof p.name !== 'string') return;
    if (!['path', 'query', 'header', 'cookie'].includes(p.in as string)) return;
    const where = target(document, raw, here);
    out.push({
      name: p.name,
      in: p.in as Parameter['in'],
      required: p.in === 'path' || p.required === true,
      ...(typeof p.description === 'string' ? { description: p.description } : {}),
      ...(isObject(p.schema) ? { schema: target(document, p.schema, `${where}/schema`) } : {}),
    });
  });
  return out;
}

/** An operation's parameter overrides the path item's one of the same name and location. */
function mergeParameters(shared: Parameter[], own: Parameter[]): Parameter[] {
  const key = (p: Parameter) => `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
  const ownKeys = new Set(own.map(key));
  return [...shared.filter((p) => !ownKeys.has(key(p))), ...own];
}

function requestBody(document: JsonObject, raw: unknown, at: string[]): { requestBody?: RequestBodySpec } {
  const body = deref(document, raw);
  if (!isObject(body)) return {};
  const where = target(document, raw, pointer(...at));
  const content = isObject(body.content) ? body.content : {};
  const json = Object.keys(content).find(isJsonType);
  const media = json ? content[json] : undefined;
  return {
    requestBody: {
      required: body.required === true,
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      ...(json && isObject(media) && isObject(media.schema)
        ? { schema: target(document, media.schema, `${where}/content/${escape(json)}/schema`) }
        : {}),
      contentTypes: Object.keys(content),
    },
  };
}

function responses(document: JsonObject, raw: unknown, at: string[]): ResponseSpec[] {
  if (!isObject(raw)) return [];
  return Object.entries(raw).flatMap(([status, value]) => {
    const r = deref(document, value);
    if (!isObject(r)) return [];
    const where = target(document, value, pointer(...at, status));
    const content = isObject(r.content) ? r.content : {};
    return [
      {
        status: status.toUpperCase() === 'DEFAULT' ? 'default' : status.toUpperCase(),
        ...(typeof r.description === 'string' ? { description: r.description } : {}),
        content: Object.entries(content).map(([contentType, media]) => ({
          contentType,
          ...(isObject(media) && isObject(media.schema)
            ? { schema: target(document, media.schema, `${where}/content/${escape(contentType)}/schema`) }
            : {}),
        })),
      },
    ];
  });
}

export function isJsonType(contentType: string): boolean {
  const t = contentType.split(';')[0].trim().toLowerCase();
  return t === 'application/json' || /^application\/[\w.+-]*\+json$/.test(t) || t === '*/*';
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The path part of the first server URL (`https://host/counterparty-management` → `/counterparty-management`). */
function serverPrefix(servers: unknown): string | undefined {
  if (!Array.isArray(servers) || !isObject(servers[0]) || typeof servers[0].url !== 'string') return undefined;
  const vars = isObject(servers[0].variables) ? servers[0].variables : {};
  const url = servers[0].url.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const v = vars[name];
    return isObject(v) && typeof v.default === 'string' ? v.default : 'x';
  });
  let path: string;
  try {
    path = /^[a-z][a-z0-9+.-]*:/i.test(url) ? new URL(url).pathname : new URL(url, 'http://relative').pathname;
  } catch {
    return undefined;
  }
  return path.replace(/\/+$/, '');
}

function joinPath(prefix: string, path: string): string {
  return `${prefix}${path}`.replace(/\/{2,}/g, '/');
}
