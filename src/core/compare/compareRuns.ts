/**
 * Two runs of a cell (earlier and now, or two environments) side by side: their normalised documents for a
 * diff editor, and the list of differences, each with a readable place (`status`, `header content-type`,
 * `body $.items[0].name`), for the runner and for summaries.
 */
import { formatPath, type PathSegment } from '../../contract/jsonPathFormat';
import type { RunResult } from '../../contract/response';
import { valueText } from '../../contract/valueText';
import { normaliseRun } from './normalise';
import type { VolatileRule } from './volatile';

/** Marks a side on which the place does not exist. */
export const MISSING = Symbol('missing');

export interface Difference {
  where: string;
  left: unknown;
  right: unknown;
}

export interface Comparison {
  left: string;
  right: string;
  equal: boolean;
  /** The first `limit` differences; `total` counts them all. */
  differences: Difference[];
  total: number;
}

export function compareRuns(left: RunResult, right: RunResult, rule: VolatileRule, limit = 50): Comparison {
  const a = normaliseRun(left, rule);
  const b = normaliseRun(right, rule);
  const found: Difference[] = [];
  let total = 0;
  walk(a.value, b.value, [], (where, l, r) => {
    total++;
    if (found.length < limit) found.push({ where: placeOf(where), left: l, right: r });
  });
  return { left: a.text, right: b.text, equal: total === 0, differences: found, total };
}

type Report = (where: PathSegment[], left: unknown, right: unknown) => void;

function walk(a: unknown, b: unknown, where: PathSegment[], report: Report): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      walk(i < a.length ? a[i] : MISSING, i < b.length ? b[i] : MISSING, [...where, i], report);
    return;
  }
  if (isObject(a) && isObject(b)) {
    // The top level reads request, status, headers, body; below it, keys in order.
    const union = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    const keys = where.length ? union.sort() : union;
    for (const k of keys) walk(k in a ? a[k] : MISSING, k in b ? b[k] : MISSING, [...where, k], report);
    return;
  }
  if (!sameScalar(a, b)) report(where, a, b);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sameScalar(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

/** `['body','items',0,'name']` → `body $.items[0].name`; `['headers','etag']` → `header etag`. */
function placeOf(where: PathSegment[]): string {
  const [top, ...rest] = where;
  if (top === 'body') return `body ${formatPath(rest)}`;
  if (top === 'headers' && rest.length === 1) return `header ${String(rest[0])}`;
  return [top, ...rest].map(String).join(' ');
}

/** A value as one short line for a report: JSON, `(missing)`, cut to `max` characters. */
export function showValue(v: unknown, max = 80): string {
  return valueText(v === MISSING ? undefined : v, max);
}
