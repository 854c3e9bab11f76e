import { clientsOf, domainsText, labelsOf, scopeText } from '../environments/accessModel';
import { cellNameOf, CELL_KEYS, HTTP_METHODS } from '../request/cell';
import { EXPECT_KEYS, EXPECT_OPERATORS, EXPECT_TYPES } from '../expect/expectTypes';
import { cursorContext, type CursorContext } from './context';
import type { CellScope, CompletionItem, CompletionKind } from './languageTypes';
import { apiVersions, expectPathItems, headerValueItems } from './valueCompletion';
import { templateCompletions } from './templateCompletion';
import { operationsOfLine } from './contractCell';
import {
  contractFieldItems,
  contractHeaderItems,
  contractPathItems,
  contractValueItems,
  operationDoc,
} from './contractCompletion';
import { sequenceKeys, sequenceValues } from './sequenceCompletion';
import {
  API_DOMAINS,
  EXPECT_KEY_DOCS,
  KEY_DOCS,
  KNOWN_PATHS,
  METHOD_DOCS,
  OPERATOR_DOCS,
  REQUEST_HEADERS,
  RESPONSE_HEADERS,
} from './vocabulary';

export interface CompletionInput extends CellScope {
  text: string;
  offset: number;
}

const BODY_KEYS = ['body', 'lines', 'bodyFile'];
/** One cell pages or polls, not both. */
const SEQUENCE_KEYS = ['paginate', 'repeat'];
const STATUS_OPERATORS = ['equals', 'notEquals', 'oneOf', 'gt', 'gte', 'lt', 'lte'];
const COMPARISONS = ['gt', 'gte', 'lt', 'lte'];

/** Everything that fits at the cursor; the editor filters by the text in each item's replace range. */
export function completions(input: CompletionInput): CompletionItem[] {
  const ctx = cursorContext(input.text, input.offset);
  const items = itemsFor(ctx, input);
  // `GET:/x` is one plain scalar in YAML, not a key and a value: a value typed right after the colon needs a space.
  if (VALUE_KINDS.has(ctx.kind) && input.text[ctx.start - 1] === ':')
    return items.map((i) => ({ ...i, insertText: ` ${i.insertText ?? i.label}`, filterText: i.filterText ?? i.label }));
  return items;
}

const VALUE_KINDS = new Set<CursorContext['kind']>(['url', 'value', 'headerValue', 'operatorValue', 'fieldValue']);

function itemsFor(ctx: CursorContext, input: CompletionInput): CompletionItem[] {
  const range = { replaceStart: ctx.start, replaceEnd: ctx.end };
  switch (ctx.kind) {
    case 'template':
      return templateCompletions(
        { text: input.text, exprStart: ctx.start, offset: input.offset, closed: ctx.closed },
        input,
      );
    case 'key':
      return topLevelKeys(ctx, input, range);
    case 'url':
      return [...contractPathItems(input.text, input, ctx.method, range), ...urls(input, range)];
    case 'value':
      return topLevelValues(ctx.key, input, range);
    case 'headerName': {
      const present = new Set(ctx.present.map((h) => h.toLowerCase()));
      const declared = contractHeaderItems(input.text, input, ctx.present, range);
      const own = new Set(declared.map((h) => h.label.toLowerCase()));
      return [
        ...declared.map((h) => (ctx.hasColon ? { ...h, insertText: undefined } : h)),
        ...REQUEST_HEADERS.filter((h) => !present.has(h.name.toLowerCase()) && !own.has(h.name.toLowerCase())).map(
          (h) => keyItem(h.name, 'header', ctx, range, { documentation: h.doc, retrigger: true }),
        ),
      ];
    }
    case 'headerValue':
      return headerValueItems(ctx.header, input, range, quotedAt(input.text, ctx.start));
    case 'expectKey':
      return EXPECT_KEYS.filter((k) => !ctx.present.includes(k)).map((k) =>
        keyItem(k, 'key', ctx, range, {
          documentation: EXPECT_KEY_DOCS[k],
          snippet: ctx.flow ? undefined : EXPECT_SNIPPETS[k],
        }),
      );
    case 'expectPath':
      return expectPathItems(cellNameOf(input.text), input, ctx.present).map((p) =>
        keyItem(p.path, 'field', ctx, range, { detail: p.detail }),
      );
    case 'expectHeader': {
      const own = input.responses.get(cellNameOf(input.text) ?? '');
      const names = [...new Set([...Object.keys(own?.headers ?? {}), ...RESPONSE_HEADERS])].filter(
        (h) => !ctx.present.includes(h),
      );
      return names.map((h) =>
        keyItem(h, 'header', ctx, range, {
          detail: own?.headers[h] !== undefined ? 'in the last response' : undefined,
        }),
      );
    }
    case 'operator': {
      const ops =
        ctx.target === 'status' ? STATUS_OPERATORS : ctx.target === 'duration' ? COMPARISONS : [...EXPECT_OPERATORS];
      return ops
        .filter((o) => !ctx.present.includes(o))
        .map((o) =>
          keyItem(o, 'operator', ctx, range, {
            documentation: OPERATOR_DOCS[o],
            retrigger: o === 'type' || o === 'exists',
          }),
        );
    }
    case 'operatorValue':
      if (ctx.operator === 'type') return EXPECT_TYPES.map((t) => ({ label: t, kind: 'value', ...range }));
      if (ctx.operator === 'exists') return ['true', 'false'].map((t) => ({ label: t, kind: 'value', ...range }));
      return [];
    case 'field':
      return contractFieldItems(input.text, input, ctx, range);
    case 'fieldValue':
      return contractValueItems(input.text, input, ctx, range);
    case 'sequenceKey':
      return sequenceKeys(ctx, range, keyItem);
    case 'sequenceValue':
      return sequenceValues(ctx.key, range);
    case 'none':
      return [];
  }
}

