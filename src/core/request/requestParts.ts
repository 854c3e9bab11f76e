import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../text/diagnostic';
import { compileExpect } from '../expect/assertions';
import type { HttpMethod, RequestCell } from './requestCell';
import { describeNode, entries, rangeOf, scalarString, scalarText, type Entry } from '../yaml/yamlNodes';
import type { ValueOf } from '../yaml/yamlValues';

/**
 * Readers for what a request cell sends (method and URL, query, headers, body) and what it expects back.
 * The cell's settings and the walk over its keys stay in cell.ts, which owns the vocabulary they use.
 */

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export type Report = (
  node: Node | null | undefined,
  code: string,
  message: string,
  extra?: Partial<Pick<Diagnostic, 'severity' | 'fix'>>,
) => void;
export type KeyReader = (e: Entry, cell: Partial<RequestCell>, report: Report, valueOf: ValueOf) => void;

export function readRequestLine(method: Entry, cell: Partial<RequestCell>, report: Report): void {
  const url = scalarText(method.value);
  cell.methodRange = rangeOf(method.keyNode);
  if (!url) {
    report(
      method.value ?? method.keyNode,
      'url',
      `${method.key} needs a URL: a path such as /counterparty-management/counterparties, or an absolute https:// URL.`,
    );
    return;
  }
  if (!url.startsWith('/') && !/^https?:\/\//i.test(url) && !url.startsWith('{{')) {
    report(
      method.value,
      'url',
      `The URL "${url}" must start with "/" (relative to the environment's baseUrl) or with https://.`,
    );
  }
  cell.method = method.key as HttpMethod;
  cell.url = url.trim();
  cell.urlRange = rangeOf(method.value);
}

export function readQuery(e: Entry, cell: Partial<RequestCell>, report: Report): void {
  cell.query = readPairs(e, report, true);
}

export function readHeaders(e: Entry, cell: Partial<RequestCell>, report: Report): void {
  cell.headers = readPairs(e, report, false);
  for (const [name] of cell.headers) {
    if (name.toLowerCase() === 'authorization') {
      const node = (e.value as YAMLMap).items.find(
        (p) => isScalar(p.key) && String(p.key.value).toLowerCase() === 'authorization',
      )?.key as Node | undefined;
      report(
        node,
        'authorization-header',
        'Do not write credentials into a notebook: the environment token is attached automatically (use "auth: none" and an environment without credentials for other APIs).',
        { severity: 'warning' },
      );
    }
  }
}

function readPairs(e: Entry, report: Report, allowLists: boolean): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (!e.value || !isMap(e.value)) {
    report(
      e.value ?? e.keyNode,
      e.key,
      `"${e.key}" must be a mapping of names to values, e.g. ${e.key === 'query' ? 'query: { limit: 50 }' : 'headers: { X-Request-Id: "{{$uuid}}" }'}; it is ${describeNode(e.value)}.`,
    );
    return pairs;
  }
  for (const p of entries(e.value)) {
    if (e.key === 'headers' && !HEADER_NAME.test(p.key) && !p.key.includes('{{')) {
      report(p.keyNode, 'header-name', `"${p.key}" is not a valid header name (letters, digits and - only).`);
      continue;
    }
    if (allowLists && p.value && isSeq(p.value)) {
      for (const item of p.value.items) {
        const s = scalarText(item as Node);
        if (s === undefined) report(item as Node, e.key, `Each value of query "${p.key}" must be a text or number.`);
        else pairs.push([p.key, s]);
      }
      continue;
    }
    const s = scalarText(p.value);
    if (s === undefined)
      report(
        p.value ?? p.keyNode,
        e.key,
        `The value of ${e.key === 'query' ? 'query parameter' : 'header'} "${p.key}" must be a text or number${allowLists ? ' (or a list of them)' : ''}.`,
      );
    else pairs.push([p.key, s]);
  }
  return pairs;
}

export function readBody(e: Entry, cell: Partial<RequestCell>, report: Report, valueOf: ValueOf): void {
  if (e.value && isScalar(e.value) && typeof e.value.value === 'string')
    cell.body = { kind: 'text', text: e.value.value };
  else if (e.value === null || (isScalar(e.value) && e.value.value === null))
    report(
      e.value ?? e.keyNode,
      'body',
      '"body" is empty: write a mapping or list (sent as JSON) or a text (sent as is), or remove it.',
    );
  else {
    const read = valueOf(e.value);
    if (read.ok) cell.body = { kind: 'json', value: read.value };
    else if (read.message) report(e.value, 'yaml-alias', read.message);
  }
}

export function readLines(e: Entry, cell: Partial<RequestCell>, report: Report, valueOf: ValueOf): void {
  const read = e.value ? valueOf(e.value) : undefined;
  if (read && !read.ok) {
    if (read.message) report(e.value, 'yaml-alias', read.message);
  } else if (!read || !Array.isArray(read.value))
    report(
      e.value ?? e.keyNode,
      'lines',
      '"lines" must be a YAML list; each item is sent as one JSON line (application/jsonl).',
    );
  else cell.body = { kind: 'jsonl', lines: read.value as unknown[] };
}

export function readBodyFilePath(e: Entry, cell: Partial<RequestCell>, report: Report): void {
  const s = scalarString(e.value);
  if (!s)
    report(
      e.value ?? e.keyNode,
      'body-file',
      '"bodyFile" must be a path relative to the notebook, e.g. bodyFile: data/parties.jsonl',
    );
  else if (/^([\\/]|[A-Za-z]:)/.test(s))
    report(
      e.value,
      'body-file',
      `"bodyFile" must be relative to the notebook's folder, not an absolute path ("${s}").`,
    );
  else cell.body = { kind: 'file', path: s };
}

export function warnBodyOnGet(cell: Partial<RequestCell>, body: Entry | undefined, report: Report): void {
  if ((cell.method === 'GET' || cell.method === 'HEAD') && cell.body && cell.body.kind !== 'file') {
    report(body?.keyNode, 'body-on-get', `${cell.method} requests carry no body; remove it or use POST/PUT/PATCH.`, {
      severity: 'warning',
    });
  }
}

export function readExpect(e: Entry, cell: Partial<RequestCell>, report: Report, valueOf: ValueOf): void {
  const read = e.value ? valueOf(e.value) : { ok: true as const, value: undefined };
  if (!read.ok) {
    if (read.message) report(e.value, 'yaml-alias', read.message);
    return;
  }
  const value = read.value;
  const { problems } = compileExpect(value);
  for (const p of problems) report(locate(e.value, p.path, p.onKey) ?? e.keyNode, 'expect', p.message);
  cell.expect = value;
}

/** Finds the node that an `expect` problem path points at. */
export function locate(node: Node | null, path: ReadonlyArray<string | number>, onKey?: boolean): Node | undefined {
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
