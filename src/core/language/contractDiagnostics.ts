import { isMap, isScalar, isSeq, parseDocument, type Node, type Scalar, type YAMLMap } from 'yaml';
import { diagnosticAt, nearest } from '../text/diagnostic';
import { enumOf, propertiesOf, schemaAt, typesOf } from '../openapi/schemaNav';
import type { JsonObject } from '../openapi/specModel';
import { cellLines, topLevelKeys } from './cellLines';
import { contractCell, type ContractCell } from './contractCell';
import type { CellDiagnostic, CellScope, QuickFix } from './languageTypes';

/**
 * The cell checked against the operation it is, in the spec of the version it sends: unknown path or method,
 * a `{param}` left unfilled, missing required query parameters and body fields, wrong types and enum values.
 * Warnings only: the contract can be older than the API, so nothing here ever blocks a send.
 */
export function contractDiagnostics(text: string, scope: CellScope): CellDiagnostic[] {
  const lines = cellLines(text);
  const cell = contractCell(text, scope, lines);
  if (!cell) return [];
  const out: CellDiagnostic[] = [];
  const warn = (start: number, end: number, code: string, message: string, fixes: QuickFix[] = []) =>
    out.push({ ...diagnosticAt(text, start, end, code, message, { severity: 'warning' }), fixes });
  const m = cell.methodLine;
  const urlStart = m.valueStart;
  const urlEnd = m.valueEnd;
  const version = cell.apiVersion ? `api-version ${cell.apiVersion}` : 'the latest api-version';
  for (const p of text.slice(urlStart, urlEnd).matchAll(/(?<!\{)\{([A-Za-z0-9_.-]+)\}(?!\})/g)) {
    const [start, end] = [urlStart + p.index, urlStart + p.index + p[0].length];
    // The one clear fill: the environment has a variable of that very name.
    const variable = scope.environment && Object.hasOwn(scope.environment.variables, p[1]);
    warn(
      start,
      end,
      'contract-path-param',
      `Fill in the path parameter ${p[0]}.`,
      variable
        ? [{ title: `Use the variable {{${p[1]}}}`, edits: [{ start, end, newText: `{{${p[1]}}}` }], preferred: true }]
        : [],
    );
  }
  if (cell.choice.specs.length === 0) {
    const at = cell.apiVersionLine ?? m;
    warn(
      at.keyStart!,
      at.keyEnd!,
      'contract-version',
      `No OpenAPI document for ${version}; there are documents for ${cell.choice.available.join(', ')}.`,
    );
    return out;
  }
  if (cell.path === undefined || /\{\{/.test(cell.path.split('/')[1] ?? '')) return out;
  if (!cell.match) {
    const others = scope.contract!.matchPath(cell.path, cell.apiVersion);
    if (others.length === 0) {
      warn(
        urlStart,
        urlEnd,
        'contract-path-unknown',
        `No operation matches ${cell.path} in the OpenAPI documents for ${version}.`,
      );
      return out;
    }
    const methods = [...new Set(others.map((o) => o.operation.method))];
    warn(
      m.keyStart!,
      m.keyEnd!,
      'contract-method-unknown',
      `${cell.method} is not an operation of ${others[0].operation.path} for ${version}; it has ${methods.join(', ')}.`,
      methods.map((x, i) => ({
        title: `Change to ${x}`,
        edits: [{ start: m.keyStart!, end: m.keyEnd!, newText: x }],
        preferred: i === 0 && methods.length === 1,
      })),
    );
    return out;
  }
  checkQuery(text, cell, warn);
  checkBody(text, cell, lines, warn);
  return out;
}

type Warn = (start: number, end: number, code: string, message: string, fixes?: QuickFix[]) => void;

function checkQuery(text: string, cell: ContractCell, warn: Warn): void {
  const { operation, spec } = cell.match!;
  const section = sectionNode(text, 'query');
  const written = new Set([...new URLSearchParams(cell.url.split('?')[1] ?? '').keys()]);
  if (section && isMap(section.value)) {
    for (const pair of section.value.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (name === undefined) continue;
      written.add(name);
      const p = operation.parameters.find((x) => x.in === 'query' && x.name === name);
      const schema = schemaAt(spec.document, p?.schema);
      if (schema && pair.value) checkValue(text, spec.document, schema, pair.value as Node, [name], warn, true);
    }
  }
  for (const p of operation.parameters.filter((x) => x.in === 'query' && x.required && !written.has(x.name))) {
    const fix = insertKey(text, section, 'query', p.name, cell);
    warn(
      cell.methodLine.keyStart!,
      cell.methodLine.keyEnd!,
      'contract-query-required',
      `${operation.method} ${operation.path} needs the query parameter "${p.name}".`,
      fix ? [fix] : [],
    );
  }
}

function checkBody(text: string, cell: ContractCell, lines: ReturnType<typeof cellLines>, warn: Warn): void {
  const { operation, spec } = cell.match!;
  const body = operation.requestBody;
  if (!body) return;
  const hasBody = topLevelKeys(lines).some((l) => ['body', 'lines', 'bodyFile'].includes(l.key!));
  if (body.required && !hasBody) {
    warn(
      cell.methodLine.keyStart!,
      cell.methodLine.keyEnd!,
      'contract-body-required',
      `${operation.method} ${operation.path} needs a body${body.schema ? ' (see completion under "body:")' : ''}.`,
    );
    return;
  }
  const schema = schemaAt(spec.document, body.schema);
  const section = sectionNode(text, 'body');
  if (!schema || !section?.value) return;
  checkValue(text, spec.document, schema, section.value, [], warn, false, section.key);
}

/** A value against its schema: type, enum, and for mappings the required keys and each known property. */
function checkValue(
  text: string,
  doc: JsonObject,
  schema: JsonObject,
  node: Node,
  path: string[],
  warn: Warn,
  queryValue: boolean,
  keyNode?: Node,
): void {
  const [start, end] = node.range ?? [0, 0];
  const where = path.length ? path.join('.') : 'body';
  if (isScalar(node) && typeof node.value === 'string' && node.value.includes('{{')) return;
  const types = typesOf(doc, schema);
  const actual = isMap(node) ? 'object' : isSeq(node) ? 'array' : scalarType(node);
  if (
    types.length &&
    actual &&
    !types.includes(actual) &&
    !(actual === 'integer' && types.includes('number')) &&
    !(queryValue && actual === 'string' && readsAs(String((node as Scalar).value), types))
  ) {
    // A query value is text on the wire: "many" is not an integer, "10" is.
    const shown = queryValue && actual === 'string' ? JSON.stringify((node as Scalar).value) : actual;
    warn(start, end, 'contract-type', `${where} must be ${types.join(' or ')}, not ${shown}.`);
    return;
  }
  const allowed = enumOf(doc, schema);
  if (
    allowed &&
    isScalar(node) &&
    !allowed.some((v) => v === node.value || (queryValue && String(v) === String(node.value)))
  ) {
    const guess = nearest(String(node.value), allowed.map(String));
    warn(
      start,
      end,
      'contract-enum',
      `${where} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}${guess ? `; did you mean "${guess}"?` : '.'}`,
      allowed.slice(0, 8).map((v) => ({
        title: `Change to ${JSON.stringify(v)}`,
        edits: [
          {
            start,
            end,
            newText:
              typeof v === 'string' && /^[A-Za-z][\w.-]*$/.test(v) && !/^(true|false|null|yes|no|on|off)$/i.test(v)
                ? v
                : JSON.stringify(v),
          },
        ],
        preferred: String(v) === guess,
      })),
    );
    return;
  }
  if (isMap(node)) checkMap(text, doc, schema, node, path, warn, keyNode);
  if (isSeq(node)) {
    const items = schema.items && typeof schema.items === 'object' ? (schema.items as JsonObject) : undefined;
    if (items)
      node.items.forEach((item, i) => checkValue(text, doc, items, item as Node, [...path, String(i)], warn, false));
  }
}

function checkMap(
  text: string,
  doc: JsonObject,
  schema: JsonObject,
  node: YAMLMap,
  path: string[],
  warn: Warn,
  keyNode?: Node,
): void {
  const props = propertiesOf(doc, schema);
  const present = new Map<string, { key: Node; value: Node | null }>();
  for (const pair of node.items)
    if (isScalar(pair.key)) present.set(String(pair.key.value), { key: pair.key, value: pair.value as Node | null });
  const [start] = node.range ?? [0];
  const anchor = keyNode?.range ?? [start, start + 1];
  for (const p of props.filter((x) => x.required && !present.has(x.name) && x.schema.readOnly !== true)) {
    const fix = addKeyFix(text, node, p.name);
    warn(
      anchor[0],
      anchor[1],
      'contract-required',
      `${path.length ? path.join('.') : 'The body'} needs "${p.name}".`,
      fix ? [fix] : [],
    );
  }
  for (const [name, { key, value }] of present) {
    const p = props.find((x) => x.name === name);
    if (p && value) checkValue(text, doc, p.schema, value, [...path, name], warn, false, key);
  }
}

function scalarType(node: Node): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  return typeof v === 'string' ? 'string' : undefined;
}

/** Whether query text (sent as is) reads as one of the declared types: `10` as an integer, `true` as a boolean. */
function readsAs(text: string, types: readonly string[]): boolean {
  return types.some((type) =>
    type === 'integer'
      ? /^[+-]?\d+$/.test(text)
      : type === 'number'
        ? /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)
        : type === 'boolean'
          ? text === 'true' || text === 'false'
          : type !== 'object' && type !== 'array' && type !== 'null',
  );
}

