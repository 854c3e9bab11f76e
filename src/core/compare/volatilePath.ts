/**
 * Patterns that name the volatile parts of a response (ids, timestamps), written in the environments file as
 * `volatile: [$.createdAt, $..referenceId, $.items[*].id]`. Unlike `expect:` paths they may search:
 * `..key` matches at any depth and `*` (as `.*` or `[*]`) matches any one key or index. They only ever
 * select values to mask; nothing is evaluated.
 */
import type { PathSegment } from '../../contract/jsonPathFormat';

export interface PatternStep {
  /** `..`: the step may match after any number of levels. */
  deep: boolean;
  /** A key, an array index, or undefined for `*` (any one key or index). */
  key?: string | number;
}

export interface VolatilePattern {
  source: string;
  steps: PatternStep[];
}

export type ParsePatternResult =
  { ok: true; pattern: VolatilePattern } | { ok: false; message: string; /** 0-based */ index: number };

const NAME_CHAR = /^[\p{L}\p{N}\p{M}_$-]$/u;
const EXAMPLES = 'e.g. $.createdAt, $..referenceId or $.items[*].id';

export function parseVolatilePattern(source: string): ParsePatternResult {
  const fail = (message: string, index: number): ParsePatternResult => ({ ok: false, message, index });
  if (source[0] !== '$') return fail(`a volatile path starts with "$" (${EXAMPLES})`, 0);
  if (source.length === 1) return fail('"$" alone would mask the whole body; name a field, e.g. $.createdAt', 0);
  const steps: PatternStep[] = [];
  let i = 1;
  while (i < source.length) {
    let deep = false;
    if (source.startsWith('..', i)) {
      deep = true;
      i += 2;
    } else if (source[i] === '.') {
      i += 1;
    } else if (source[i] !== '[') {
      return fail(`unexpected "${source[i]}" at character ${i + 1}: separate keys with "." (${EXAMPLES})`, i);
    }
    if (source[i] === '[') {
      const r = bracket(source, i);
      if (!r.ok) return r;
      steps.push(r.key === undefined ? { deep } : { deep, key: r.key });
      i = r.end;
    } else if (source[i] === '*') {
      steps.push({ deep });
      i += 1;
    } else {
      const end = nameEnd(source, i);
      if (end === i && i >= source.length)
        return fail(`expected a key after "." at character ${i}: remove the dot or add a key`, i - 1);
      if (end === i)
        return fail(
          `expected a key at character ${i + 1}: keys with spaces or symbols go in brackets, e.g. $["a b"]`,
          i,
        );
      steps.push({ deep, key: source.slice(i, end) });
      i = end;
    }
  }
  return { ok: true, pattern: { source, steps } };
}

type BracketResult = { ok: true; key?: string | number; end: number } | { ok: false; message: string; index: number };

function bracket(source: string, open: number): BracketResult {
  const close = (key: string | number | undefined, at: number): BracketResult =>
    source[at] === ']'
      ? { ok: true, ...(key === undefined ? {} : { key }), end: at + 1 }
      : {
          ok: false,
          message: `expected "]" at character ${at + 1} to close the [ at character ${open + 1}`,
          index: at,
        };
  const ch = source[open + 1];
  if (ch === '*') return close(undefined, open + 2);
  const digits = /^\d+/.exec(source.slice(open + 1));
  if (digits) return close(Number(digits[0]), open + 1 + digits[0].length);
  if (ch === '"' || ch === "'") {
    const end = source.indexOf(ch, open + 2);
    if (end < 0)
      return { ok: false, message: `unclosed string at character ${open + 2}: close it with ${ch}]`, index: open + 1 };
    return close(source.slice(open + 2, end), end + 1);
  }
  return {
    ok: false,
    message: `expected *, an index or a quoted key after [ at character ${open + 1}, e.g. [*], [0] or ["a b"]`,
    index: open,
  };
}

function nameEnd(source: string, start: number): number {
  let i = start;
  while (i < source.length) {
    const ch = String.fromCodePoint(source.codePointAt(i) ?? 0);
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  return i;
}

/** Whether the pattern selects exactly this path (all of it, not a prefix). */
export function matchesPath(pattern: VolatilePattern, path: readonly PathSegment[]): boolean {
  return matchFrom(pattern.steps, 0, path, 0);
}

function matchFrom(steps: readonly PatternStep[], s: number, path: readonly PathSegment[], p: number): boolean {
  if (s === steps.length) return p === path.length;
  const step = steps[s];
  if (!step.deep) return p < path.length && stepMatches(step, path[p]) && matchFrom(steps, s + 1, path, p + 1);
  for (let at = p; at < path.length; at++)
    if (stepMatches(step, path[at]) && matchFrom(steps, s + 1, path, at + 1)) return true;
  return false;
}

function stepMatches(step: PatternStep, segment: PathSegment): boolean {
  return step.key === undefined || step.key === segment;
}
