/**
 * Checks the JSON of an output item before drawing it. Outputs can outlive the extension version that
 * wrote them (a reopened notebook, another extension writing our MIME type), so a wrong shape becomes a
 * readable message rather than an exception inside the notebook webview.
 */
import type { RunResult } from '../contract/response';

export type ReadResult = { ok: true; result: RunResult } | { ok: false; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readRunResult(value: unknown): ReadResult {
  if (!isObject(value)) return bad('it is not a JSON object');
  if (value.kind === 'failure') {
    if (typeof value.title !== 'string' || typeof value.message !== 'string')
      return bad('a failure needs `title` and `message` strings');
    return { ok: true, result: withSequence(value) as unknown as RunResult };
  }
  if (value.kind !== 'response')
    return bad(`its kind is ${JSON.stringify(value.kind) ?? 'missing'}, expected "response" or "failure"`);
  if (typeof value.status !== 'number') return bad('`status` is not a number');
  const body = value.body;
  if (!isObject(body) || typeof body.text !== 'string' || typeof body.view !== 'string')
    return bad('`body` lacks `text` or `view`');
  if (!isObject(value.request) || typeof value.request.method !== 'string' || typeof value.request.url !== 'string') {
    return bad('`request` lacks `method` or `url`');
  }
  // Lists and small records that older writers may have left out default to empty rather than failing.
  const result = {
    ...value,
    statusText: typeof value.statusText === 'string' ? value.statusText : '',
    headers: Array.isArray(value.headers) ? value.headers : [],
    assertions: Array.isArray(value.assertions) ? value.assertions : [],
    notes: Array.isArray(value.notes) ? value.notes : [],
    timings: isObject(value.timings) ? value.timings : { totalMs: NaN, ttfbMs: NaN },
    environment: isObject(value.environment) ? value.environment : { name: '', baseUrl: '', protected: false },
    request: { ...value.request, headers: Array.isArray(value.request.headers) ? value.request.headers : [] },
    body: { contentType: '', encoding: 'utf8', size: body.text.length, truncated: false, ...body },
  };
  return { ok: true, result: withSequence(result) as unknown as RunResult };
}

/** A sequence that is not the expected shape is left out: the rest of the output still shows. */
function withSequence<T extends Record<string, unknown>>(value: T): T {
  const s = value.sequence;
  if (s === undefined) return value;
  const ok =
    isObject(s) &&
    typeof s.summary === 'string' &&
    Array.isArray(s.exchanges) &&
    s.exchanges.every((e) => isObject(e) && typeof e.label === 'string' && typeof e.durationMs === 'number');
  if (ok) return value;
  const { sequence: _dropped, ...rest } = value;
  return rest as T;
}

function bad(why: string): ReadResult {
  return { ok: false, message: `This output cannot be shown: ${why}. Run the cell again to refresh it.` };
}
