import { isMap, isScalar, isSeq, visit, type Node, type YAMLMap } from 'yaml';
import { compileExpect } from '../expect/assertions';
import { diagnosticAt, nearest, type Diagnostic } from '../diagnostic';
import { API_VERSION_PATTERN } from '../environments/environment';
import { findTemplates, findUnclosedTemplates, type TemplateRef } from './variables';
import { describeNode, entries, nodeAt, parseYaml, rangeOf, scalarString, scalarText, type Entry } from '../yamlNodes';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export const CELL_KEYS = [
  'name',
  'apiVersion',
  'query',
  'headers',
  'body',
  'lines',
  'bodyFile',
  'auth',
  'timeout',
  'expect',
] as const;
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const MAX_TIMEOUT_MS = 10 * 60_000;

export type CellBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'jsonl'; lines: unknown[] }
  | { kind: 'file'; path: string };

/** A request cell, understood: what to send, still with its `{{templates}}` unresolved. */
export interface RequestCell {
  name?: string;
  method: HttpMethod;
  url: string;
  apiVersion?: string;
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
  body?: CellBody;
  auth: 'environment' | 'none';
  timeoutMs?: number;
  /** The `expect:` value as written (validated); compiled after templates are substituted. */
  expect?: unknown;
  /** Every `{{...}}` in keys and values, with offsets into the cell text. */
  templates: TemplateRef[];
  /** Where the method key and URL are, for hovers and code lenses. */
  methodRange: [number, number];
  urlRange: [number, number];
}

export interface ParsedCell {
  cell?: RequestCell;
  diagnostics: Diagnostic[];
}

/** Cell text → request. Never throws; every problem is a positioned diagnostic that says how to fix it. */
export function parseRequestCell(text: string): ParsedCell {
  const { doc, diagnostics } = parseYaml(text);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const root = doc.contents;
  if (!root || (isScalar(root) && (root.value === null || root.value === ''))) {
    diagnostics.push(
      diagnosticAt(
        text,
        0,
        Math.max(1, text.length),
        'no-method',
        'This request cell is empty: write one method key and a URL, e.g. "GET: /counterparty-management/counterparties".',
      ),
    );
    return { diagnostics };
  }
  if (!isMap(root)) {
    diagnostics.push(
      nodeAt(
        text,
        root,
        'cell-not-mapping',
        `A request cell is a YAML mapping such as "GET: /counterparty-management/counterparties", but this is ${describeNode(root)}.`,
      ),
    );
    return { diagnostics };
  }
  const before = diagnostics.length;
  const cell = readCell(text, root, diagnostics);
  collectTemplates(text, root, cell, diagnostics);
  const ok = !diagnostics.slice(before).some((d) => d.severity === 'error');
  return ok && cell.method ? { cell: cell as RequestCell, diagnostics } : { diagnostics };
}