/** The `query:` or `body:` pair of the cell as YAML nodes with positions; undefined while the YAML is broken. */
function sectionNode(text: string, key: string): { key: Node; value: Node | null } | undefined {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair ? { key: pair.key as Node, value: (pair.value as Node | null) ?? null } : undefined;
}

/** A line `name: ` after the last key of a block mapping, or `name: ` before the `}` of a flow mapping. */
function addKeyFix(text: string, map: YAMLMap, name: string): QuickFix | undefined {
  if (map.flow) return addFlowKeyFix(text, map, name);
  if (map.items.length === 0) return undefined;
  const first = map.items[0]?.key as Node | undefined;
  const last = map.items[map.items.length - 1];
  const lastEnd = ((last.value as Node | null)?.range ?? (last.key as Node).range)?.[1];
  if (!first?.range || lastEnd === undefined) return undefined;
  const column = first.range[0] - (text.lastIndexOf('\n', first.range[0] - 1) + 1);
  let at = lastEnd;
  while (at > 0 && (text[at - 1] === '\n' || text[at - 1] === '\r')) at--;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    title: `Add "${name}"`,
    edits: [{ start: at, end: at, newText: `${eol}${' '.repeat(column)}${name}: ` }],
    preferred: true,
  };
}

/** `{ a: 1 }` → `{ a: 1, name: }`, `{}` → `{ name: }`; undefined unless the mapping ends with its `}`. */
function addFlowKeyFix(text: string, map: YAMLMap, name: string): QuickFix | undefined {
  const end = map.range?.[1];
  if (end === undefined || text[end - 1] !== '}') return undefined;
  let at = end - 1;
  while (at > 0 && /\s/.test(text[at - 1])) at--;
  const separator = text[at - 1] === '{' || text[at - 1] === ',' ? ' ' : ', ';
  const space = /\s/.test(text[at] ?? '') ? '' : ' ';
  return {
    title: `Add "${name}"`,
    edits: [{ start: at, end: at, newText: `${separator}${name}:${space}` }],
    preferred: true,
  };
}

function insertKey(
  text: string,
  section: { key: Node; value: Node | null } | undefined,
  _key: string,
  name: string,
  cell: ContractCell,
): QuickFix | undefined {
  if (section && isMap(section.value)) return addKeyFix(text, section.value, name);
  // `query:` with nothing, or not a mapping, is an error of the cell already.
  if (section) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const at = cell.methodLine.end;
  return {
    title: `Add query parameter "${name}"`,
    edits: [{ start: at, end: at, newText: `${eol}query:${eol}  ${name}: ` }],
    preferred: true,
  };
}
