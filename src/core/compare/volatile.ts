/**
 * What counts as volatile in a response: values that differ from run to run and between environments
 * without meaning anything (ids, timestamps, request ids). Comparing masks them; pinning an expectation
 * checks their type instead of their value. One rule for both, and for both faces.
 */
import type { PathSegment } from '../../contract/jsonPathFormat';
import { matchesPath, type VolatilePattern } from './volatilePath';

/** `id`, `referenceId`, `counterparty_id`, `requestID`. */
const ID_KEY = /^(id|.*[a-z0-9]Id|.*_id|.*ID)$/;
/** `createdAt`, `updated_at`, `timestamp`, `lastModified`. */
const TIME_KEY = /^(.*[a-z0-9]At|.*_at|timestamp|.*Timestamp|lastModified|modified)$/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
// A date with a time of day; a bare date (a birth date, a due date) is data, not a clock reading.
const DATE_TIME = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g;

/** Response headers whose values change on every call; compared by presence only. */
export const VOLATILE_HEADERS: ReadonlySet<string> = new Set([
  'date',
  'age',
  'expires',
  'etag',
  'last-modified',
  'content-length',
  'x-request-id',
  'request-id',
  'x-correlation-id',
  'correlation-id',
  'traceparent',
  'tracestate',
  'x-trace-id',
  'x-amzn-trace-id',
  'set-cookie',
]);

/** Transport details that say nothing about the API's answer. */
export const IGNORED_HEADERS: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'transfer-encoding', 'via']);

export class VolatileRule {
  constructor(private readonly patterns: readonly VolatilePattern[] = []) {}

  /** The rule for comparing runs of these environments: the defaults plus every `volatile:` path of each. */
  static of(...environments: Array<{ volatile?: VolatilePattern[] } | undefined>): VolatileRule {
    return new VolatileRule(environments.flatMap((e) => e?.volatile ?? []));
  }

  /** A body field that is volatile by its name or by a configured pattern. */
  isVolatileField(path: readonly PathSegment[]): boolean {
    const last = path[path.length - 1];
    if (typeof last === 'string' && (ID_KEY.test(last) || TIME_KEY.test(last))) return true;
    return this.patterns.some((p) => matchesPath(p, path));
  }

  /** A string that is (or holds) an id or a timestamp by its shape. */
  isVolatileText(text: string): boolean {
    return maskVolatileText(text) !== text;
  }
}

/** UUIDs and date-times inside a text become placeholders, so `/parties/<uuid>` still compares its shape. */
export function maskVolatileText(text: string): string {
  if (text.length < 16) return text;
  return text.replace(UUID, '<uuid>').replace(DATE_TIME, '<timestamp>');
}
