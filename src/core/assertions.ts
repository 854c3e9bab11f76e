/**
 * The `expect:` block of a request cell: declarative checks, compiled once from the cell's YAML value and
 * evaluated against each response. Notebooks run no user code, so this is data, never a script.
 */
import type { AssertionResult } from './response';
import { nearest } from './diagnostic';
import { formatPath, getAtPath, parsePath, type PathSegment } from './jsonPath';

export const EXPECT_KEYS = ['status', 'headers', 'body', 'duration'] as const;
export const EXPECT_OPERATORS = [
  'equals', 'notEquals', 'type', 'exists', 'matches', 'contains', 'oneOf', 'gt', 'gte', 'lt', 'lte', 'length',
] as const;
export const EXPECT_TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'] as const;

export type ExpectOperator = (typeof EXPECT_OPERATORS)[number];
export type JsonType = (typeof EXPECT_TYPES)[number];
export type Comparison = 'gt' | 'gte' | 'lt' | 'lte';

/** One compiled check. `status` is the `status: 201 | [200, 201] | 2xx` shorthand, which accepts classes. */
export type Check =
  | { op: 'equals' | 'notEquals' | 'contains'; value: unknown }
  | { op: 'oneOf'; values: unknown[] }
  | { op: 'type'; types: JsonType[] }
  | { op: 'exists'; value: boolean }
  | { op: 'matches'; source: string; regex: RegExp }
  | { op: Comparison; value: number }
  | { op: 'length'; compare: Comparison | 'equals' | 'notEquals'; value: number }
  | { op: 'status'; allowed: Array<number | string> };

export type ExpectTarget =
  | { kind: 'status' | 'duration'; label: string; checks: Check[] }
  | { kind: 'header'; label: string; name: string; checks: Check[] }
  | { kind: 'body'; label: string; segments: PathSegment[]; checks: Check[] };

/** The compiled `expect:` block: targets in the order written, paths parsed, regexes compiled. */
export interface ExpectSpec {
  targets: ExpectTarget[];
}

export interface ExpectProblem {
  path: (string | number)[];
  message: string;
  onKey?: boolean;
}

export interface ActualResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  bodyIsJson: boolean;
  durationMs: number;
}

type Path = (string | number)[];
type TargetKind = ExpectTarget['kind'];

const COMPARISONS: readonly string[] = ['gt', 'gte', 'lt', 'lte'];
const LENGTH_KEYS: readonly string[] = ['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte'];
const STATUS_KEYS: readonly string[] = ['equals', 'notEquals', 'oneOf', 'gt', 'gte', 'lt', 'lte'];
const OPERATORS: readonly string[] = EXPECT_OPERATORS;
const TYPES: readonly string[] = EXPECT_TYPES;

/**
 * Validates and compiles the parsed YAML value of `expect:`. The spec is returned only when there is no problem.
 * A value that is one whole `{{variable}}` (e.g. `gte: "{{min}}"`) takes its type only once substituted, so it is
 * not a problem here; the spec is then withheld until the caller compiles the substituted value.
 */
export function compileExpect(value: unknown): { spec?: ExpectSpec; problems: ExpectProblem[] } {
  const problems: ExpectProblem[] = [];
  const targets: ExpectTarget[] = [];
  const c = new Compiler(problems, value);
  if (value === null || value === undefined) return { spec: { targets }, problems };
  if (!isPlainObject(value)) {
    problems.push({ path: [], message: 'expect must be a mapping with status, headers, body or duration, e.g. expect: { status: 200 }' });
    return { problems };
  }
  for (const [key, v] of Object.entries(value)) {
    if (key === 'status') {
      const checks = c.status(v);
      if (checks) targets.push({ kind: 'status', label: 'status', checks });
    } else if (key === 'duration') {
      const checks = c.duration(v);
      if (checks) targets.push({ kind: 'duration', label: 'duration', checks });
    } else if (key === 'headers' || key === 'body') {
      if (v === null) continue;
      if (!isPlainObject(v)) {
        const example = key === 'body' ? '$.name: Jane Doe' : 'content-type: application/json';
        problems.push({ path: [key], message: `${key} must be a mapping, e.g. ${key}: { ${example} }` });
        continue;
      }
      for (const [name, expected] of Object.entries(v)) {
        const target = key === 'body' ? c.bodyTarget(name, expected) : c.headerTarget(name, expected);
        if (target) targets.push(target);
      }
    } else {
      const guess = key.startsWith('$') ? undefined : nearest(key, EXPECT_KEYS);
      const fix = key.startsWith('$')
        ? `body paths go under body:, e.g. body: { ${key}: ... }`
        : `${guess ? `did you mean ${guess}? ` : ''}expect takes ${EXPECT_KEYS.join(', ')}`;
      problems.push({ path: [key], onKey: true, message: `unknown key "${key}" in expect: ${fix}` });
    }
  }
  return problems.length || c.deferred ? { problems } : { spec: { targets }, problems };
}