function readCell(text: string, root: YAMLMap, out: Diagnostic[]): Partial<RequestCell> & { templates: TemplateRef[] } {
  const cell: Partial<RequestCell> & { templates: TemplateRef[] } = {
    query: [],
    headers: [],
    auth: 'environment',
    templates: [],
  };
  const err = (
    node: Node | null | undefined,
    code: string,
    message: string,
    extra: Parameters<typeof nodeAt>[5] = {},
  ) => out.push(nodeAt(text, node, code, message, 0, extra));
  let methodEntry: Entry | undefined;
  const bodyKeys: Entry[] = [];
  const seen = new Map<string, Entry>();
  for (const e of entries(root)) {
    const previous = seen.get(e.key);
    if (previous) {
      err(
        e.keyNode,
        'duplicate-key',
        `"${e.key}" appears twice (lines ${lineOf(text, previous.start)} and ${lineOf(text, e.start)}); keep one.`,
      );
      continue;
    }
    seen.set(e.key, e);
    if ((HTTP_METHODS as readonly string[]).includes(e.key)) {
      if (methodEntry) {
        err(
          e.keyNode,
          'two-methods',
          `Two method keys: ${methodEntry.key} on line ${lineOf(text, methodEntry.start)} and ${e.key} on line ${lineOf(text, e.start)}. A cell sends exactly one request; move one into a new cell.`,
        );
        continue;
      }
      methodEntry = e;
      continue;
    }
    switch (e.key) {
      case 'name': {
        const s = scalarString(e.value);
        if (s === undefined || !NAME_PATTERN.test(s))
          err(
            e.value ?? e.keyNode,
            'name',
            `"name" must be a word of letters, digits and "_" that starts with a letter (later cells use it as {{${s && /^[A-Za-z]/.test(s) ? s.replace(/[^A-Za-z0-9_]/g, '_') : 'party'}.body…}}).`,
          );
        else cell.name = s;
        break;
      }
      case 'apiVersion': {
        const s = scalarText(e.value);
        if (!s || !API_VERSION_PATTERN.test(s))
          err(
            e.value ?? e.keyNode,
            'api-version',
            `"apiVersion" must look like 2025.1.0 (year.major.minor)${s ? `, not "${s}"` : ''}.`,
          );
        else cell.apiVersion = s;
        break;
      }
      case 'query':
        cell.query = readPairs(text, e, out, true);
        break;
      case 'headers':
        cell.headers = readPairs(text, e, out, false);
        for (const [name] of cell.headers) {
          if (name.toLowerCase() === 'authorization') {
            const node = (e.value as YAMLMap).items.find(
              (p) => isScalar(p.key) && String(p.key.value).toLowerCase() === 'authorization',
            )?.key as Node | undefined;
            err(
              node,
              'authorization-header',
              'Do not write credentials into a notebook: the environment token is attached automatically (use "auth: none" and an environment without credentials for other APIs).',
              { severity: 'warning' },
            );
          }
        }
        break;
      case 'body':
      case 'lines':
      case 'bodyFile':
        bodyKeys.push(e);
        readBody(text, e, cell, err);
        break;
      case 'auth': {
        const s = scalarString(e.value);
        if (s !== 'environment' && s !== 'none')
          err(
            e.value ?? e.keyNode,
            'auth',
            '"auth" must be "environment" (send the environment\'s token, the default) or "none".',
          );
        else cell.auth = s;
        break;
      }
      case 'timeout': {
        const ms = parseDuration(scalarText(e.value));
        if (ms === undefined)
          err(
            e.value ?? e.keyNode,
            'timeout',
            `"timeout" must be a duration with a unit between 1ms and 10m, e.g. 30s, 500ms or 2m.`,
          );
        else cell.timeoutMs = ms;
        break;
      }
      case 'expect': {
        const value = e.value?.toJSON();
        const { problems } = compileExpect(value);
        for (const p of problems) err(locate(e.value, p.path, p.onKey) ?? e.keyNode, 'expect', p.message);
        cell.expect = value;
        break;
      }
      default: {
        const upper = e.key.toUpperCase();
        const suggestion = (HTTP_METHODS as readonly string[]).includes(upper)
          ? upper
          : nearest(e.key, [...CELL_KEYS, ...HTTP_METHODS]);
        err(
          e.keyNode,
          'unknown-key',
          `Unknown key "${e.key}"${suggestion ? `; did you mean "${suggestion}"?` : `. Valid keys: a method (${HTTP_METHODS.join(', ')}), ${CELL_KEYS.join(', ')}.`}`,
          suggestion ? { fix: { title: `Change to "${suggestion}"`, replacement: suggestion } } : {},
        );
      }
    }
  }
  if (bodyKeys.length > 1) {
    err(
      bodyKeys[1].keyNode,
      'two-bodies',
      `Use only one of "body", "lines" and "bodyFile" (found ${bodyKeys.map((b) => `"${b.key}" on line ${lineOf(text, b.start)}`).join(' and ')}).`,
    );
  }
  if (!methodEntry) {
    out.push(
      diagnosticAt(
        text,
        0,
        Math.max(1, firstLineLength(text)),
        'no-method',
        `No request: add one method key (${HTTP_METHODS.join(', ')}) with a URL, e.g. "GET: /counterparty-management/counterparties".`,
      ),
    );
    return cell;
  }
  const url = scalarText(methodEntry.value);
  cell.methodRange = rangeOf(methodEntry.keyNode);
  if (!url) {
    err(
      methodEntry.value ?? methodEntry.keyNode,
      'url',
      `${methodEntry.key} needs a URL: a path such as /counterparty-management/counterparties, or an absolute https:// URL.`,
    );
    return cell;
  }
  if (!url.startsWith('/') && !/^https?:\/\//i.test(url) && !url.startsWith('{{')) {
    err(
      methodEntry.value,
      'url',
      `The URL "${url}" must start with "/" (relative to the environment's baseUrl) or with https://.`,
    );
  }
  cell.method = methodEntry.key as HttpMethod;
  cell.url = url.trim();
  cell.urlRange = rangeOf(methodEntry.value);
  if ((cell.method === 'GET' || cell.method === 'HEAD') && cell.body && cell.body.kind !== 'file') {
    err(
      bodyKeys[0]?.keyNode,
      'body-on-get',
      `${cell.method} requests carry no body; remove it or use POST/PUT/PATCH.`,
      { severity: 'warning' },
    );
  }
  return cell;
}

