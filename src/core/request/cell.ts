import { isMap, isScalar, visit, type YAMLMap } from 'yaml';
import { diagnosticAt, nearest, type Diagnostic } from '../text/diagnostic';
import { API_VERSION_PATTERN, CLIENT_NAME_PATTERN } from '../environments/environment';
import { findTemplates, findUnclosedTemplates, type TemplateRef } from './variables';
import {
  readBody,
  readBodyFilePath,
  readExpect,
  readHeaders,
  readLines,
  readQuery,
  readRequestLine,
  warnBodyOnGet,
  type KeyReader,
  type Report,
} from './requestParts';
import {
  describeNode,
  entries,
  nodeAt,
  parseYaml,
  rangeOf,
  scalarString,
  scalarText,
  type Entry,
} from '../yaml/yamlNodes';
import { parseDuration } from './duration';
import { readPaginate, readRepeat, readRetries, checkSequenceKeys } from './cellSequence';
import { HTTP_METHODS, type HttpMethod, type RequestCell } from './requestCell';
import { aliasProblems, tagProblems, valueReader, withoutConsequences, type ValueOf } from '../yaml/yamlValues';

export { parseDuration };
export { HTTP_METHODS };
export type { CellBody, HttpMethod, RequestCell } from './requestCell';

export const CELL_KEYS = [
  'name',
  'apiVersion',
  'query',
  'headers',
  'body',
  'lines',
  'bodyFile',
  'auth',
  'client',
  'label',
  'timeout',
  'expect',
  'paginate',
  'repeat',
  'retries',
] as const;
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ParsedCell {
  cell?: RequestCell;
  diagnostics: Diagnostic[];
}

/** Cell text → request. Never throws; every problem is a positioned diagnostic that says how to fix it. */
export function parseRequestCell(text: string): ParsedCell {
  const parsed = parseYaml(text);
  const { doc } = parsed;
  // An unknown tag is an error below, at the tag; the library's own warning would repeat it.
  const diagnostics = parsed.diagnostics.filter((d) => d.code !== 'yaml-tag-resolve-failed');
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
  const yamlProblems = [...tagProblems(text, doc), ...aliasProblems(text, doc, root, DATA_KEYS)];
  diagnostics.push(...yamlProblems);
  const cell = readCell(text, root, diagnostics, valueReader(doc));
  collectTemplates(text, root, cell, diagnostics);
  const ok = !diagnostics.slice(before).some((d) => d.severity === 'error');
  const shown = withoutConsequences(diagnostics, yamlProblems);
  return ok && cell.method ? { cell: cell as RequestCell, diagnostics: shown } : { diagnostics: shown };
}

/** A cell while its keys are read; it is a RequestCell once its method and URL are read. */
type DraftCell = Partial<RequestCell> & { templates: TemplateRef[] };

/** Typed against CELL_KEYS, so a key that completion offers cannot be missing here. */
const KEY_READERS: Record<(typeof CELL_KEYS)[number], KeyReader> = {
  name: readName,
  apiVersion: readApiVersion,
  query: readQuery,
  headers: readHeaders,
  body: readBody,
  lines: readLines,
  bodyFile: readBodyFilePath,
  auth: readAuth,
  client: readClient,
  label: readLabel,
  timeout: readTimeout,
  expect: readExpect,
  paginate: readPaginate,
  repeat: readRepeat,
  retries: readRetries,
};
const BODY_KEYS: readonly string[] = ['body', 'lines', 'bodyFile'];
/** Keys whose values are data, where YAML aliases are resolved. */
const DATA_KEYS: readonly string[] = ['body', 'lines', 'expect'];