/** Holds the problem list for one compilation; every method reports into it and returns undefined on a problem. */
class Compiler {
  /** Set when a check could not be compiled only because its value is still a `{{variable}}`. */
  deferred = false;

  constructor(private readonly problems: ExpectProblem[], private readonly root: unknown) {}

  private problem(path: Path, message: string, onKey = false): undefined {
    if (!onKey && isWholeTemplate(valueAt(this.root, path))) this.deferred = true;
    else this.problems.push(onKey ? { path, message, onKey } : { path, message });
    return undefined;
  }

  status(v: unknown): Check[] | undefined {
    return isPlainObject(v) ? this.operators(v, ['status'], 'status', STATUS_KEYS) : this.statusCodes(v, ['status']);
  }

  /** Codes and classes; also the operand of `equals`/`oneOf` under status, so `oneOf: [2xx, 304]` works too. */
  private statusCodes(v: unknown, path: Path): Check[] | undefined {
    const items = Array.isArray(v) ? v : [v];
    if (items.length === 0) return this.problem(path, 'status needs at least one code, e.g. status: [200, 201]');
    const allowed = items.map((item, i) => this.statusItem(item, Array.isArray(v) ? [...path, i] : path));
    return allowed.every((a) => a !== undefined) ? [{ op: 'status', allowed: allowed as Array<number | string> }] : undefined;
  }

