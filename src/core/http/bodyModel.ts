import type { BodyModel, ProblemDetails } from '../../contract/response';
import { utf8Prefix } from './send';
import type { NamedResponse } from '../request/variables';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const JSONL_TYPES = new Set([
  'application/jsonl',
  'application/x-ndjson',
  'application/jsonlines',
  'application/x-jsonlines',
  'application/json-seq',
]);
const TEXT_TYPES =
  /^(text\/|application\/(xml|javascript|x-www-form-urlencoded|yaml|x-yaml|csv|html|graphql)|[^/]+\/[^;]*\+xml)/;

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export function isJsonType(type: string): boolean {
  return type === 'application/json' || type === 'text/json' || type.endsWith('+json');
}

export function bodyView(contentType: string | undefined, body: Buffer, size: number): BodyModel['view'] {
  const type = mediaType(contentType);
  if (size === 0) return 'empty';
  if (JSONL_TYPES.has(type)) return 'jsonl';
  if (isJsonType(type)) return 'json';
  if (IMAGE_TYPES.has(type)) return 'image';
  if (TEXT_TYPES.test(type)) return 'text';
  if (type === '' || type === 'application/octet-stream') return looksLikeText(body) ? 'text' : 'binary';
  return looksLikeText(body) && !type.startsWith('image/') && !type.startsWith('audio/') && !type.startsWith('video/')
    ? 'text'
    : 'binary';
}

function looksLikeText(buf: Buffer): boolean {
  const sample = buf.subarray(0, 4096);
  if (sample.includes(0)) return false;
  return !utf8Prefix(sample, sample.length).includes('\uFFFD');
}

/**
 * The body as the renderer and reports see it: at most `previewBytes` of it, with the full size; a complete
 * JSON body of up to `treeBytes` whole.
 */
export function buildBodyModel(
  contentType: string | undefined,
  body: Buffer,
  size: number,
  keptAll: boolean,
  previewBytes: number,
  treeBytes = previewBytes,
): BodyModel {
  const view = bodyView(contentType, body, size);
  const ct = contentType ?? '';
  if (view === 'empty') return { contentType: ct, encoding: 'utf8', view, text: '', size: 0, truncated: false };
  if (view === 'image') {
    if (body.length <= previewBytes && keptAll)
      return { contentType: ct, encoding: 'base64', view, text: body.toString('base64'), size, truncated: false };
    return { contentType: ct, encoding: 'utf8', view: 'binary', text: '', size, truncated: true };
  }
  if (view === 'binary') return { contentType: ct, encoding: 'utf8', view, text: '', size, truncated: size > 0 };
  const limit =
    view === 'json' && keptAll && body.length <= treeBytes ? Math.max(body.length, previewBytes) : previewBytes;
  const text = utf8Prefix(body, limit);
  return { contentType: ct, encoding: 'utf8', view, text, size, truncated: !keptAll || body.length > limit };
}

export function parseJsonBody(view: BodyModel['view'], text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    if (view === 'json') return { ok: true, value: JSON.parse(text) };
    if (view === 'jsonl') {
      return {
        ok: true,
        value: text
          .split(/\r?\n/)
          // eslint-disable-next-line no-control-regex -- RS (0x1E) starts each application/json-seq record
          .map((l) => l.replace(/^\x1e/, '').trim())
          .filter(Boolean)
          .map((l) => JSON.parse(l) as unknown),
      };
    }
  } catch {
    /* not JSON after all: treated as text */
  }
  return { ok: false };
}

/** RFC 7807 fields, when the body is a problem object. */
export function problemOf(contentType: string | undefined, status: number, json: unknown): ProblemDetails | undefined {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const type = mediaType(contentType);
  const o = json as Record<string, unknown>;
  const looksLikeProblem =
    type === 'application/problem+json' ||
    (status >= 400 && (typeof o.title === 'string' || typeof o.detail === 'string'));
  if (!looksLikeProblem) return undefined;
  const p: ProblemDetails = {};
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if ((k === 'type' || k === 'title' || k === 'detail' || k === 'instance') && typeof v === 'string') p[k] = v;
    else if (k === 'status' && typeof v === 'number') p.status = v;
    else extra[k] = v;
  }
  if (Object.keys(extra).length) p.extra = extra;
  return p;
}

export function namedResponse(
  status: number,
  headers: ReadonlyArray<[string, string]>,
  parsed: { ok: true; value: unknown } | { ok: false },
  text: string,
  bodyBytes = text.length,
): NamedResponse {
  const h: Record<string, string> = {};
  for (const [k, v] of headers) h[k] = k in h ? `${h[k]}, ${v}` : v;
  return { status, headers: h, body: parsed.ok ? parsed.value : text, bodyIsJson: parsed.ok, bodyBytes };
}
