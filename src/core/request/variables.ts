import { randomInt, randomUUID } from 'node:crypto';
import { diagnosticAt, nearest, type Diagnostic } from '../text/diagnostic';
import { formatPath, type PathSegment } from '../../contract/jsonPathFormat';
import { getAtPath, parsePath } from './jsonPath';

/** A `{{ ... }}` found in cell text, with its place, so problems point at it exactly. */
export interface TemplateRef {
  /** The expression between the braces, trimmed. */
  expr: string;
  /** Offset of `{{` in the cell text, and the length through `}}`. */
  offset: number;
  length: number;
}

/** What a named response exposes to later cells. */
export interface NamedResponse {
  status: number;
  /** Lower-case names; repeated headers joined by ", ". */
  headers: Record<string, string>;
  body: unknown;
  bodyIsJson: boolean;
  /** Bytes of the body as received, counted against the memory budget of named responses. */
  bodyBytes?: number;
  /** Set (to its size) when the body was dropped to keep memory bounded. */
  bodyDropped?: number;
}

/** A named cell that has not run yet: what checks before a run evaluate templates against. Never changed. */
export const NOT_RUN_YET: Readonly<NamedResponse> = Object.freeze({
  status: 0,
  headers: {},
  body: null,
  bodyIsJson: false,
});

export interface VariableScope {
  environmentName: string;
  variables: Readonly<Record<string, string>>;
  responses: ReadonlyMap<string, NamedResponse>;
  now?: () => number;
  uuid?: () => string;
}

export const BUILTIN_VARIABLES: Readonly<Record<string, string>> = {
  $uuid: 'a random UUID (the same within one cell run)',
  $timestamp: 'the current Unix time in seconds',
  $isoDate: 'the current date and time in ISO 8601 (UTC)',
  $randomInt: 'a random integer from 0 to 999999',
};

/** A parsed expression: a built-in, a variable, or a reference into a named response. */
export type Expression =
  | { kind: 'builtin'; name: string }
  | { kind: 'variable'; name: string }
  | { kind: 'response'; name: string; part: 'status' }
  | { kind: 'response'; name: string; part: 'headers'; header: string }
  | { kind: 'response'; name: string; part: 'body'; path: PathSegment[] };

const TEMPLATE = /\{\{([^{}\r\n]*)\}\}/g;
const HEAD = /^[A-Za-z_][A-Za-z0-9_-]*/;

export function findTemplates(text: string, from = 0, to = text.length): TemplateRef[] {
  const refs: TemplateRef[] = [];
  const slice = text.slice(from, to);
  for (const m of slice.matchAll(TEMPLATE))
    refs.push({ expr: m[1].trim(), offset: from + (m.index ?? 0), length: m[0].length });
  return refs;
}

/** `{{` left open in a range of text; reported so a typo does not silently send the braces. */
export function findUnclosedTemplates(text: string, from = 0, to = text.length): Diagnostic[] {
  const out: Diagnostic[] = [];
  const slice = text.slice(from, to).replace(TEMPLATE, (m) => ' '.repeat(m.length));
  let i = slice.indexOf('{{');
  while (i >= 0) {
    out.push(
      diagnosticAt(
        text,
        from + i,
        from + i + 2,
        'template-unclosed',
        'This "{{" is not closed; write {{name}} on one line.',
      ),
    );
    i = slice.indexOf('{{', i + 2);
  }
  return out;
}

