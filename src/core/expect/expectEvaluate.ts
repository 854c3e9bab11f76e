import { mask, show } from './expectText';
import type { ActualResponse, Check, Comparison, ExpectSpec, ExpectTarget, JsonType, TargetKind } from './expectTypes';
import { nearest } from '../text/diagnostic';
import { formatPath, type PathSegment } from '../../contract/jsonPathFormat';
import { getAtPath } from '../request/jsonPath';
import type { AssertionResult } from '../../contract/response';

/* Evaluating a compiled `expect:` block against a response: one readable result per check. */

type Subject =
  | { found: true; value: unknown; note?: string }
  // `unknowable`: the body is not JSON, so even `exists: false` cannot honestly pass.
  | { found: false; reason: string; unknowable?: boolean };

type Outcome = { passed: boolean; actual: unknown; pass: string; fail: string };

/** One AssertionResult per check, in the order the checks were written. */
export function evaluateExpect(spec: ExpectSpec, actual: ActualResponse): AssertionResult[] {
  return spec.targets.flatMap((target) => {
    const subject = resolve(target, actual);
    return target.checks.map((check) => evaluate(target, check, subject));
  });
}

function resolve(target: ExpectTarget, actual: ActualResponse): Subject {
  switch (target.kind) {
    case 'status':
      return { found: true, value: actual.status };
    case 'duration':
      return { found: true, value: Math.round(actual.durationMs * 10) / 10 };
    case 'header': {
      const raw = Object.entries(actual.headers).find(
        ([k, v]) => k.toLowerCase() === target.name && v !== undefined,
      )?.[1];
      if (raw === undefined) return { found: false, reason: `the response has no ${target.name} header` };
      return { found: true, value: Array.isArray(raw) ? raw.join(', ') : raw };
    }
    case 'body': {
      if (target.segments.length === 0) {
        return actual.bodyIsJson
          ? { found: true, value: actual.body }
          : { found: true, value: actual.body, note: 'the body is not JSON' };
      }
      if (!actual.bodyIsJson) return { found: false, reason: notJson(actual.body), unknowable: true };
      const r = getAtPath(actual.body, target.segments);
      return r.found
        ? { found: true, value: r.value }
        : { found: false, reason: `it does not exist: ${whereMissing(actual.body, target.segments, r.at)}` };
    }
  }
}

function notJson(body: unknown): string {
  if (body === '' || body === undefined || body === null) return 'the body is not JSON (it is empty)';
  return `the body is not JSON${typeof body === 'string' ? ` (it starts with ${show(body.slice(0, 40))})` : ''}`;
}

/** Why a path found nothing, said about the deepest part that does exist. */
function whereMissing(body: unknown, segments: PathSegment[], at: number): string {
  const parentPath = segments.slice(0, at);
  const parent = getAtPath(body, parentPath);
  const p = parent.found ? parent.value : undefined;
  const where = formatPath(parentPath);
  const seg = segments[at];
  if (Array.isArray(p)) {
    return typeof seg === 'number' || /^\d+$/.test(seg)
      ? `${where} has ${p.length} item${p.length === 1 ? '' : 's'}, so there is no [${seg}]`
      : `${where} is an array, not an object: use an index such as [0]`;
  }
  if (typeof p === 'object' && p !== null) {
    if (typeof seg === 'number') return `${where} is an object, not an array`;
    const guess = nearest(seg, Object.keys(p).slice(0, 500));
    return `${where} has no key ${JSON.stringify(seg)}${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ''}`;
  }
  return `${where} is ${describe(p)}, not ${typeof seg === 'number' ? 'an array' : 'an object'}`;
}

