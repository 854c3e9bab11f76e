/**
 * The `expect:` block of a request cell: declarative checks, compiled once from the cell's YAML value and
 * evaluated against each response. Notebooks run no user code, so this is data, never a script.
 */
import { nearest } from '../text/diagnostic';
import { probableOperator } from './expectSpelling';
import { isPlainObject, show } from './expectText';
import {
  EXPECT_KEYS,
  EXPECT_OPERATORS,
  EXPECT_TYPES,
  type Check,
  type Comparison,
  type ExpectOperator,
  type ExpectProblem,
  type ExpectSpec,
  type ExpectTarget,
  type JsonType,
  type TargetKind,
} from './expectTypes';
import { formatPath } from '../../contract/jsonPathFormat';
import { parsePath } from '../request/jsonPath';

type Path = (string | number)[];

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
  let schema: boolean | undefined;
  const c = new Compiler(problems, value);
  if (value === null || value === undefined) return { spec: { targets }, problems };
  if (!isPlainObject(value)) {
    problems.push({
      path: [],
      message: 'expect must be a mapping with status, headers, body or duration, e.g. expect: { status: 200 }',
    });
    return { problems };
  }
  for (const [key, v] of Object.entries(value)) {
    if (key === 'status') {
      const checks = c.status(v);
      if (checks) targets.push({ kind: 'status', label: 'status', checks });
    } else if (key === 'duration') {
      const checks = c.duration(v);
      if (checks) targets.push({ kind: 'duration', label: 'duration', checks });
    } else if (key === 'schema') {
      if (typeof v === 'boolean') schema = v;
      else
        problems.push({
          path: [key],
          message: `schema must be true (check the response against the OpenAPI documents) or false; got ${show(v)}`,
        });
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
  return problems.length || c.deferred
    ? { problems }
    : { spec: { targets, ...(schema !== undefined ? { schema } : {}) }, problems };
}

/** Holds the problem list for one compilation; every method reports into it and returns undefined on a problem. */
class Compiler {
  /** Set when a check could not be compiled only because its value is still a `{{variable}}`. */
  deferred = false;

  constructor(
    private readonly problems: ExpectProblem[],
    private readonly root: unknown,
  ) {}

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
    return allowed.every((a) => a !== undefined)
      ? [{ op: 'status', allowed: allowed as Array<number | string> }]
      : undefined;
  }

  private statusItem(v: unknown, path: Path): number | string | undefined {
    if (typeof v === 'string' && /^[1-5]xx$/i.test(v.trim())) return v.trim().toLowerCase();
    const n = typeof v === 'string' && /^\d{3}$/.test(v.trim()) ? Number(v) : v;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599) return n;
    return this.problem(
      path,
      `status must be a code from 100 to 599 or a class from 1xx to 5xx, e.g. 201 or 2xx; got ${show(v)}`,
    );
  }

  duration(v: unknown): Check[] | undefined {
    if (isPlainObject(v)) return this.operators(v, ['duration'], 'duration', COMPARISONS);
    const ms = parseDuration(v);
    if (ms === undefined) {
      return this.problem(
        ['duration'],
        `duration must be a time in milliseconds (2000), a time with a unit (2s, 500ms), or a mapping such as { lt: 2000 }; got ${show(v)}`,
      );
    }
    return [{ op: 'lt', value: ms }];
  }

  headerTarget(name: string, expected: unknown): ExpectTarget | undefined {
    const lower = name.trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(lower)) {
      return this.problem(
        ['headers', name],
        `"${name}" is not a header name: use letters, digits and "-", e.g. content-type`,
        true,
      );
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
          this.problem(
            [...path, k],
            `unknown operator "${k}": did you mean ${g}? (to compare with this mapping as a value, write { equals: { ${k}: ... } })`,
            true,
          );
        }
        return undefined;
      }
    }
    const literal = this.literal(v, path, kind);
    return literal.ok ? [{ op: 'equals', value: literal.value }] : undefined;
  }

  private operators(
    map: Record<string, unknown>,
    path: Path,
    kind: TargetKind,
    allowed: readonly string[],
  ): Check[] | undefined {
    const checks: Check[] = [];
    let ok = true;
    for (const [op, operand] of Object.entries(map)) {
      const compiled = allowed.includes(op)
        ? this.operator(op as ExpectOperator, operand, [...path, op], kind)
        : this.problem([...path, op], unknownKey(op, allowed, kind), true);
      if (compiled) checks.push(...compiled);
      else ok = false;
    }
    if (checks.length === 0 && ok)
      return this.problem(path, `${path.join(' ')} is an empty mapping: add one of ${allowed.join(', ')}`);
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
        if (kind === 'status')
          return Array.isArray(operand)
            ? this.statusCodes(operand, path)
            : this.problem(path, 'oneOf takes a list, e.g. oneOf: [200, 201]');
        if (!Array.isArray(operand) || operand.length === 0)
          return this.problem(path, 'oneOf takes a non-empty list, e.g. oneOf: [active, pending]');
        const values = operand.map((item, i) => this.literal(item, [...path, i], kind));
        return values.every((r) => r.ok)
          ? [{ op, values: values.map((r) => (r.ok ? r.value : undefined)) }]
          : undefined;
      }
      case 'type': {
        const list = Array.isArray(operand) ? operand : [operand];
        const bad = list.findIndex((t) => typeof t !== 'string' || !TYPES.includes(t));
        if (list.length === 0 || bad >= 0) {
          const got = list.length ? list[bad] : operand;
          const guess = typeof got === 'string' ? nearest(got, TYPES) : undefined;
          return this.problem(
            Array.isArray(operand) && list.length ? [...path, bad] : path,
            `type must be one of ${TYPES.join(', ')}${guess ? ` (did you mean ${guess}?)` : ''}; got ${show(got)}. To compare with a mapping that has a "type" key, write { equals: { type: ... } }`,
          );
        }
        return [{ op, types: list as JsonType[] }];
      }
      case 'exists':
        return typeof operand === 'boolean'
          ? [{ op, value: operand }]
          : this.problem(path, `exists takes true or false; got ${show(operand)}`);
      case 'matches': {
        if (typeof operand !== 'string')
          return this.problem(
            path,
            `matches takes a regular expression as text, e.g. matches: "^ab"; got ${show(operand)}`,
          );
        try {
          return [{ op, source: operand, regex: new RegExp(operand) }];
        } catch (e) {
          return this.problem(
            path,
            `${(e as Error).message}: fix the regular expression (a YAML double-quoted string needs \\\\ for one backslash)`,
          );
        }
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        const n =
          kind === 'duration'
            ? parseDuration(operand)
            : typeof operand === 'number' && Number.isFinite(operand)
              ? operand
              : undefined;
        return n === undefined
          ? this.problem(
              path,
              `${op} takes a number${kind === 'duration' ? ' of milliseconds or a time such as 2s' : ''}; got ${show(operand)}`,
            )
          : [{ op, value: n }];
      }
      case 'length':
        return this.length(operand, path);
    }
  }

  private length(operand: unknown, path: Path): Check[] | undefined {
    const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
    if (isCount(operand)) return [{ op: 'length', compare: 'equals', value: operand }];
    if (!isPlainObject(operand) || Object.keys(operand).length === 0) {
      return this.problem(
        path,
        `length takes a whole number such as 3, or a comparison such as { gte: 1 }; got ${show(operand)}`,
      );
    }
    const checks: Check[] = [];
    for (const [compare, n] of Object.entries(operand)) {
      if (!LENGTH_KEYS.includes(compare))
        this.problem([...path, compare], unknownKey(compare, LENGTH_KEYS, 'length'), true);
      else if (typeof n !== 'number' || !Number.isFinite(n))
        this.problem([...path, compare], `${compare} takes a number; got ${show(n)}`);
      else checks.push({ op: 'length', compare: compare as Comparison | 'equals' | 'notEquals', value: n });
    }
    return checks.length === Object.keys(operand).length ? checks : undefined;
  }

  /** A value to compare with. Header values are text, so scalars become their text. */
  private literal(v: unknown, path: Path, kind: TargetKind): { ok: true; value: unknown } | { ok: false } {
    if (kind === 'header') {
      if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))
        return { ok: true, value: String(v) };
      this.problem(
        path,
        `a header value is text: write a value, or an operator mapping such as { matches: "^application/json" }; got ${show(v)}`,
      );
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
  for (const key of path)
    v =
      typeof v === 'object' && v !== null && Object.hasOwn(v, key)
        ? (v as Record<string | number, unknown>)[key]
        : undefined;
  return v;
}

function unknownKey(key: string, allowed: readonly string[], context: string): string {
  const guess = nearest(key, allowed);
  return `unknown ${context === 'length' ? 'length comparison' : `${context} operator`} "${key}": ${guess ? `did you mean ${guess}? ` : ''}use ${allowed.join(', ')}`;
}

/** Milliseconds from 2000, "2000", "500ms", "2s", "1.5s" or "1m"; the same units as a cell's timeout. */
function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(v) : null;
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 1);
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
  return v instanceof Date
    ? `the date ${v.toISOString()} (quote it to compare as text)`
    : `a value of type ${typeof v}`;
}
