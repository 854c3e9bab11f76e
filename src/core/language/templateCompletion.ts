import { redactHeaderValue } from '../http/redact';
import { getAtPath, parsePath } from '../request/jsonPath';
import { BUILTIN_VARIABLES, type NamedResponse } from '../request/variables';
import type { CellScope, CompletionItem } from './languageTypes';
import { shownValue } from './secretLook';

const HEAD = /^[A-Za-z_][A-Za-z0-9_-]*/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
const SEGMENT_CHAR = /[A-Za-z0-9_$-]/;
const MAX_INDEXES = 20;

export interface TemplateSite {
  text: string;
  /** Where the expression starts (after `{{` and spaces) and the cursor. */
  exprStart: number;
  offset: number;
  /** Whether `}}` already follows on the line, so a finished item must not add another. */
  closed: boolean;
}

/** Completion inside `{{…`: variables, built-ins, earlier responses and, once they ran, their parts. */
export function templateCompletions(site: TemplateSite, scope: CellScope): CompletionItem[] {
  const expr = site.text.slice(site.exprStart, site.offset);
  const close = site.closed ? '' : '}}';
  const head = HEAD.exec(expr)?.[0];
  if (head === undefined || head.length === expr.length) return heads(site, scope, close);
  if (!isResponseName(head, scope)) return [];
  const response = scope.responses.get(head);
  const rest = expr.slice(head.length);
  const partStart = site.exprStart + head.length + 1;
  if (/^\.[a-z]*$/.test(rest)) return parts(site, head, response, partStart, close);
  if (!response) return [];
  if (rest.startsWith('.headers.')) return headerNames(site, response, partStart + 'headers.'.length, close);
  if (rest.startsWith('.body') && response.bodyIsJson)
    return bodyFields(site, response, rest.slice(5), site.exprStart + head.length + 5, close);
  return [];
}

function heads(site: TemplateSite, scope: CellScope, close: string): CompletionItem[] {
  const range = { replaceStart: site.exprStart, replaceEnd: segmentEnd(site.text, site.offset) };
  const items: CompletionItem[] = [];
  const env = scope.environment;
  for (const [name, value] of Object.entries(env?.variables ?? {})) {
    items.push({
      label: name,
      kind: 'variable',
      insertText: name + close,
      detail: shownValue(name, value),
      documentation: `Variable of environment "${env!.name}" (akkuro-environments.yaml).`,
      sortText: `1${name}`,
      ...range,
    });
  }
  for (const [name, doc] of Object.entries(BUILTIN_VARIABLES)) {
    items.push({
      label: name,
      kind: 'builtin',
      insertText: name + close,
      detail: 'built-in',
      documentation: `Built-in: ${doc}.`,
      sortText: `3${name}`,
      ...range,
    });
  }
  for (const name of scope.earlierNames) {
    const r = scope.responses.get(name);
    items.push({
      label: name,
      kind: 'response',
      insertText: `${name}.`,
      retrigger: true,
      detail: r ? `response · status ${r.status}` : 'response · not run yet',
      documentation: `The response of the earlier cell named \`${name}\`: \`{{${name}.status}}\`, \`{{${name}.headers.<name>}}\`, \`{{${name}.body.<path>}}\`.`,
      sortText: `2${name}`,
      ...range,
    });
  }
  return items;
}

function parts(
  site: TemplateSite,
  name: string,
  response: NamedResponse | undefined,
  start: number,
  close: string,
): CompletionItem[] {
  const range = { replaceStart: start, replaceEnd: segmentEnd(site.text, site.offset) };
  const structured = !!response && response.bodyIsJson && typeof response.body === 'object' && response.body !== null;
  const items: CompletionItem[] = [
    {
      label: 'status',
      kind: 'field',
      insertText: 'status' + close,
      detail: response ? String(response.status) : 'not run yet',
      documentation: `The status code of response \`${name}\`.`,
      sortText: '1',
      ...range,
    },
    {
      label: 'headers',
      kind: 'field',
      insertText: 'headers.',
      retrigger: true,
      detail: response ? `${Object.keys(response.headers).length} headers` : 'not run yet',
      documentation: `A header of response \`${name}\`, by lower-case name: \`{{${name}.headers.location}}\`.`,
      sortText: '2',
      ...range,
    },
    {
      label: 'body',
      kind: 'field',
      insertText: structured ? 'body.' : 'body' + close,
      retrigger: structured,
      detail: response ? (response.bodyIsJson ? describe(response.body) : 'text') : 'not run yet',
      documentation: `The body of response \`${name}\`; a JSON path after it reads one value: \`{{${name}.body.referenceId}}\`, \`{{${name}.body.items[0].name}}\`.`,
      sortText: '3',
      ...range,
    },
  ];
  return items;
}