function evaluate(target: ExpectTarget, check: Check, subject: Subject): AssertionResult {
  const operator = check.op === 'status' ? (check.allowed.length === 1 ? 'equals' : 'oneOf') : check.op;
  const unit = target.kind === 'duration' ? ' ms' : '';
  const want = wanted(check, unit);
  const result = (passed: boolean, actual: unknown, message: string): AssertionResult => ({
    target: target.label,
    operator,
    expected: bounded(expectedOf(check)),
    actual: bounded(actual),
    passed,
    message: mask(message),
  });
  if (!subject.found) {
    if (check.op === 'exists' && !check.value && !subject.unknowable)
      return result(true, false, `${target.label} does not exist`);
    return result(
      false,
      check.op === 'exists' ? false : undefined,
      `expected ${target.label} ${want} but ${subject.reason}`,
    );
  }
  const o = outcome(check, subject.value, target.kind, unit);
  if (o.passed) return result(true, o.actual, `${target.label} ${o.pass}`);
  return result(
    false,
    o.actual,
    `expected ${target.label} ${want} but ${o.fail}${subject.note ? `; ${subject.note}` : ''}`,
  );
}

const COMPARE_WORDS: Record<Comparison, string> = {
  gt: 'greater than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
};

function compare(op: Comparison | 'equals' | 'notEquals', a: number, b: number): boolean {
  switch (op) {
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'equals':
      return a === b;
    case 'notEquals':
      return a !== b;
  }
}

/** The phrase after "expected <target>", e.g. `to equal "Jane"`; for the status shorthand just the codes. */
function wanted(check: Check, unit: string): string {
  switch (check.op) {
    case 'status':
      return orList(check.allowed.map(String));
    case 'equals':
      return `to equal ${show(check.value)}`;
    case 'notEquals':
      return `not to equal ${show(check.value)}`;
    case 'type':
      return `to be ${orList(check.types.map(withArticle))}`;
    case 'exists':
      return check.value ? 'to exist' : 'not to exist';
    case 'matches':
      return `to match /${check.regex.source}/`;
    case 'contains':
      return `to contain ${show(check.value)}`;
    case 'oneOf':
      return `to be one of ${check.values.map((v) => show(v, 40)).join(', ')}`;
    case 'length':
      if (check.compare === 'equals') return `to have length ${check.value}`;
      if (check.compare === 'notEquals') return `not to have length ${check.value}`;
      return `to have a length ${COMPARE_WORDS[check.compare]} ${check.value}`;
    default:
      return `to be ${COMPARE_WORDS[check.op]} ${check.value}${unit}`;
  }
}

function expectedOf(check: Check): unknown {
  switch (check.op) {
    case 'status':
      return check.allowed.length === 1 ? check.allowed[0] : check.allowed;
    case 'type':
      return check.types.length === 1 ? check.types[0] : check.types;
    case 'oneOf':
      return check.values;
    case 'matches':
      return check.source;
    case 'length':
      return check.compare === 'equals' ? check.value : { [check.compare]: check.value };
    default:
      return check.value;
  }
}

