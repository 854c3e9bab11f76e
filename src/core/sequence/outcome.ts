import type { AssertionResult, SequenceModel } from '../../contract/response';
import type { ActualResponse } from '../expect/expectTypes';
import { isJsonType, mediaType } from '../http/bodyModel';
import type { IncomingResponse } from '../http/send';

/** What a cell that sent several requests ends with, before the result is built from it (run/result.ts). */
export interface SequenceOutcome {
  /** The response the result shows: the pages merged, or the last attempt. */
  response: IncomingResponse;
  /** The `expect:` (as written) to check it against, when not the cell's own: a failed page is checked on status and headers only. */
  expect?: { value: unknown };
  /** Checks of the sequence itself: a failed page, `until`, maxPages reached. */
  assertions: AssertionResult[];
  notes: string[];
  sequence?: SequenceModel;
  /** The URL the output names as the request, when not the cell's own (the first page's). */
  requestUrl?: string;
}

/** The response as `expect:` sees it: status, headers, the body as JSON when it is JSON. */
export function actualOf(r: IncomingResponse): ActualResponse {
  const headers: Record<string, string[]> = {};
  for (const [k, v] of r.headers) (headers[k] ??= []).push(v);
  const text = r.body.toString('utf8');
  const contentType = r.headers.find(([n]) => n === 'content-type')?.[1];
  if (!r.truncated && isJsonType(mediaType(contentType)) && text.trim()) {
    try {
      return { status: r.status, headers, body: JSON.parse(text) as unknown, bodyIsJson: true, durationMs: r.totalMs };
    } catch {
      /* read as text below */
    }
  }
  return { status: r.status, headers, body: text, bodyIsJson: false, durationMs: r.totalMs };
}

/** A check of the sequence, shown with the others in the output's Assertions. */
export function sequenceCheck(
  target: string,
  passed: boolean,
  message: string,
  expected: unknown,
  actual: unknown,
): AssertionResult {
  return { target, operator: passed ? 'met' : 'not met', expected, actual, passed, message };
}

/** The `status` and `headers` parts of an `expect:` value: what every page must pass. */
export function statusAndHeaders(expect: unknown): Record<string, unknown> | undefined {
  if (!expect || typeof expect !== 'object' || Array.isArray(expect)) return undefined;
  const e = expect as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (e.status !== undefined) out.status = e.status;
  if (e.headers !== undefined) out.headers = e.headers;
  return Object.keys(out).length ? out : undefined;
}

/** `1,234` — counts in outputs. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