function readCell(text: string, root: YAMLMap, out: Diagnostic[], valueOf: ValueOf): DraftCell {
  const cell: DraftCell = { query: [], headers: [], auth: 'environment', templates: [] };
  const report: Report = (node, code, message, extra = {}) => out.push(nodeAt(text, node, code, message, 0, extra));
  const { method, bodies, seen } = readKeys(text, root, cell, report, valueOf);
  if (bodies.length > 1) reportTwoBodies(text, bodies, report);
  if (!method) {
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
  readRequestLine(method, cell, report);
  warnBodyOnGet(cell, bodies[0], report);
  checkSequenceKeys(cell, seen, report);
  return cell;
}

/** The method key and the body keys come back for the checks that span several keys. */
function readKeys(
  text: string,
  root: YAMLMap,
  cell: DraftCell,
  report: Report,
  valueOf: ValueOf,
): { method?: Entry; bodies: Entry[]; seen: ReadonlyMap<string, Entry> } {
  let method: Entry | undefined;
  const bodies: Entry[] = [];
  const seen = new Map<string, Entry>();
  for (const e of entries(root)) {
    const previous = seen.get(e.key);
    if (previous) {
      report(
        e.keyNode,
        'duplicate-key',
        `"${e.key}" appears twice (lines ${lineOf(text, previous.start)} and ${lineOf(text, e.start)}); keep one.`,
      );
      continue;
    }
    seen.set(e.key, e);
    if (isMethod(e.key)) {
      if (method)
        report(
          e.keyNode,
          'two-methods',
          `Two method keys: ${method.key} on line ${lineOf(text, method.start)} and ${e.key} on line ${lineOf(text, e.start)}. A cell sends exactly one request; move one into a new cell.`,
        );
      else method = e;
    } else if (isCellKey(e.key)) {
      if (BODY_KEYS.includes(e.key)) bodies.push(e);
      KEY_READERS[e.key](e, cell, report, valueOf);
    } else reportUnknownKey(e, report);
  }
  return { method, bodies, seen };
}

function reportTwoBodies(text: string, bodies: Entry[], report: Report): void {
  report(
    bodies[1].keyNode,
    'two-bodies',
    `Use only one of "body", "lines" and "bodyFile" (found ${bodies.map((b) => `"${b.key}" on line ${lineOf(text, b.start)}`).join(' and ')}).`,
  );
}

function reportUnknownKey(e: Entry, report: Report): void {
  const upper = e.key.toUpperCase();
  const suggestion = isMethod(upper) ? upper : nearest(e.key, [...CELL_KEYS, ...HTTP_METHODS]);
  report(
    e.keyNode,
    'unknown-key',
    `Unknown key "${e.key}"${suggestion ? `; did you mean "${suggestion}"?` : `. Valid keys: a method (${HTTP_METHODS.join(', ')}), ${CELL_KEYS.join(', ')}.`}`,
    suggestion ? { fix: { title: `Change to "${suggestion}"`, replacement: suggestion } } : {},
  );
}

function readName(e: Entry, cell: Partial<RequestCell>, report: Report): void {
  const s = scalarString(e.value);
  if (s === undefined || !NAME_PATTERN.test(s))
    report(
      e.value ?? e.keyNode,
      'name',
      `"name" must be a word of letters, digits and "_" that starts with a letter (later cells use it as {{${s && /^[A-Za-z]/.test(s) ? s.replace(/[^A-Za-z0-9_]/g, '_') : 'party'}.body…}}).`,
    );
  else cell.name = s;
}

function readApiVersion(e: Entry, cell: Partial<RequestCell>, report: Report): void {
  const s = scalarText(e.value);
  if (!s || !API_VERSION_PATTERN.test(s))
    report(
      e.value ?? e.keyNode,
      'api-version',
      `"apiVersion" must look like 2025.1.0 (year.major.minor)${s ? `, not "${s}"` : ''}.`,
    );
  else cell.apiVersion = s;
}

function readAuth(e: Entry, cell: Partial<RequestCell>, report: Report): void {
  const s = scalarString(e.value);
  if (s !== 'environment' && s !== 'none')
    report(
      e.value ?? e.keyNode,
      'auth',
      '"auth" must be "environment" (send the environment\'s token, the default) or "none".',
    );
  else cell.auth = s;
}

function readClient(e: Entry, cell: Partial<RequestCell>, report: Report): void {
  const s = scalarString(e.value);
  if (!s || !CLIENT_NAME_PATTERN.test(s))
    report(
      e.value ?? e.keyNode,
      'client',
      '"client" must be the name of a client of the environment (from "clients:" in akkuro-environments.yaml), e.g. client: onboarding.',
    );
  else {
    cell.client = s;
    cell.accessRanges = { ...cell.accessRanges, client: rangeOf(e.value) };
  }
}

function readLabel(e: Entry, cell: Partial<RequestCell>, report: Report): void {
  const s = scalarText(e.value);
  if (!s)
    report(
      e.value ?? e.keyNode,
      'label',
      '"label" must be a white label of the environment (from "labels:" in akkuro-environments.yaml), e.g. label: retail.',
    );
  else {
    cell.label = s;
    cell.accessRanges = { ...cell.accessRanges, label: rangeOf(e.value) };
  }
}

function readTimeout(e: Entry, cell: Partial<RequestCell>, report: Report): void {
  const ms = parseDuration(scalarText(e.value));
  if (ms === undefined)
    report(
      e.value ?? e.keyNode,
      'timeout',
      `"timeout" must be a duration with a unit between 1ms and 10m, e.g. 30s, 500ms or 2m.`,
    );
  else cell.timeoutMs = ms;
}

function isMethod(key: string): key is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(key);
}

function isCellKey(key: string): key is (typeof CELL_KEYS)[number] {
  return (CELL_KEYS as readonly string[]).includes(key);
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
      if (key === 'key' && isMethod(String(node.value))) return;
      const [start, end] = node.range;
      cell.templates.push(...findTemplates(text, start, end));
      out.push(...findUnclosedTemplates(text, start, end));
    },
  });
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
