import { parseRequestCell } from '../request/cell';
import { unnamedResponseMessage } from '../notebook/staticCheck';
import { diagnosticAt, nearest } from '../text/diagnostic';
import {
  evaluateExpression,
  findTemplates,
  NOT_RUN_YET,
  parseExpression,
  type NamedResponse,
  type TemplateRef,
} from '../request/variables';
import { cellLines, topLevelKeys, type CellLine } from './cellLines';
import type { CellDiagnostic, CellScope, QuickFix } from './languageTypes';
import { contractDiagnostics } from './contractDiagnostics';
import { accessDiagnostics } from './accessDiagnostics';
import { cellBoundFindings } from '../budget/cellBound';

const METHOD_KEYS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * Everything wrong with a cell as the editor should show it while typing: the core parser's problems,
 * templates that would fail at run time, and an api-version that nothing pins. The checks on
 * templates use the runtime's own messages, so the squiggle and the failed run say the same thing.
 */
export function cellDiagnostics(text: string, scope: CellScope): CellDiagnostic[] {
  const lines = cellLines(text);
  const unquoted = unquotedTemplates(text, lines);
  const out: CellDiagnostic[] = [];
  const parsed = parseRequestCell(text);
  for (const d of parsed.diagnostics) {
    if (unquoted.some((u) => d.offset >= u.start && d.offset < u.end)) continue;
    const { fix, ...rest } = d;
    out.push({
      ...rest,
      fixes: fix
        ? [
            {
              title: fix.title,
              edits: [{ start: d.offset, end: d.endOffset, newText: fix.replacement }],
              preferred: true,
            },
          ]
        : [],
    });
  }
  for (const u of unquoted) out.push(u.diagnostic);
  for (const ref of templatesOf(text, lines)) {
    const d = checkTemplate(text, ref, scope);
    if (d) out.push(d);
  }
  if (parsed.cell) out.push(...accessDiagnostics(text, parsed.cell, scope));
  if (parsed.cell && scope.environment)
    for (const d of cellBoundFindings(text, parsed.cell, {
      environment: scope.environment,
      ...(scope.access ? { access: scope.access } : {}),
    }))
      out.push({ ...d, fixes: [] });
  const missing = missingApiVersion(text, lines, scope);
  if (missing) out.push(missing);
  // The contract pass: warnings from the environment's OpenAPI documents, only when there are some.
  if (scope.contract && !parsed.diagnostics.some((d) => d.severity === 'error'))
    out.push(...contractDiagnostics(text, scope));
  return out.sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset);
}

/** Templates outside comments, line by line, so they are checked even while the YAML is broken. */
function templatesOf(text: string, lines: readonly CellLine[]): TemplateRef[] {
  const refs: TemplateRef[] = [];
  for (const l of lines) {
    if (l.comment || l.blank) continue;
    refs.push(...findTemplates(text, l.start, l.commentStart ?? l.end));
  }
  return refs;
}

