/**
 * A small, safe subset of JSONPath: member names and array indexes, nothing that runs or searches.
 * Notebooks run no user code, so there are no filters, scripts, wildcards or recursive descent.
 *
 *   $  $.a.b  $.items[0].name  $.items[-1]  $["key with spaces"]  $['quoted']  $.a["b.c"]
 *
 * The leading `$` is optional (`a.b[0]`, `items[0]`) because variables use the tail form
 * (`{{party.body.items[0].name}}`). Error indexes are 0-based UTF-16 offsets for editors;
 * messages say "character N", 1-based, for people.
 */
import type { PathSegment } from '../../contract/jsonPathFormat';

export type ParsePathResult = { ok: true; segments: PathSegment[] } | { ok: false; message: string; index: number };

export type GetAtPathResult = { found: true; value: unknown } | { found: false; at: number };

// `$` may appear inside a name (`$ref`); only a leading `$` that stands alone or is followed by `.`/`[` is the root.
const NAME_CHAR = /^[\p{L}\p{N}\p{M}_$-]$/u;
const BRACKET_HINT = 'write items[0] or ["key"]';

export function parsePath(expr: string): ParsePathResult {
  const fail = (message: string, index: number): ParsePathResult => ({ ok: false, message, index });
  if (expr.length === 0) {
    return fail('the path is empty: write $ for the whole value, or a key such as $.name', 0);
  }
  const segments: PathSegment[] = [];
  let i = 0;
  if (expr[0] === '$' && (expr.length === 1 || expr[1] === '.' || expr[1] === '[')) {
    i = 1;
  } else if (expr[0] === '.') {
    return fail(`a path cannot start with "." (character 1): write $${expr} or ${expr.slice(1) || 'name'}`, 0);
  } else if (expr[0] !== '[') {
    const end = nameEnd(expr, 0);
    if (end === 0) return unexpected(expr, 0);
    segments.push(expr.slice(0, end));
    i = end;
  }
  while (i < expr.length) {
    const ch = expr[i];
    if (ch === '.') {
      const next = expr[i + 1];
      if (next === '.') {
        return fail(
          `recursive descent ".." at character ${i + 1} is not supported: write the full path, e.g. $.a.b`,
          i,
        );
      }
      if (next === '*')
        return fail(`the wildcard .* at character ${i + 2} is not supported: use an index such as [0]`, i + 1);
      if (next === '[')
        return fail(`"." before "[" at character ${i + 1}: write $.a["b"] or $.a[0], without the dot`, i);
      const end = nameEnd(expr, i + 1);
      if (end === i + 1) {
        return fail(
          next === undefined
            ? `expected a key after "." at character ${i + 1}: remove the dot or add a key`
            : `expected a key after "." at character ${i + 1}: keys with spaces or symbols go in brackets, e.g. ["a b"]`,
          i + 1,
        );
      }
      segments.push(expr.slice(i + 1, end));
      i = end;
    } else if (ch === '[') {
      const r = parseBracket(expr, i);
      if (!r.ok) return r;
      segments.push(r.segment);
      i = r.end;
    } else {
      return unexpected(expr, i);
    }
  }
  return { ok: true, segments };
}

function unexpected(expr: string, i: number): ParsePathResult {
  const ch = String.fromCodePoint(expr.codePointAt(i) ?? 0);
  const shown = ch === ' ' ? 'space' : `"${ch}"`;
  return {
    ok: false,
    index: i,
    message: `unexpected ${shown} at character ${i + 1}: separate keys with "." and put keys with spaces or symbols in brackets, e.g. $["a b"]`,
  };
}

