import {
  describeSchema,
  descriptionOf,
  enumOf,
  propertiesOf,
  schemaAt,
  schemaAtPath,
  typesOf,
} from '../openapi/schemaNav';
import type { JsonObject, Operation } from '../openapi/specModel';
import { contractCell } from './contractCell';
import type { CellScope, CompletionItem } from './languageTypes';

type Range = { replaceStart: number; replaceEnd: number };

/** Paths of the operations of the version the cell sends; the cell's method first, `{param}`s as tab stops. */
export function contractPathItems(text: string, scope: CellScope, method: string, range: Range): CompletionItem[] {
  const cell = contractCell(text, scope);
  const index = scope.contract;
  if (!index || index.empty) return [];
  const byPath = new Map<string, Operation[]>();
  for (const { operation } of index.operations(
    cell?.apiVersion ?? scope.notebookApiVersion ?? scope.environment?.apiVersion,
  ))
    byPath.set(operation.path, [...(byPath.get(operation.path) ?? []), operation]);
  const items: CompletionItem[] = [];
  for (const [path, ops] of byPath) {
    const own = ops.find((o) => o.method === method);
    let n = 0;
    const snippet = path
      .split(/(\{[^}]+\})/)
      .map((part) =>
        /^\{[^}]+\}$/.test(part) ? `\${${++n}:{${part.slice(1, -1)}\\}}` : part.replace(/[$}\\]/g, '\\$&'),
      )
      .join('');
    items.push({
      label: path,
      kind: 'path',
      insertText: n ? snippet : path,
      snippet: n > 0,
      detail: own
        ? `${method} · ${own.summary ?? own.operationId ?? 'from the OpenAPI document'}`
        : `no ${method}; has ${ops.map((o) => o.method).join(', ')}`,
      documentation: operationDoc(own ?? ops[0]),
      // Before the built-in domains and this notebook's own paths; other methods' paths after.
      sortText: `${own ? '00' : '3'}${path}`,
      ...range,
    });
  }
  return items;
}

export function operationDoc(op: Operation): string {
  const required = op.parameters.filter((p) => p.required && p.in !== 'path').map((p) => `\`${p.name}\` (${p.in})`);
  const parts = [`**${op.method} ${op.path}**${op.deprecated ? ' — deprecated' : ''}`];
  if (op.summary) parts.push(op.summary);
  if (op.description && op.description !== op.summary) parts.push(op.description);
  if (required.length) parts.push(`Required: ${required.join(', ')}`);
  if (op.requestBody?.required) parts.push('Needs a body.');
  return parts.join('\n\n');
}

/** Header names the operation declares. */
export function contractHeaderItems(
  text: string,
  scope: CellScope,
  present: readonly string[],
  range: Range,
): CompletionItem[] {
  const op = contractCell(text, scope)?.match;
  if (!op) return [];
  const have = new Set(present.map((h) => h.toLowerCase()));
  return op.operation.parameters
    .filter((p) => p.in === 'header' && !have.has(p.name.toLowerCase()))
    .map((p) => ({
      label: p.name,
      kind: 'header' as const,
      insertText: `${p.name}: `,
      detail: `${p.required ? 'required · ' : ''}${describe(op.spec.document, p.schema)}`,
      ...(p.description ? { documentation: p.description } : {}),
      sortText: `0${p.name}`,
      ...range,
    }));
}

/** Keys under `query:` (the operation's query parameters) or `body:` (the schema's properties at that depth). */
export function contractFieldItems(
  text: string,
  scope: CellScope,
  ctx: { section: 'query' | 'body'; path: string[]; present: string[]; hasColon: boolean },
  range: Range,
): CompletionItem[] {
  const match = contractCell(text, scope)?.match;
  if (!match) return [];
  const doc = match.spec.document;
  const key = (
    label: string,
    required: boolean,
    schema: JsonObject | undefined,
    description?: string,
  ): CompletionItem => {
    const object = schema && typesOf(doc, schema).includes('object') && !enumOf(doc, schema);
    const list = schema && typesOf(doc, schema)[0] === 'array';
    return {
      label,
      kind: 'field',
      ...(ctx.hasColon
        ? {}
        : object
          ? { insertText: `${label}:\n  $0`, snippet: true }
          : list
            ? { insertText: `${label}:\n  - $0`, snippet: true }
            : { insertText: `${label}: `, retrigger: !!(schema && enumOf(doc, schema)) }),
      detail: `${required ? 'required · ' : ''}${schema ? describeSchema(doc, schema) : 'any'}`,
      ...(description ? { documentation: description } : {}),
      sortText: `${required ? 0 : 1}${label}`,
      ...range,
    };
  };
  if (ctx.section === 'query') {
    if (ctx.path.length) return [];
    return match.operation.parameters
      .filter((p) => p.in === 'query' && !ctx.present.includes(p.name))
      .map((p) => key(p.name, p.required, schemaAt(doc, p.schema), p.description));
  }
  const schema = bodySchema(match, ctx.path);
  if (!schema) return [];
  return propertiesOf(doc, schema)
    .filter((p) => !ctx.present.includes(p.name) && p.schema.readOnly !== true)
    .map((p) => key(p.name, p.required, p.schema, descriptionOf(p.schema)));
}

/** Enum values (and true/false) for a query parameter or a body property. */
export function contractValueItems(
  text: string,
  scope: CellScope,
  ctx: { section: 'query' | 'body'; path: string[] },
  range: Range,
): CompletionItem[] {
  const match = contractCell(text, scope)?.match;
  if (!match) return [];
  const doc = match.spec.document;
  const schema =
    ctx.section === 'query'
      ? schemaAt(doc, match.operation.parameters.find((p) => p.in === 'query' && p.name === ctx.path[0])?.schema)
      : bodySchema(match, ctx.path);
  if (!schema) return [];
  const values = enumOf(doc, schema) ?? (typesOf(doc, schema).includes('boolean') ? [true, false] : []);
  return values.map((v, i) => ({
    label: String(v),
    kind: 'value' as const,
    ...(typeof v === 'string' && /^(true|false|null|~|[\d.+-].*|.*[:#{}[\],&*!|>'"%@`].*)$/i.test(v)
      ? { insertText: JSON.stringify(v) }
      : {}),
    detail: descriptionOf(schema) ?? 'allowed value',
    sortText: String(i).padStart(3, '0'),
    ...range,
  }));
}

export function bodySchema(
  match: { spec: { document: JsonObject }; operation: Operation },
  path: readonly string[],
): JsonObject | undefined {
  const root = schemaAt(match.spec.document, match.operation.requestBody?.schema);
  if (!root) return undefined;
  return schemaAtPath(
    match.spec.document,
    root,
    path.map((k) => (k === '-' ? 0 : k)),
  );
}

function describe(doc: JsonObject, ptr: string | undefined): string {
  const s = schemaAt(doc, ptr);
  return s ? describeSchema(doc, s) : 'header';
}
