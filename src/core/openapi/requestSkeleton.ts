import { stringify } from 'yaml';
import { enumOf, propertiesOf, schemaAt, typesOf } from './schemaNav';
import type { ApiSpec, JsonObject, Operation } from './specModel';

const MAX_DEPTH = 6;

/**
 * A request cell for an operation: the path (its `{param}`s left for the user to fill, which diagnostics point
 * at), the required query parameters and headers, a body with the required fields, and the first declared
 * success status as the expectation. Values are the schema's example, default or first enum value, else empty.
 */
export function requestSkeleton(spec: ApiSpec, op: Operation): string {
  const doc = spec.document;
  const cell: Record<string, unknown> = { [op.method]: op.path };
  const query = required(op, 'query', doc);
  if (Object.keys(query).length) cell.query = query;
  const headers = required(op, 'header', doc);
  if (Object.keys(headers).length) cell.headers = headers;
  const bodySchema = schemaAt(doc, op.requestBody?.schema);
  if (op.requestBody && bodySchema) cell.body = sample(doc, bodySchema, 0) ?? {};
  const success = op.responses.find((r) => /^2\d\d$/.test(r.status))?.status;
  if (success) cell.expect = { status: Number(success) };
  const summary = op.summary ? `# ${op.summary}\n` : '';
  return `${summary}${stringify(cell, { lineWidth: 0, aliasDuplicateObjects: false })}`.trimEnd();
}

function required(op: Operation, where: 'query' | 'header', doc: JsonObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of op.parameters.filter((x) => x.in === where && x.required)) {
    const s = schemaAt(doc, p.schema);
    out[p.name] = (s && sample(doc, s, MAX_DEPTH)) ?? '';
  }
  return out;
}

/** A value of the schema with only its required properties; readOnly ones are the server's to fill. */
function sample(doc: JsonObject, schema: JsonObject, depth: number): unknown {
  if ('example' in schema) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if ('default' in schema) return schema.default;
  const values = enumOf(doc, schema);
  if (values?.length) return values[0];
  const type = typesOf(doc, schema).find((t) => t !== 'null');
  if (type === 'object' || (!type && propertiesOf(doc, schema).length)) {
    if (depth >= MAX_DEPTH) return {};
    const out: Record<string, unknown> = {};
    for (const p of propertiesOf(doc, schema).filter((x) => x.required && x.schema.readOnly !== true))
      out[p.name] = sample(doc, p.schema, depth + 1);
    return out;
  }
  if (type === 'array') return [];
  if (type === 'integer' || type === 'number') return typeof schema.minimum === 'number' ? schema.minimum : 0;
  if (type === 'boolean') return false;
  return '';
}