/** The index just past the run of name characters starting at `start`, stepping by code point. */
function nameEnd(expr: string, start: number): number {
  let i = start;
  while (i < expr.length) {
    const cp = expr.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  return i;
}

type BracketResult = { ok: true; segment: PathSegment; end: number } | { ok: false; message: string; index: number };

function parseBracket(expr: string, open: number): BracketResult {
  const fail = (message: string, index: number): BracketResult => ({ ok: false, message, index });
  const unclosed = (): BracketResult => fail(`unclosed [ at character ${open + 1}: ${BRACKET_HINT}`, open);
  let i = skipSpaces(expr, open + 1);
  const ch = expr[i];
  let segment: PathSegment;
  if (ch === undefined) return unclosed();
  if (ch === '*') {
    return fail(
      `the wildcard [*] at character ${open + 1} is not supported: use an index such as [0], or check the whole list with { length: ... } or { contains: ... }`,
      open,
    );
  }
  if (ch === '?' || ch === '(') {
    return fail(
      `filter and script expressions [${ch}...] at character ${open + 1} are not supported: notebooks run no code; use an index such as [0]`,
      open,
    );
  }
  if (ch === '"' || ch === "'") {
    const s = parseQuoted(expr, i);
    if (!s.ok) return s;
    segment = s.value;
    i = s.end;
  } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
    const m = /^-?\d+/.exec(expr.slice(i));
    if (!m) return fail(`expected a digit after "-" at character ${i + 2}: ${BRACKET_HINT}`, i + 1);
    const after = expr[i + m[0].length];
    if (after === ':')
      return fail(`slices [a:b] at character ${open + 1} are not supported: use one index such as [0]`, open);
    if (after === ',')
      return fail(`unions [a,b] at character ${open + 1} are not supported: write one path per check`, open);
    if (after === '.') return fail(`an index must be a whole number (character ${i + 1}): ${BRACKET_HINT}`, i);
    const n = Number(m[0]);
    if (!Number.isSafeInteger(n)) return fail(`the index ${m[0]} at character ${i + 1} is too large`, i);
    segment = n;
    i += m[0].length;
  } else {
    const end = nameEnd(expr, i);
    const hint = end > i ? `write [${JSON.stringify(expr.slice(i, end))}] or .${expr.slice(i, end)}` : BRACKET_HINT;
    return fail(`expected a number or a quoted key after [ at character ${open + 1}: ${hint}`, i);
  }
  i = skipSpaces(expr, i);
  if (i >= expr.length) return unclosed();
  if (expr[i] !== ']')
    return fail(`expected "]" at character ${i + 1} to close the [ at character ${open + 1}: ${BRACKET_HINT}`, i);
  return { ok: true, segment, end: i + 1 };
}

function skipSpaces(expr: string, i: number): number {
  while (expr[i] === ' ') i++;
  return i;
}

const ESCAPES: Record<string, string> = {
  '\\': '\\',
  '"': '"',
  "'": "'",
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** A double- or single-quoted key with JSON escapes (plus \' ), so formatPath's JSON.stringify output reads back. */
function parseQuoted(
  expr: string,
  start: number,
): { ok: true; value: string; end: number } | { ok: false; message: string; index: number } {
  const quote = expr[start];
  let out = '';
  let i = start + 1;
  while (i < expr.length) {
    const ch = expr[i];
    if (ch === quote) return { ok: true, value: out, end: i + 1 };
    if (ch === '\\') {
      const e = expr[i + 1];
      if (e === 'u') {
        const hex = expr.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          return {
            ok: false,
            index: i,
            message: `bad escape at character ${i + 1}: \\u needs four hex digits, e.g. \\u00e9`,
          };
        }
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
        continue;
      }
      if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
        i += 2;
        continue;
      }
      return {
        ok: false,
        index: i,
        message: `unknown escape "\\${e ?? ''}" at character ${i + 1}: write \\\\ for a backslash`,
      };
    }
    out += ch;
    i++;
  }
  return {
    ok: false,
    index: start,
    message: `unclosed string starting at character ${start + 1}: close it with ${quote} and then ]`,
  };
}

/**
 * Follows `segments` from `value`. Numbers index arrays (negative from the end); a string of digits also
 * indexes an array, since `items.0` is how many people write it. Only own properties are read, so
 * `__proto__` or `constructor` never reach into the prototype chain.
 */
export function getAtPath(value: unknown, segments: PathSegment[]): GetAtPathResult {
  let current = value;
  for (let at = 0; at < segments.length; at++) {
    const seg = segments[at];
    if (Array.isArray(current)) {
      const index = typeof seg === 'number' ? seg : /^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : undefined;
      if (index === undefined) return { found: false, at };
      const position = index < 0 ? current.length + index : index;
      if (position < 0 || position >= current.length) return { found: false, at };
      current = current[position];
    } else if (
      typeof seg === 'string' &&
      typeof current === 'object' &&
      current !== null &&
      Object.hasOwn(current, seg)
    ) {
      current = (current as Record<string, unknown>)[seg];
    } else {
      return { found: false, at };
    }
  }
  return { found: true, value: current };
}
