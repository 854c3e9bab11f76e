import { HTTP_METHODS, parseRequestCell } from '../request/cell';
import { needsConfirmation } from '../run/run';
import { prepareRequest } from '../request/prepare';
import {
  BUILTIN_VARIABLES,
  evaluateExpression,
  findTemplates,
  parseExpression,
  type TemplateRef,
} from '../request/variables';
import { cellLines, lineAt, type CellLine } from './cellLines';
import type { CellScope, HoverResult } from './languageTypes';
import { inlineCode, looksSecret, shownValue } from './secretLook';
import { tokenDecision } from '../auth/tokenRule';
import { EXPECT_KEY_DOCS, KEY_DOCS, METHOD_DOCS, SEQUENCE_KEY_DOCS } from './vocabulary';
import { contractKeyHover, contractMethodHover } from './contractHover';
import { accessHoverFacts } from './accessHover';
import { responsesAbove } from './diagnostics';

export interface HoverInput extends CellScope {
  text: string;
  offset: number;
}

const METHODS: readonly string[] = HTTP_METHODS;
const MAX_VALUE_CHARS = 1200;

/** What the thing under the cursor means now: a template's value and source, or the URL a method line sends. */
export async function hover(input: HoverInput): Promise<HoverResult | undefined> {
  const lines = cellLines(input.text);
  const line = lineAt(lines, input.offset);
  if (line.comment || (line.commentStart !== undefined && input.offset > line.commentStart)) return undefined;
  const ref = findTemplates(input.text, line.start, line.commentStart ?? line.end).find(
    (r) => input.offset >= r.offset && input.offset <= r.offset + r.length,
  );
  if (ref) return { contents: templateHover(ref, input), start: ref.offset, end: ref.offset + ref.length };
  if (line.inBlockScalar || line.key === undefined || line.keyStart === undefined) return undefined;
  const onKey = input.offset >= line.keyStart && input.offset <= line.keyEnd!;
  if (line.indent === 0 && !line.dash && METHODS.includes(line.key) && (onKey || input.offset >= line.valueStart)) {
    const contract = contractMethodHover(input.text, input);
    return {
      contents: `${await methodHover(input, line.key)}${contract ? `\n\n---\n\n${contract}` : ''}`,
      start: line.keyStart,
      end: Math.max(line.valueEnd, line.keyEnd!),
    };
  }
  const flow = flowSequenceHover(input.text, line, input.offset);
  if (flow) return flow;
  if (!onKey) return undefined;
  const fromContract = line.indent > 0 ? contractKeyHover(input.text, input, line) : undefined;
  if (fromContract) return { contents: fromContract, start: line.keyStart, end: line.keyEnd! };
  const doc =
    line.indent === 0
      ? KEY_DOCS[line.key]
      : isExpectKey(lines, line)
        ? EXPECT_KEY_DOCS[line.key]
        : sequenceKeyDoc(lines, line);
  return doc ? { contents: `**${line.key}**: ${doc}`, start: line.keyStart, end: line.keyEnd! } : undefined;
}

/** A key of a block-style `paginate:` or `repeat:`. */
function sequenceKeyDoc(lines: readonly CellLine[], line: CellLine): string | undefined {
  const parent = line.parent === undefined ? undefined : lines[line.parent];
  if (!parent || parent.indent !== 0 || (parent.key !== 'paginate' && parent.key !== 'repeat')) return undefined;
  return SEQUENCE_KEY_DOCS[parent.key][line.key!];
}