  private statusItem(v: unknown, path: Path): number | string | undefined {
    if (typeof v === 'string' && /^[1-5]xx$/i.test(v.trim())) return v.trim().toLowerCase();
    const n = typeof v === 'string' && /^\d{3}$/.test(v.trim()) ? Number(v) : v;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599) return n;
    return this.problem(path, `status must be a code from 100 to 599 or a class from 1xx to 5xx, e.g. 201 or 2xx; got ${show(v)}`);
  }

  duration(v: unknown): Check[] | undefined {
    if (isPlainObject(v)) return this.operators(v, ['duration'], 'duration', COMPARISONS);
    const ms = parseDuration(v);
    if (ms === undefined) {
      return this.problem(['duration'], `duration must be a time in milliseconds (2000), a time with a unit (2s, 500ms), or a mapping such as { lt: 2000 }; got ${show(v)}`);
    }
    return [{ op: 'lt', value: ms }];
  }

  headerTarget(name: string, expected: unknown): ExpectTarget | undefined {
    const lower = name.trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(lower)) {
      return this.problem(['headers', name], `"${name}" is not a header name: use letters, digits and "-", e.g. content-type`, true);
    }
    const checks = this.value(expected, ['headers', name], 'header');
    return checks && { kind: 'header', label: `header ${lower}`, name: lower, checks };
  }

  bodyTarget(key: string, expected: unknown): ExpectTarget | undefined {
    const parsed = parsePath(key);
    if (!parsed.ok) return this.problem(['body', key], `bad path "${key}": ${parsed.message}`, true);
    const checks = this.value(expected, ['body', key], 'body');
    return checks && { kind: 'body', label: `body ${formatPath(parsed.segments)}`, segments: parsed.segments, checks };
  }

  /** A plain value means equals; a mapping of operators means checks; anything else is a literal to compare. */
  private value(v: unknown, path: Path, kind: 'header' | 'body'): Check[] | undefined {
    if (isPlainObject(v) && Object.keys(v).length > 0) {
      const keys = Object.keys(v);
      if (keys.every((k) => OPERATORS.includes(k))) return this.operators(v, path, kind, OPERATORS);
      const guesses = keys.filter((k) => !OPERATORS.includes(k)).map((k) => [k, probableOperator(k, v[k])] as const);
      if (guesses.every(([, g]) => g !== undefined)) {
        for (const [k, g] of guesses) {
          this.problem([...path, k], `unknown operator "${k}": did you mean ${g}? (to compare with this mapping as a value, write { equals: { ${k}: ... } })`, true);
        }
        return undefined;
      }
    }
    const literal = this.literal(v, path, kind);
    return literal.ok ? [{ op: 'equals', value: literal.value }] : undefined;
  }

  private operators(map: Record<string, unknown>, path: Path, kind: TargetKind, allowed: readonly string[]): Check[] | undefined {
    const checks: Check[] = [];
    let ok = true;
    for (const [op, operand] of Object.entries(map)) {
      const compiled = allowed.includes(op)
        ? this.operator(op as ExpectOperator, operand, [...path, op], kind)
        : this.problem([...path, op], unknownKey(op, allowed, kind), true);
      if (compiled) checks.push(...compiled);
      else ok = false;
    }
    if (checks.length === 0 && ok) return this.problem(path, `${path.join(' ')} is an empty mapping: add one of ${allowed.join(', ')}`);
    return ok ? checks : undefined;
  }

  private operator(op: ExpectOperator, operand: unknown, path: Path, kind: TargetKind): Check[] | undefined {
    switch (op) {
      case 'equals':
      case 'notEquals':
      case 'contains': {
        if (kind === 'status' && op === 'equals') return this.statusCodes(operand, path);
        const r = this.literal(operand, path, kind);
        return r.ok ? [{ op, value: r.value }] : undefined;
      }
      case 'oneOf': {
        if (kind === 'status') return Array.isArray(operand) ? this.statusCodes(operand, path) : this.problem(path, 'oneOf takes a list, e.g. oneOf: [200, 201]');
        if (!Array.isArray(operand) || operand.length === 0) return this.problem(path, 'oneOf takes a non-empty list, e.g. oneOf: [active, pending]');
        const values = operand.map((item, i) => this.literal(item, [...path, i], kind));
        return values.every((r) => r.ok) ? [{ op, values: values.map((r) => (r.ok ? r.value : undefined)) }] : undefined;
      }
      case 'type': {
        const list = Array.isArray(operand) ? operand : [operand];
        const bad = list.findIndex((t) => typeof t !== 'string' || !TYPES.includes(t));
        if (list.length === 0 || bad >= 0) {
          const got = list.length ? list[bad] : operand;
          const guess = typeof got === 'string' ? nearest(got, TYPES) : undefined;
          return this.problem(Array.isArray(operand) && list.length ? [...path, bad] : path,
            `type must be one of ${TYPES.join(', ')}${guess ? ` (did you mean ${guess}?)` : ''}; got ${show(got)}. To compare with a mapping that has a "type" key, write { equals: { type: ... } }`);
        }
        return [{ op, types: list as JsonType[] }];
      }
      case 'exists':
        return typeof operand === 'boolean' ? [{ op, value: operand }] : this.problem(path, `exists takes true or false; got ${show(operand)}`);
      case 'matches': {
        if (typeof operand !== 'string') return this.problem(path, `matches takes a regular expression as text, e.g. matches: "^ab"; got ${show(operand)}`);
        try {
          return [{ op, source: operand, regex: new RegExp(operand) }];
        } catch (e) {
          return this.problem(path, `${(e as Error).message}: fix the regular expression (a YAML double-quoted string needs \\\\ for one backslash)`);
        }
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        const n = kind === 'duration' ? parseDuration(operand) : typeof operand === 'number' && Number.isFinite(operand) ? operand : undefined;
        return n === undefined ? this.problem(path, `${op} takes a number${kind === 'duration' ? ' of milliseconds or a time such as 2s' : ''}; got ${show(operand)}`) : [{ op, value: n }];
      }
      case 'length':
        return this.length(operand, path);
    }
  }

  private length(operand: unknown, path: Path): Check[] | undefined {
    const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
    if (isCount(operand)) return [{ op: 'length', compare: 'equals', value: operand }];
    if (!isPlainObject(operand) || Object.keys(operand).length === 0) {
      return this.problem(path, `length takes a whole number such as 3, or a comparison such as { gte: 1 }; got ${show(operand)}`);
    }
    const checks: Check[] = [];
    for (const [compare, n] of Object.entries(operand)) {
      if (!LENGTH_KEYS.includes(compare)) this.problem([...path, compare], unknownKey(compare, LENGTH_KEYS, 'length'), true);
      else if (typeof n !== 'number' || !Number.isFinite(n)) this.problem([...path, compare], `${compare} takes a number; got ${show(n)}`);
      else checks.push({ op: 'length', compare: compare as Comparison | 'equals' | 'notEquals', value: n });
    }
    return checks.length === Object.keys(operand).length ? checks : undefined;
  }

  /** A value to compare with. Header values are text, so scalars become their text. */
  private literal(v: unknown, path: Path, kind: TargetKind): { ok: true; value: unknown } | { ok: false } {
    if (kind === 'header') {
      if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return { ok: true, value: String(v) };
      this.problem(path, `a header value is text: write a value, or an operator mapping such as { matches: "^application/json" }; got ${show(v)}`);
      return { ok: false };
    }
    const bad = nonJson(v, new Set());
    if (bad) {
      this.problem(path, `${bad} is not a JSON value: use text, numbers, true/false, null, lists and mappings`);
      return { ok: false };
    }
    return { ok: true, value: v };
  }
}