function checkTemplate(text: string, ref: TemplateRef, scope: CellScope): CellDiagnostic | undefined {
  const at = (
    code: string,
    message: string,
    severity: 'error' | 'warning' = 'error',
    fixes: QuickFix[] = [],
  ): CellDiagnostic => ({
    ...diagnosticAt(text, ref.offset, ref.offset + ref.length, code, message, { severity }),
    fixes,
  });
  const parsed = parseExpression(ref.expr);
  if (!parsed.ok) return at('template-syntax', parsed.message);
  const e = parsed.expression;
  if (e.kind === 'builtin') return undefined;
  const nameStart = text.indexOf(e.name, ref.offset + 2);
  const rename = (to: string): QuickFix => ({
    title: `Change to "${to}"`,
    edits: [{ start: nameStart, end: nameStart + e.name.length, newText: to }],
    preferred: true,
  });
  const env = scope.environment;
  if (e.kind === 'variable') {
    // A defined variable, the common case, needs no map of every earlier response to say so.
    if (!env || Object.prototype.hasOwnProperty.call(env.variables, e.name)) return undefined;
    const responses = responsesAbove(scope);
    const r = evaluateExpression(ref.expr, { environmentName: env.name, variables: env.variables, responses });
    if (r.ok) return undefined;
    const suggestion =
      r.code === 'variable-unknown'
        ? nearest(e.name, [...Object.keys(env.variables), ...scope.earlierNames])
        : undefined;
    return at(r.code, r.message, 'error', suggestion ? [rename(suggestion)] : []);
  }
  if (!scope.earlierNames.has(e.name)) {
    const suggestion = scope.laterNames?.has(e.name) ? undefined : nearest(e.name, [...scope.earlierNames]);
    return at(
      'response-unnamed',
      unnamedResponseMessage(e.name, scope.earlierNames, scope.laterNames, suggestion),
      'error',
      suggestion ? [rename(suggestion)] : [],
    );
  }
  const last = scope.responses.get(e.name);
  if (!last) return undefined;
  const r = evaluateExpression(ref.expr, {
    environmentName: env?.name ?? '',
    variables: {},
    responses: scope.responses,
  });
  return r.ok ? undefined : at(r.code, `${r.message} (in its last response; the next run may differ)`, 'warning');
}

/**
 * `key: {{x}}` is a YAML flow mapping, not text, so the template is silently sent as `{"{x": null}`
 * or rejected with a confusing type error. Quoting the value is the fix.
 */
function unquotedTemplates(
  text: string,
  lines: readonly CellLine[],
): Array<{ start: number; end: number; diagnostic: CellDiagnostic }> {
  const out: Array<{ start: number; end: number; diagnostic: CellDiagnostic }> = [];
  for (const l of lines) {
    if (l.comment || l.blank || l.inBlockScalar || (l.key === undefined && !l.dash)) continue;
    const value = text.slice(l.valueStart, l.valueEnd);
    if (!value.startsWith('{{')) continue;
    const quoted = `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    const message = `YAML reads a value that starts with "{{" as a mapping, not as text: quote it (${quoted}).`;
    const diagnostic: CellDiagnostic = {
      ...diagnosticAt(text, l.valueStart, l.valueEnd, 'template-unquoted', message),
      fixes: [
        {
          title: 'Quote the value',
          edits: [{ start: l.valueStart, end: l.valueEnd, newText: quoted }],
          preferred: true,
        },
      ],
    };
    out.push({ start: l.valueStart, end: l.valueEnd, diagnostic });
  }
  return out;
}

function missingApiVersion(text: string, lines: readonly CellLine[], scope: CellScope): CellDiagnostic | undefined {
  const env = scope.environment;
  if (!env || env.builtin || env.apiVersion || scope.notebookApiVersion) return undefined;
  const keys = topLevelKeys(lines);
  const method = keys.find((l) => METHOD_KEYS.has(l.key!));
  if (!method || keys.some((l) => l.key === 'apiVersion')) return undefined;
  const version = scope.apiVersions?.[0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const insertAt = method.end;
  const fixes: QuickFix[] = version
    ? [
        {
          title: `Pin apiVersion ${version} (used in this notebook)`,
          edits: [{ start: insertAt, end: insertAt, newText: `${eol}apiVersion: ${version}` }],
          preferred: true,
        },
      ]
    : [];
  const message = `No apiVersion: the API answers with its latest version, which can change under you. Pin one with "apiVersion:" in this cell, in the notebook, or in environment "${env.name}" of akkuro-environments.yaml.`;
  return {
    ...diagnosticAt(text, method.keyStart!, method.keyEnd!, 'api-version-missing', message, { severity: 'warning' }),
    fixes,
  };
}

/** The responses a cell's templates can read: each earlier name's last response, or one not run yet. */
export function responsesAbove(scope: Pick<CellScope, 'earlierNames' | 'responses'>): Map<string, NamedResponse> {
  return new Map([...scope.earlierNames].map((n) => [n, scope.responses.get(n) ?? NOT_RUN_YET]));
}