function readPairs(text: string, e: Entry, out: Diagnostic[], allowLists: boolean): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (!e.value || !isMap(e.value)) {
    out.push(
      nodeAt(
        text,
        e.value ?? e.keyNode,
        e.key,
        `"${e.key}" must be a mapping of names to values, e.g. ${e.key === 'query' ? 'query: { limit: 50 }' : 'headers: { X-Request-Id: "{{$uuid}}" }'}; it is ${describeNode(e.value)}.`,
      ),
    );
    return pairs;
  }
  for (const p of entries(e.value)) {
    if (e.key === 'headers' && !HEADER_NAME.test(p.key) && !p.key.includes('{{')) {
      out.push(
        nodeAt(text, p.keyNode, 'header-name', `"${p.key}" is not a valid header name (letters, digits and - only).`),
      );
      continue;
    }
    if (allowLists && p.value && isSeq(p.value)) {
      for (const item of p.value.items) {
        const s = scalarText(item as Node);
        if (s === undefined)
          out.push(nodeAt(text, item as Node, e.key, `Each value of query "${p.key}" must be a text or number.`));
        else pairs.push([p.key, s]);
      }
      continue;
    }
    const s = scalarText(p.value);
    if (s === undefined)
      out.push(
        nodeAt(
          text,
          p.value ?? p.keyNode,
          e.key,
          `The value of ${e.key === 'query' ? 'query parameter' : 'header'} "${p.key}" must be a text or number${allowLists ? ' (or a list of them)' : ''}.`,
        ),
      );
    else pairs.push([p.key, s]);
  }
  return pairs;
}

function readBody(
  text: string,
  e: Entry,
  cell: Partial<RequestCell>,
  err: (n: Node | null | undefined, code: string, m: string) => void,
): void {
  if (e.key === 'bodyFile') {
    const s = scalarString(e.value);
    if (!s)
      err(
        e.value ?? e.keyNode,
        'body-file',
        '"bodyFile" must be a path relative to the notebook, e.g. bodyFile: data/parties.jsonl',
      );
    else if (/^([\\/]|[A-Za-z]:)/.test(s))
      err(e.value, 'body-file', `"bodyFile" must be relative to the notebook's folder, not an absolute path ("${s}").`);
    else cell.body = { kind: 'file', path: s };
    return;
  }
  if (e.key === 'lines') {
    if (!e.value || !isSeq(e.value))
      err(
        e.value ?? e.keyNode,
        'lines',
        '"lines" must be a YAML list; each item is sent as one JSON line (application/jsonl).',
      );
    else cell.body = { kind: 'jsonl', lines: e.value.toJSON() as unknown[] };
    return;
  }
  if (e.value && isScalar(e.value) && typeof e.value.value === 'string')
    cell.body = { kind: 'text', text: e.value.value };
  else if (e.value === null || (isScalar(e.value) && e.value.value === null))
    err(
      e.value ?? e.keyNode,
      'body',
      '"body" is empty: write a mapping or list (sent as JSON) or a text (sent as is), or remove it.',
    );
  else cell.body = { kind: 'json', value: e.value.toJSON() };
  void text;
}

/** Finds the node that an `expect` problem path points at. */
function locate(node: Node | null, path: ReadonlyArray<string | number>, onKey?: boolean): Node | undefined {
  let current: Node | null = node;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (current && isMap(current)) {
      const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return current;
      if (i === path.length - 1 && onKey) return pair.key as Node;
      current = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (current && isSeq(current) && typeof seg === 'number') {
      current = (current.items[seg] as Node | undefined) ?? current;
    } else {
      return current ?? undefined;
    }
  }
  return current ?? undefined;
}

function collectTemplates(text: string, root: YAMLMap, cell: { templates: TemplateRef[] }, out: Diagnostic[]): void {
  visit(root, {
    // `key: {{x}}` is a YAML flow mapping, not text: it would be sent as {"{x": null}.
    Map(_key, node) {
      if (!node.flow || !node.range || !text.startsWith('{{', node.range[0])) return;
      const [start, end] = node.range;
      const value = text.slice(start, end).trimEnd();
      const quoted = JSON.stringify(value);
      out.push(
        diagnosticAt(
          text,
          start,
          start + value.length,
          'template-unquoted',
          `YAML reads a value that starts with "{{" as a mapping, not as text: quote it (${quoted}).`,
          { fix: { title: 'Quote the value', replacement: quoted } },
        ),
      );
      return visit.SKIP;
    },
    Scalar(key, node) {
      if (!node.range) return;
      if (key === 'key' && (HTTP_METHODS as readonly string[]).includes(String(node.value))) return;
      const [start, end] = node.range;
      cell.templates.push(...findTemplates(text, start, end));
      out.push(...findUnclosedTemplates(text, start, end));
    },
  });
}

export function parseDuration(s: string | undefined): number | undefined {
  const m = s ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/.exec(s) : null;
  if (!m) return undefined;
  const ms = Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000);
  return ms >= 1 && ms <= MAX_TIMEOUT_MS ? Math.round(ms) : undefined;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function firstLineLength(text: string): number {
  const i = text.search(/\r?\n/);
  return i < 0 ? text.length : i;
}

/** The `name:` of a cell, read leniently (even from a cell with other problems), for completion and references. */
export function cellNameOf(text: string): string | undefined {
  const m = /^name:[ \t]*["']?([A-Za-z_][A-Za-z0-9_]*)["']?[ \t]*(#.*)?$/m.exec(text);
  return m?.[1];
}