function headerNames(site: TemplateSite, response: NamedResponse, start: number, close: string): CompletionItem[] {
  const range = { replaceStart: start, replaceEnd: headerEnd(site.text, site.offset) };
  return Object.entries(response.headers).map(([name, value]) => ({
    label: name,
    kind: 'header' as const,
    insertText: name + close,
    detail: shownValue(name, redactHeaderValue(name, value)),
    ...range,
  }));
}

/** Fields of the JSON value that the path typed so far (`.items[0].`) points at. */
function bodyFields(
  site: TemplateSite,
  response: NamedResponse,
  pathText: string,
  pathStart: number,
  close: string,
): CompletionItem[] {
  const cut = Math.max(pathText.lastIndexOf('.'), pathText.lastIndexOf('['));
  if (cut < 0) return [];
  const base = pathText.slice(0, cut);
  const parsed = parsePath('$' + base);
  if (!parsed.ok) return [];
  const got = getAtPath(response.body, parsed.segments);
  if (!got.found || typeof got.value !== 'object' || got.value === null) return [];
  const sepStart = pathStart + cut;
  const end = pathText[cut] === '[' ? bracketEnd(site.text, site.offset) : segmentEnd(site.text, site.offset);
  const partial = pathText.slice(cut);
  const items: CompletionItem[] = [];
  if (Array.isArray(got.value)) {
    got.value.slice(0, MAX_INDEXES).forEach((v, i) => {
      items.push({
        label: `[${i}]`,
        kind: 'field',
        insertText: `[${i}]` + suffix(v, close),
        retrigger: isContainer(v),
        filterText: partial.startsWith('[') ? `[${i}]` : `.[${i}]`,
        detail: describe(v),
        sortText: String(i).padStart(4, '0'),
        replaceStart: sepStart,
        replaceEnd: end,
      });
    });
    return items;
  }
  if (pathText[cut] === '[') return [];
  Object.entries(got.value as Record<string, unknown>).forEach(([key, v], i) => {
    const plain = IDENTIFIER.test(key);
    const access = plain ? `.${key}` : `[${JSON.stringify(key)}]`;
    const sort = String(i).padStart(4, '0');
    items.push({
      label: key,
      kind: 'field',
      insertText: access + suffix(v, close),
      retrigger: isContainer(v),
      filterText: `.${key}`,
      detail: describe(v, key),
      sortText: sort,
      replaceStart: sepStart,
      replaceEnd: end,
    });
    if (Array.isArray(v) && v.length > 0) {
      items.push({
        label: `${key}[0]`,
        kind: 'field',
        insertText: `${access}[0]` + suffix(v[0], close),
        retrigger: isContainer(v[0]),
        filterText: `.${key}[0]`,
        detail: describe(v[0]),
        sortText: `${sort}a`,
        replaceStart: sepStart,
        replaceEnd: end,
      });
    }
  });
  return items;
}

function isResponseName(name: string, scope: CellScope): boolean {
  return scope.earlierNames.has(name);
}

function isContainer(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

/** After an object the next key follows a dot; after a list an index follows directly; a leaf ends the template. */
function suffix(v: unknown, close: string): string {
  if (!isContainer(v)) return close;
  return Array.isArray(v) ? '' : '.';
}

function describe(v: unknown, name = ''): string {
  if (Array.isArray(v)) return `array (${v.length} item${v.length === 1 ? '' : 's'})`;
  if (v !== null && typeof v === 'object')
    return `object (${Object.keys(v).length} key${Object.keys(v).length === 1 ? '' : 's'})`;
  return shownValue(name, v, 60);
}

function segmentEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && SEGMENT_CHAR.test(text[end])) end++;
  return end;
}

function headerEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && /[A-Za-z0-9!#$%&'*+.^_`|~-]/.test(text[end]) && !text.startsWith('}}', end)) end++;
  return end;
}

function bracketEnd(text: string, offset: number): number {
  const close = text.indexOf(']', offset);
  const stop = text.slice(offset).search(/[\s}]/);
  return close >= 0 && (stop < 0 || close < offset + stop) ? close + 1 : offset;
}