const KEY_SNIPPETS: Readonly<Record<string, string>> = {
  name: 'name: ${1:party}',
  query: 'query:\n  ${1:limit}: ${2:50}',
  headers: 'headers:\n  ${1:X-Request-Id}: ${2:"{{\\$uuid\\}\\}"}',
  body: 'body:\n  $0',
  lines: 'lines:\n  - $0',
  bodyFile: 'bodyFile: ${1:data/body.json}',
  auth: 'auth: ${1|none,environment|}',
  timeout: 'timeout: ${1:30s}',
  expect: 'expect:\n  status: ${1:200}',
  paginate: 'paginate: { limit: ${1:100}, maxPages: ${2:20} }',
  repeat: 'repeat: { until: { \\$.${1:status}: ${2:Completed} }, every: ${3:5s}, max: ${4:20} }',
  retries: 'retries: ${1:2}',
};

const EXPECT_SNIPPETS: Readonly<Record<string, string>> = {
  status: 'status: ${1:200}',
  headers: 'headers:\n  ${1:content-type}: ${2:application/json}',
  body: 'body:\n  \\$.${1:name}: $0',
  duration: 'duration: ${1:2s}',
  schema: 'schema: true',
};

type Range = { replaceStart: number; replaceEnd: number };
export type KeyCtx = Extract<CursorContext, { hasColon: boolean }>;

function topLevelKeys(
  ctx: Extract<CursorContext, { kind: 'key' }>,
  input: CompletionInput,
  range: Range,
): CompletionItem[] {
  const items: CompletionItem[] = [];
  const hasMethod = ctx.present.some((k) => (HTTP_METHODS as readonly string[]).includes(k));
  if (!hasMethod) {
    // The method of a line that already has its path: the methods the contract has for that path first.
    const declared = ctx.hasColon ? operationsOfLine(input.text, input, ctx.start) : [];
    for (const [i, m] of HTTP_METHODS.entries()) {
      const op = declared.find((o) => o.method === m);
      const fromContract: Partial<CompletionItem> = op
        ? { detail: op.summary ?? op.operationId ?? 'in the OpenAPI document', documentation: operationDoc(op) }
        : declared.length
          ? { detail: 'not in the contract for this path', documentation: METHOD_DOCS[m] }
          : { documentation: METHOD_DOCS[m] };
      const sortText = declared.length ? `0${op ? 0 : 1}${i}` : `0${i}`;
      items.push(
        ctx.hasColon
          ? { label: m, kind: 'method', ...fromContract, sortText, ...range }
          : { label: m, kind: 'method', insertText: `${m}: /`, retrigger: true, ...fromContract, sortText, ...range },
      );
    }
  }
  const hasBody = ctx.present.some((k) => BODY_KEYS.includes(k));
  const hasSequence = ctx.present.some((k) => SEQUENCE_KEYS.includes(k));
  for (const key of CELL_KEYS) {
    if (ctx.present.includes(key) || (hasBody && BODY_KEYS.includes(key))) continue;
    if (hasSequence && SEQUENCE_KEYS.includes(key)) continue;
    const snippet =
      key === 'apiVersion' ? `apiVersion: \${1:${bestApiVersion(input) ?? '2025.1.0'}}` : KEY_SNIPPETS[key];
    items.push({
      ...keyItem(key, 'key', ctx, range, {
        documentation: KEY_DOCS[key],
        snippet,
        // Their values come from the environment: offer them right after the key.
        retrigger: key === 'client' || key === 'label',
      }),
      sortText: `1${CELL_KEYS.indexOf(key)}`,
    });
  }
  return items;
}