// The same test as the variable substitution's, which gives such a value the variable's own type.
const isWholeTemplate = (v: unknown): boolean => typeof v === 'string' && /^\{\{[^{}\r\n]*\}\}$/.test(v);

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const key of path) v = typeof v === 'object' && v !== null && Object.hasOwn(v, key) ? (v as Record<string | number, unknown>)[key] : undefined;
  return v;
}

function unknownKey(key: string, allowed: readonly string[], context: string): string {
  const guess = nearest(key, allowed);
  return `unknown ${context === 'length' ? 'length comparison' : `${context} operator`} "${key}": ${guess ? `did you mean ${guess}? ` : ''}use ${allowed.join(', ')}`;
}

// Spellings people bring from other tools; a key maps to an operator only when its value also fits that operator.
const ALIASES: Record<string, ExpectOperator> = {
  eq: 'equals', equal: 'equals', ne: 'notEquals', neq: 'notEquals', not: 'notEquals', notequal: 'notEquals',
  regex: 'matches', regexp: 'matches', match: 'matches', in: 'oneOf', anyof: 'oneOf', include: 'contains',
  includes: 'contains', len: 'length', ge: 'gte', le: 'lte', gteq: 'gte', lteq: 'lte',
};

/**
 * The operator a non-operator key was probably meant to be, or undefined when the key reads as data.
 * Short operators (gt, lt, ...) are matched only by case or alias: within two edits of "gt" lie real keys
 * such as "id" and "at". `type` allows one edit ("tpye" is one transposition) so "time" stays a key.
 */
function probableOperator(key: string, operand: unknown): ExpectOperator | undefined {
  const k = key.toLowerCase().replace(/[\s_-]/g, '');
  let guess: ExpectOperator | undefined = ALIASES[k] ?? EXPECT_OPERATORS.find((op) => op.toLowerCase() === k);
  if (guess === undefined && k.length >= 3) {
    let best = Infinity;
    for (const op of EXPECT_OPERATORS.filter((o) => o.length >= 4)) {
      const d = transpositionDistance(k, op.toLowerCase());
      if (d <= (op.length === 4 ? 1 : 2) && d < best) [best, guess] = [d, op];
    }
  }
  return guess && operandFits(guess, operand) ? guess : undefined;
}

function operandFits(op: ExpectOperator, v: unknown): boolean {
  switch (op) {
    case 'type': return typeof v === 'string' || (Array.isArray(v) && v.every((t) => typeof t === 'string'));
    case 'exists': return typeof v === 'boolean';
    case 'matches': return typeof v === 'string';
    case 'oneOf': return Array.isArray(v);
    case 'length': return typeof v === 'number' || isPlainObject(v);
    case 'gt': case 'gte': case 'lt': case 'lte': return typeof v === 'number';
    default: return true;
  }
}