function outcome(check: Check, v: unknown, kind: TargetKind, unit: string): Outcome {
  const was = `it was ${show(v)}`;
  const plain = (passed: boolean, pass: string): Outcome => ({ passed, actual: v, pass, fail: was });
  switch (check.op) {
    case 'status':
      return plain(
        check.allowed.some((a) =>
          typeof a === 'number' ? a === v : typeof v === 'number' && Math.floor(v / 100) === Number(a[0]),
        ),
        `is ${show(v)}`,
      );
    case 'equals':
      return plain(jsonEqual(v, check.value), `equals ${show(check.value)}`);
    case 'notEquals':
      return plain(!jsonEqual(v, check.value), `is ${show(v)}, not ${show(check.value)}`);
    case 'oneOf':
      return plain(
        check.values.some((x) => jsonEqual(v, x)),
        `is ${show(v)}, one of ${check.values.map((x) => show(x, 40)).join(', ')}`,
      );
    case 'exists':
      return { passed: check.value, actual: true, pass: 'exists', fail: was };
    case 'type': {
      const matched = check.types.find((t) => hasType(v, t));
      return {
        passed: matched !== undefined,
        actual: jsonType(v),
        pass: `is ${withArticle(matched ?? jsonType(v))}`,
        fail: `it was ${describe(v)}`,
      };
    }
    case 'matches':
      if (typeof v !== 'string') return { passed: false, actual: v, pass: '', fail: `it was ${describe(v)}, not text` };
      return plain(check.regex.test(v), `matches /${check.regex.source}/`);
    case 'contains': {
      const pass = `contains ${show(check.value)}`;
      if (Array.isArray(v))
        return plain(
          v.some((x) => jsonEqual(x, check.value)),
          pass,
        );
      if (typeof v !== 'string')
        return { passed: false, actual: v, pass, fail: `it was ${describe(v)}; contains works on arrays and text` };
      if (typeof check.value !== 'string')
        return { passed: false, actual: v, pass, fail: `${was}; text can only contain text: quote the value` };
      return plain(v.includes(check.value), pass);
    }
    case 'length': {
      const n =
        typeof v === 'string'
          ? [...v].length
          : Array.isArray(v)
            ? v.length
            : typeof v === 'object' && v !== null
              ? Object.keys(v).length
              : undefined;
      if (n === undefined)
        return {
          passed: false,
          actual: v,
          pass: '',
          fail: `it was ${describe(v)}, which has no length: length works on arrays, text and objects`,
        };
      const tail =
        check.compare === 'equals'
          ? ''
          : check.compare === 'notEquals'
            ? `, not ${check.value}`
            : `, ${COMPARE_WORDS[check.compare]} ${check.value}`;
      return {
        passed: compare(check.compare, n, check.value),
        actual: n,
        pass: `has length ${n}${tail}`,
        fail: `its length was ${n}`,
      };
    }
    default: {
      // Header values are text by nature, so a header that spells a number is read as one; a JSON string never is.
      const n =
        typeof v === 'number'
          ? v
          : kind === 'header' && typeof v === 'string' && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(v)
            ? Number(v)
            : undefined;
      if (n === undefined) return { passed: false, actual: v, pass: '', fail: `it was ${describe(v)}, not a number` };
      return {
        passed: compare(check.op, n, check.value),
        actual: n,
        pass: `is ${n}${unit}, ${COMPARE_WORDS[check.op]} ${check.value}${unit}`,
        fail: `it was ${n}${unit}`,
      };
    }
  }
}

/** Deep equality with JSON semantics: key order does not matter, array order does, 1 and 1.0 are one number. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  const ka = Object.keys(a);
  const rb = b as Record<string, unknown>;
  return (
    ka.length === Object.keys(b).length &&
    ka.every((k) => Object.hasOwn(rb, k) && jsonEqual((a as Record<string, unknown>)[k], rb[k]))
  );
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return v === undefined ? 'nothing' : typeof v;
}

function hasType(v: unknown, t: JsonType): boolean {
  if (t === 'integer') return Number.isInteger(v);
  return jsonType(v) === t;
}

const withArticle = (t: string): string =>
  t === 'null' || t === 'nothing' ? t : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;

/** "a number (42)", "null", "an array ([1,2])": what a value is, for a failure message. */
function describe(v: unknown): string {
  return v === null || v === undefined ? jsonType(v) : `${withArticle(jsonType(v))} (${show(v, 60)})`;
}

function orList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Small values stay structured for the renderer; a long string or big object becomes a ~200-character summary. */
function bounded(v: unknown): unknown {
  if (v === undefined) return undefined;
  const text = JSON.stringify(v);
  if (text.length <= 200) return mask(text) === text ? v : JSON.parse(mask(text));
  if (typeof v === 'string') return `${mask(v).slice(0, 200)}… (${[...v].length} characters)`;
  const size = Array.isArray(v) ? `array of ${v.length} items` : `object with ${Object.keys(v as object).length} keys`;
  return `${mask(text).slice(0, 200)}… (${size})`;
}