export function parseExpression(expr: string): { ok: true; expression: Expression } | { ok: false; message: string } {
  if (expr.startsWith('$')) {
    if (expr in BUILTIN_VARIABLES) return { ok: true, expression: { kind: 'builtin', name: expr } };
    const s = nearest(expr, Object.keys(BUILTIN_VARIABLES));
    return {
      ok: false,
      message: `Unknown built-in "${expr}"${s ? `; did you mean "${s}"?` : ''}. Built-ins: ${Object.keys(BUILTIN_VARIABLES).join(', ')}.`,
    };
  }
  const head = HEAD.exec(expr)?.[0];
  if (!head)
    return {
      ok: false,
      message: expr
        ? `"${expr}" is not a variable name; write {{name}}, {{response.body.field}} or a built-in like {{$uuid}}.`
        : 'Empty {{ }}: write a variable name inside.',
    };
  const rest = expr.slice(head.length);
  if (rest === '') return { ok: true, expression: { kind: 'variable', name: head } };
  const partMatch = /^\.(status|headers|body)\b/.exec(rest);
  if (!partMatch)
    return {
      ok: false,
      message: `After "${head}" write .status, .headers.<name> or .body…, e.g. {{${head}.body.referenceId}}.`,
    };
  const tail = rest.slice(partMatch[0].length);
  switch (partMatch[1]) {
    case 'status':
      return tail
        ? { ok: false, message: `"${head}.status" takes nothing after it.` }
        : { ok: true, expression: { kind: 'response', name: head, part: 'status' } };
    case 'headers': {
      const h = /^\.([A-Za-z0-9!#$%&'*+.^_`|~-]+)$/.exec(tail);
      return h
        ? { ok: true, expression: { kind: 'response', name: head, part: 'headers', header: h[1].toLowerCase() } }
        : { ok: false, message: `Write the header name after "${head}.headers.", e.g. {{${head}.headers.location}}.` };
    }
    default: {
      if (tail === '') return { ok: true, expression: { kind: 'response', name: head, part: 'body', path: [] } };
      if (!tail.startsWith('.') && !tail.startsWith('['))
        return { ok: false, message: `Write a path after "${head}.body", e.g. {{${head}.body.items[0].name}}.` };
      const p = parsePath('$' + tail);
      return p.ok
        ? { ok: true, expression: { kind: 'response', name: head, part: 'body', path: p.segments } }
        : { ok: false, message: `In "${expr}": ${p.message}` };
    }
  }
}

/** Evaluates every template once (a built-in like $uuid keeps one value within the cell run). */
export function evaluateTemplates(
  text: string,
  refs: readonly TemplateRef[],
  scope: VariableScope,
): { values: Map<string, unknown>; diagnostics: Diagnostic[] } {
  const values = new Map<string, unknown>();
  const diagnostics: Diagnostic[] = [];
  for (const ref of refs) {
    if (values.has(ref.expr)) continue;
    const r = evaluateExpression(ref.expr, scope);
    if (r.ok) values.set(ref.expr, r.value);
    else diagnostics.push(diagnosticAt(text, ref.offset, ref.offset + ref.length, r.code, r.message));
  }
  return { values, diagnostics };
}

export function evaluateExpression(
  expr: string,
  scope: VariableScope,
): { ok: true; value: unknown } | { ok: false; code: string; message: string } {
  const parsed = parseExpression(expr);
  if (!parsed.ok) return { ok: false, code: 'template-syntax', message: parsed.message };
  const e = parsed.expression;
  switch (e.kind) {
    case 'builtin': {
      const now = scope.now?.() ?? Date.now();
      if (e.name === '$uuid') return { ok: true, value: scope.uuid?.() ?? randomUUID() };
      if (e.name === '$timestamp') return { ok: true, value: Math.floor(now / 1000) };
      if (e.name === '$isoDate') return { ok: true, value: new Date(now).toISOString() };
      return { ok: true, value: randomInt(0, 1_000_000) };
    }
    case 'variable': {
      if (Object.prototype.hasOwnProperty.call(scope.variables, e.name))
        return { ok: true, value: scope.variables[e.name] };
      if (scope.responses.has(e.name))
        return {
          ok: false,
          code: 'variable-is-response',
          message: `"${e.name}" is a response; write {{${e.name}.body…}}, {{${e.name}.status}} or {{${e.name}.headers.<name>}}.`,
        };
      const s = nearest(e.name, [...Object.keys(scope.variables), ...scope.responses.keys()]);
      return {
        ok: false,
        code: 'variable-unknown',
        message: `Unknown variable "${e.name}"${s ? `; did you mean "${s}"?` : '.'} Define it under "variables:" of environment "${scope.environmentName}" in akkuro-environments.yaml, or pass --var ${e.name}=… to the runner.`,
      };
    }
    case 'response': {
      const r = scope.responses.get(e.name);
      if (!r) {
        const s = nearest(e.name, [...scope.responses.keys()]);
        return {
          ok: false,
          code: 'response-unknown',
          message: `No response named "${e.name}" yet in environment "${scope.environmentName}"${s ? ` (did you mean "${s}"?)` : ''}: run the cell with "name: ${e.name}" first.`,
        };
      }
      if (e.part === 'status') return { ok: true, value: r.status };
      if (e.part === 'headers') {
        if (e.header in r.headers) return { ok: true, value: r.headers[e.header] };
        return {
          ok: false,
          code: 'response-header-missing',
          message: `Response "${e.name}" has no header "${e.header}"; it has: ${Object.keys(r.headers).join(', ') || 'none'}.`,
        };
      }
      if (r.bodyDropped !== undefined)
        return {
          ok: false,
          code: 'response-body-dropped',
          message: `The body of response "${e.name}" is no longer in memory: it was dropped to keep memory bounded after larger or later named responses arrived. Run the cell named "${e.name}" again before this one.`,
        };
      if (e.path.length > 0 && !r.bodyIsJson)
        return {
          ok: false,
          code: 'response-body-not-json',
          message: `Response "${e.name}" has no JSON body, so "${expr}" cannot be read; use {{${e.name}.body}} for its text.`,
        };
      const got = getAtPath(r.body, e.path);
      if (got.found) return { ok: true, value: got.value };
      return {
        ok: false,
        code: 'response-path-missing',
        message: `Response "${e.name}" has no body${formatPath(e.path).slice(1)}: nothing at ${formatPath(e.path.slice(0, got.at + 1))}.`,
      };
    }
  }
}

/** Replaces templates in a string; a value that is not text is written as JSON. */
export function substituteString(s: string, values: ReadonlyMap<string, unknown>): string {
  if (!s.includes('{{')) return s;
  return s.replace(TEMPLATE, (m, expr: string) => {
    const key = expr.trim();
    return values.has(key) ? asText(values.get(key)) : m;
  });
}

/**
 * Replaces templates anywhere in a JSON-like value. A string that is exactly one template takes the
 * value's own type, so `amount: "{{loan.body.amount}}"` stays a number.
 */
export function substituteValue(value: unknown, values: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{([^{}\r\n]*)\}\}$/.exec(value);
    if (whole && values.has(whole[1].trim())) return values.get(whole[1].trim());
    return substituteString(value, values);
  }
  if (Array.isArray(value)) return value.map((v) => substituteValue(v, values));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[substituteString(k, values)] = substituteValue(v, values);
    return out;
  }
  return value;
}

function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
