/**
 * A run as a comparable JSON document: the request line, status, headers and body, with object keys sorted
 * and volatile values masked, so a text diff of two of them shows what matters. The same document feeds
 * VS Code's diff editor and the runner's `diff`.
 */
import type { PathSegment } from '../../contract/jsonPathFormat';
import type { BodyModel, RunResult } from '../../contract/response';
import { parseJsonBody } from '../http/bodyModel';
import { IGNORED_HEADERS, maskVolatileText, VOLATILE_HEADERS, type VolatileRule } from './volatile';

export interface NormalisedRun {
  /** In a fixed order: request, status (or failure), headers, body. */
  value: Record<string, unknown>;
  /** `value` as indented JSON, ending with a newline. */
  text: string;
}

export function normaliseRun(result: RunResult, rule: VolatileRule): NormalisedRun {
  const value: Record<string, unknown> = {};
  if (result.request) value.request = `${result.request.method} ${pathOf(result.request.url)}`;
  if (result.kind === 'failure') {
    value.failure = `${result.category}: ${result.title}`;
    value.message = maskVolatileText(result.message);
  } else {
    value.status = result.statusText ? `${result.status} ${result.statusText}` : result.status;
    value.headers = normaliseHeaders(result.headers);
    const body = normaliseBody(result.body, rule);
    if (body !== undefined) value.body = body;
  }
  return { value, text: `${JSON.stringify(value, null, 2)}\n` };
}

/** Origins differ between environments by design; what is compared is the path and query. */
function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return maskVolatileText(`${u.pathname}${u.search}`);
  } catch {
    return maskVolatileText(url);
  }
}

export function normaliseHeaders(headers: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const n = name.toLowerCase();
    if (IGNORED_HEADERS.has(n)) continue;
    const list = grouped.get(n) ?? [];
    list.push(VOLATILE_HEADERS.has(n) ? '<volatile>' : maskVolatileText(value));
    grouped.set(n, list);
  }
  const out: Record<string, string> = {};
  for (const name of [...grouped.keys()].sort()) out[name] = [...new Set(grouped.get(name))].join(', ');
  return out;
}

function normaliseBody(body: BodyModel, rule: VolatileRule): unknown {
  if (body.view === 'empty') return undefined;
  if (body.view === 'image' || body.view === 'binary') return `<${body.contentType || 'binary'}, ${body.size} bytes>`;
  if (body.truncated) return `<${body.size} bytes: too large to compare, only a preview was kept>`;
  if (body.view === 'json' || body.view === 'jsonl') {
    const parsed = parseJsonBody(body.view, body.text);
    if (parsed.ok) return normaliseValue(parsed.value, [], rule);
  }
  return maskVolatileText(body.text);
}

/** Keys sorted at every level; volatile fields become `<volatile type>`, ids and times inside text placeholders. */
export function normaliseValue(value: unknown, path: PathSegment[], rule: VolatileRule): unknown {
  if (path.length > 0 && rule.isVolatileField(path)) return `<volatile ${typeOf(value)}>`;
  if (typeof value === 'string') return maskVolatileText(value);
  if (Array.isArray(value)) return value.map((v, i) => normaliseValue(v, [...path, i], rule));
  if (value && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) out[key] = normaliseValue(source[key], [...path, key], rule);
    return out;
  }
  return value;
}

export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