/** Edit distance counting an adjacent swap as one edit (optimal string alignment). */
function transpositionDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Milliseconds from 2000, "2000", "500ms", "2s", "1.5s" or "1m"; the same units as a cell's timeout. */
function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(v) : null;
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 1);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A description of the first part of `v` that JSON cannot hold, or undefined when it is all JSON. */
function nonJson(v: unknown, ancestors: Set<unknown>): string | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : String(v);
  if (ancestors.has(v)) return 'a value that contains itself (a recursive YAML alias)';
  if (Array.isArray(v) || isPlainObject(v)) {
    ancestors.add(v);
    for (const item of Object.values(v)) {
      const bad = nonJson(item, ancestors);
      if (bad) return bad;
    }
    ancestors.delete(v);
    return undefined;
  }
  return v instanceof Date ? `the date ${v.toISOString()} (quote it to compare as text)` : `a value of type ${typeof v}`;
}

// Response values reach messages; a JWT among them (a token endpoint's body) must not.
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const mask = (text: string): string => text.replace(JWT, '‹redacted JWT›');

/** A value as it reads in a message: JSON, masked, cut to about 80 characters. */
function show(v: unknown, max = 80): string {
  const text = mask(v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// ---- evaluation ----

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
      const raw = Object.entries(actual.headers).find(([k, v]) => k.toLowerCase() === target.name && v !== undefined)?.[1];
      if (raw === undefined) return { found: false, reason: `the response has no ${target.name} header` };
      return { found: true, value: Array.isArray(raw) ? raw.join(', ') : raw };
    }
    case 'body': {
      if (target.segments.length === 0) {
        return actual.bodyIsJson ? { found: true, value: actual.body } : { found: true, value: actual.body, note: 'the body is not JSON' };
      }
      if (!actual.bodyIsJson) return { found: false, reason: notJson(actual.body), unknowable: true };
      const r = getAtPath(actual.body, target.segments);
      return r.found ? { found: true, value: r.value } : { found: false, reason: `it does not exist: ${whereMissing(actual.body, target.segments, r.at)}` };
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
  const result = (passed: boolean, actual: unknown, message: string): AssertionResult =>
    ({ target: target.label, operator, expected: bounded(expectedOf(check)), actual: bounded(actual), passed, message: mask(message) });
  if (!subject.found) {
    if (check.op === 'exists' && !check.value && !subject.unknowable) return result(true, false, `${target.label} does not exist`);
    return result(false, check.op === 'exists' ? false : undefined, `expected ${target.label} ${want} but ${subject.reason}`);
  }
  const o = outcome(check, subject.value, target.kind, unit);
  if (o.passed) return result(true, o.actual, `${target.label} ${o.pass}`);
  return result(false, o.actual, `expected ${target.label} ${want} but ${o.fail}${subject.note ? `; ${subject.note}` : ''}`);
}

const COMPARE_WORDS: Record<Comparison, string> = { gt: 'greater than', gte: 'at least', lt: 'less than', lte: 'at most' };

function compare(op: Comparison | 'equals' | 'notEquals', a: number, b: number): boolean {
  switch (op) {
    case 'gt': return a > b;
    case 'gte': return a >= b;
    case 'lt': return a < b;
    case 'lte': return a <= b;
    case 'equals': return a === b;
    case 'notEquals': return a !== b;
  }
}

/** The phrase after "expected <target>", e.g. `to equal "Jane"`; for the status shorthand just the codes. */
function wanted(check: Check, unit: string): string {
  switch (check.op) {
    case 'status': return orList(check.allowed.map(String));
    case 'equals': return `to equal ${show(check.value)}`;
    case 'notEquals': return `not to equal ${show(check.value)}`;
    case 'type': return `to be ${orList(check.types.map(withArticle))}`;
    case 'exists': return check.value ? 'to exist' : 'not to exist';
    case 'matches': return `to match /${check.regex.source}/`;
    case 'contains': return `to contain ${show(check.value)}`;
    case 'oneOf': return `to be one of ${check.values.map((v) => show(v, 40)).join(', ')}`;
    case 'length':
      if (check.compare === 'equals') return `to have length ${check.value}`;
      if (check.compare === 'notEquals') return `not to have length ${check.value}`;
      return `to have a length ${COMPARE_WORDS[check.compare]} ${check.value}`;
    default: return `to be ${COMPARE_WORDS[check.op]} ${check.value}${unit}`;
  }
}

function expectedOf(check: Check): unknown {
  switch (check.op) {
    case 'status': return check.allowed.length === 1 ? check.allowed[0] : check.allowed;
    case 'type': return check.types.length === 1 ? check.types[0] : check.types;
    case 'oneOf': return check.values;
    case 'matches': return check.source;
    case 'length': return check.compare === 'equals' ? check.value : { [check.compare]: check.value };
    default: return check.value;
  }
}

function outcome(check: Check, v: unknown, kind: TargetKind, unit: string): Outcome {
  const was = `it was ${show(v)}`;
  const plain = (passed: boolean, pass: string): Outcome => ({ passed, actual: v, pass, fail: was });
  switch (check.op) {
    case 'status':
      return plain(check.allowed.some((a) => (typeof a === 'number' ? a === v : typeof v === 'number' && Math.floor(v / 100) === Number(a[0]))), `is ${show(v)}`);
    case 'equals':
      return plain(jsonEqual(v, check.value), `equals ${show(check.value)}`);
    case 'notEquals':
      return plain(!jsonEqual(v, check.value), `is ${show(v)}, not ${show(check.value)}`);
    case 'oneOf':
      return plain(check.values.some((x) => jsonEqual(v, x)), `is ${show(v)}, one of ${check.values.map((x) => show(x, 40)).join(', ')}`);
    case 'exists':
      return { passed: check.value, actual: true, pass: 'exists', fail: was };
    case 'type': {
      const matched = check.types.find((t) => hasType(v, t));
      return { passed: matched !== undefined, actual: jsonType(v), pass: `is ${withArticle(matched ?? jsonType(v))}`, fail: `it was ${describe(v)}` };
    }
    case 'matches':
      if (typeof v !== 'string') return { passed: false, actual: v, pass: '', fail: `it was ${describe(v)}, not text` };
      return plain(check.regex.test(v), `matches /${check.regex.source}/`);
    case 'contains': {
      const pass = `contains ${show(check.value)}`;
      if (Array.isArray(v)) return plain(v.some((x) => jsonEqual(x, check.value)), pass);
      if (typeof v !== 'string') return { passed: false, actual: v, pass, fail: `it was ${describe(v)}; contains works on arrays and text` };
      if (typeof check.value !== 'string') return { passed: false, actual: v, pass, fail: `${was}; text can only contain text: quote the value` };
      return plain(v.includes(check.value), pass);
    }
    case 'length': {
      const n = typeof v === 'string' ? [...v].length : Array.isArray(v) ? v.length : typeof v === 'object' && v !== null ? Object.keys(v).length : undefined;
      if (n === undefined) return { passed: false, actual: v, pass: '', fail: `it was ${describe(v)}, which has no length: length works on arrays, text and objects` };
      const tail = check.compare === 'equals' ? '' : check.compare === 'notEquals' ? `, not ${check.value}` : `, ${COMPARE_WORDS[check.compare]} ${check.value}`;
      return { passed: compare(check.compare, n, check.value), actual: n, pass: `has length ${n}${tail}`, fail: `its length was ${n}` };
    }
    default: {
      // Header values are text by nature, so a header that spells a number is read as one; a JSON string never is.
      const n = typeof v === 'number' ? v : kind === 'header' && typeof v === 'string' && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(v) ? Number(v) : undefined;
      if (n === undefined) return { passed: false, actual: v, pass: '', fail: `it was ${describe(v)}, not a number` };
      return { passed: compare(check.op, n, check.value), actual: n, pass: `is ${n}${unit}, ${COMPARE_WORDS[check.op]} ${check.value}${unit}`, fail: `it was ${n}${unit}` };
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
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(rb, k) && jsonEqual((a as Record<string, unknown>)[k], rb[k]));
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

const withArticle = (t: string): string => (t === 'null' || t === 'nothing' ? t : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

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