/** A key inside a one-line `paginate: { limit: 100, maxPages: 20 }` or `repeat: { … }`. */
function flowSequenceHover(text: string, line: CellLine, offset: number): HoverResult | undefined {
  if (line.indent !== 0 || (line.key !== 'paginate' && line.key !== 'repeat') || offset < line.valueStart)
    return undefined;
  let start = offset;
  while (start > line.valueStart && /[A-Za-z]/.test(text[start - 1])) start--;
  let end = offset;
  while (end < line.valueEnd && /[A-Za-z]/.test(text[end])) end++;
  const word = text.slice(start, end);
  const doc = SEQUENCE_KEY_DOCS[line.key][word];
  if (
    !doc ||
    !/^[ \t]*:/.test(text.slice(end, line.valueEnd)) ||
    !/[{,][ \t]*$/.test(text.slice(line.valueStart, start))
  )
    return undefined;
  return { contents: `**${word}**: ${doc}`, start, end };
}

function isExpectKey(lines: readonly CellLine[], line: CellLine): boolean {
  const parent = line.parent === undefined ? undefined : lines[line.parent];
  return parent?.key === 'expect' && parent.indent === 0;
}

function templateHover(ref: TemplateRef, scope: CellScope): string {
  const title = `**${inlineCode(`{{${ref.expr}}}`)}**`;
  const parsed = parseExpression(ref.expr);
  if (!parsed.ok) return `${title}\n\n${parsed.message}`;
  const e = parsed.expression;
  if (e.kind === 'builtin') return `${title}: built-in, ${BUILTIN_VARIABLES[e.name]}; a new value on every run.`;
  const env = scope.environment;
  if (e.kind === 'variable') {
    if (!env) return `${title}\n\nNo active environment: choose one to see this variable's value.`;
    const responses = responsesAbove(scope);
    const r = evaluateExpression(ref.expr, { environmentName: env.name, variables: env.variables, responses });
    if (!r.ok) return `${title}\n\n${r.message}`;
    return `${title} = ${inlineCode(shownValue(e.name, r.value, 200))}\n\nVariable of environment "${env.name}" (akkuro-environments.yaml).`;
  }
  if (!scope.earlierNames.has(e.name)) {
    const below = scope.laterNames?.has(e.name)
      ? `; the cell named "${e.name}" is below this one: move it above`
      : `: add "name: ${e.name}" to the cell whose response you mean, above this one`;
    return `${title}\n\nNo earlier cell is named "${e.name}"${below}.`;
  }
  const last = scope.responses.get(e.name);
  const where = env ? ` in environment "${env.name}"` : '';
  if (!last) return `${title}\n\nThe cell named "${e.name}" has not run yet${where}: run it first.`;
  const r = evaluateExpression(ref.expr, {
    environmentName: env?.name ?? '',
    variables: {},
    responses: scope.responses,
  });
  const source = `From response "${e.name}" (status ${last.status}), the last run of the cell named "${e.name}"${where}.`;
  if (!r.ok) return `${title}\n\n${r.message}\n\n${source}`;
  return `${title}\n\n${valueBlock(e.kind === 'response' && e.part === 'headers' ? e.header : e.name, r.value)}\n\n${source}`;
}

/** A value as markdown: inline when short, a JSON block when structured, cut when long. */
function valueBlock(name: string, value: unknown): string {
  if (looksSecret(name, value)) return inlineCode(shownValue(name, value));
  if (value === null || typeof value !== 'object') return inlineCode(shownValue(name, value, 200));
  let json = JSON.stringify(value, null, 2);
  if (json.length > MAX_VALUE_CHARS) json = `${json.slice(0, MAX_VALUE_CHARS)}\n… (${json.length} characters)`;
  const fence = json.includes('```') ? '````' : '```';
  return `${fence}json\n${json}\n${fence}`;
}

async function methodHover(input: HoverInput, method: string): Promise<string> {
  const head = `**${method}**: ${METHOD_DOCS[method]}`;
  const env = input.environment;
  const parsed = parseRequestCell(input.text);
  if (!parsed.cell) {
    const first = parsed.diagnostics.find((d) => d.severity === 'error');
    return `${head}\n\nThe URL is shown once the cell's problems are fixed${first ? `: line ${first.line}: ${first.message}` : '.'}`;
  }
  if (!env) return `${head}\n\nNo active environment: choose one to see the full URL.`;
  const cell = parsed.cell;
  const values = new Map<string, unknown>();
  const hidden = new Map<string, string>();
  const unresolved: string[] = [];
  const responses = new Map(
    [...input.earlierNames].filter((n) => input.responses.has(n)).map((n) => [n, input.responses.get(n)!]),
  );
  for (const t of cell.templates) {
    if (values.has(t.expr)) continue;
    const r = evaluateExpression(t.expr, { environmentName: env.name, variables: env.variables, responses });
    // Built-ins change on every run and secrets must not show: both stay as templates in the URL.
    const keepVisible = !r.ok || t.expr.startsWith('$') || looksSecret(t.expr, r.value);
    if (r.ok && !keepVisible) {
      values.set(t.expr, r.value);
      continue;
    }
    const placeholder = `zzakkurotemplate${hidden.size}zz`;
    hidden.set(placeholder, `{{${t.expr}}}`);
    values.set(t.expr, placeholder);
    if (!r.ok) unresolved.push(`${inlineCode(`{{${t.expr}}}`)}: ${r.message}`);
  }
  const prepared = await prepareRequest({
    cell: { ...cell, body: undefined },
    text: input.text,
    values,
    environment: env,
    notebookApiVersion: input.notebookApiVersion,
    userAgent: 'hover',
  });
  if (!prepared.ok) return `${head}\n\n${prepared.diagnostics.map((d) => d.message).join('\n\n')}`;
  const req = prepared.request;
  let url = req.url;
  for (const [placeholder, template] of hidden) url = url.split(placeholder).join(template);
  const versionSource = cell.apiVersion
    ? 'this cell'
    : input.notebookApiVersion
      ? 'the notebook'
      : `environment "${env.name}"`;
  const token = tokenDecision(cell.auth, env, req.origin);
  const facts = [
    req.apiVersion
      ? `api-version ${inlineCode(req.apiVersion)} (from ${versionSource})`
      : 'no api-version: the API answers with its latest version',
    ...(token.attached ? accessHoverFacts(cell, env, input.access) : [token.reason]),
  ];
  if (needsConfirmation(env, cell.method))
    facts.push(
      `environment "${env.name}" is protected (${env.protectedReason ?? 'protected'}): sending asks for confirmation`,
    );
  const lines = [`${head}\n\n${inlineCode(url)}`, facts.map((f) => `- ${f}`).join('\n')];
  if (unresolved.length) lines.push(`Not resolved yet:\n${unresolved.map((u) => `- ${u}`).join('\n')}`);
  return lines.join('\n\n');
}