export function keyItem(
  label: string,
  kind: CompletionKind,
  ctx: KeyCtx,
  range: Range,
  extra: { documentation?: string; detail?: string; snippet?: string; retrigger?: boolean },
): CompletionItem {
  const item: CompletionItem = { label, kind, ...range };
  if (extra.documentation) item.documentation = extra.documentation;
  if (extra.detail) item.detail = extra.detail;
  if (ctx.hasColon) return item;
  if (extra.snippet) return { ...item, insertText: extra.snippet, snippet: true };
  return {
    ...item,
    insertText: `${needsQuotes(label) ? JSON.stringify(label) : label}: `,
    ...(extra.retrigger ? { retrigger: true } : {}),
  };
}

function urls(input: CompletionInput, range: Range): CompletionItem[] {
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const p of KNOWN_PATHS) {
    seen.add(p.path);
    items.push({
      label: p.path,
      kind: 'path',
      insertText: p.path.replace(/\{(\w+)\}/g, (_m, n: string) => `\${1:{${n}\\}}`),
      snippet: true,
      documentation: p.doc,
      sortText: `1${p.path}`,
      ...range,
    });
  }
  for (const p of input.paths ?? []) {
    if (seen.has(p)) continue;
    seen.add(p);
    items.push({ label: p, kind: 'path', detail: 'used in this notebook', sortText: `0${p}`, ...range });
  }
  for (const d of API_DOMAINS) {
    items.push({
      label: d.path,
      kind: 'path',
      insertText: `${d.path}/`,
      retrigger: true,
      detail: 'API domain',
      documentation: d.doc,
      sortText: `2${d.path}`,
      ...range,
    });
  }
  return items;
}

function topLevelValues(key: string, input: CompletionInput, range: Range): CompletionItem[] {
  switch (key) {
    case 'apiVersion':
      return apiVersions(input).map(([v, detail], i) => ({
        label: v,
        kind: 'value',
        detail,
        sortText: String(i).padStart(3, '0'),
        ...range,
      }));
    case 'auth':
      return [
        {
          label: 'environment',
          kind: 'value',
          documentation: "Send the environment's token (the default), only to its own origin.",
          ...range,
        },
        { label: 'none', kind: 'value', documentation: 'Send no token.', ...range },
      ];
    case 'timeout':
      return ['10s', '30s', '2m'].map((t) => ({ label: t, kind: 'value', ...range }));
    case 'retries':
      return ['0', '1', '2', '3'].map((t, i) => ({
        label: t,
        kind: 'value',
        ...(t === '2' ? { detail: 'the default' } : {}),
        sortText: String(i),
        ...range,
      }));
    case 'client':
      return accessValues(input, 'client', range);
    case 'label':
      return accessValues(input, 'label', range);
    default:
      return [];
  }
}

/** The environment's clients (with their scope and domains) or white labels. */
function accessValues(input: CompletionInput, key: 'client' | 'label', range: Range): CompletionItem[] {
  const env = input.environment;
  if (!env) return [];
  if (key === 'label')
    return labelsOf(env).map((l, i) => ({
      label: l,
      kind: 'value',
      detail: i === 0 ? 'white label (the default)' : 'white label',
      sortText: String(i).padStart(3, '0'),
      ...range,
    }));
  return clientsOf(env)
    .filter((c) => !c.implicit)
    .map((c, i) => ({
      label: c.name,
      kind: 'value',
      detail: `${scopeText(c, env)}; ${domainsText(c)}`,
      sortText: String(i).padStart(3, '0'),
      ...range,
    }));
}

function bestApiVersion(scope: CellScope): string | undefined {
  return apiVersions(scope)[0]?.[0];
}

function needsQuotes(key: string): boolean {
  return /^[\s{[\]}&*!|>'"%@`#,?:-]|[:#]\s|\s$/.test(key) && !key.startsWith('$');
}

function quotedAt(text: string, start: number): boolean {
  return text[start - 1] === '"' || text[start - 1] === "'";
}
