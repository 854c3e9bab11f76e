import { isObject, resolvePointer } from './jsonPointer';
import type { JsonObject } from './specModel';

/**
 * Reading schemas for hints: the properties an object may have (through `$ref`, `allOf`, `oneOf`, `anyOf`),
 * what a value at a key path must be, and a one-line description of a type. Validation itself is Ajv's job.
 */
export interface PropertyInfo {
  name: string;
  schema: JsonObject;
  required: boolean;
}

const MAX_DEPTH = 24;

export function schemaAt(document: JsonObject, ptr: string | undefined): JsonObject | undefined {
  if (ptr === undefined) return undefined;
  const s = resolvePointer(document, ptr);
  return isObject(s) ? resolve(document, s) : undefined;
}

/** Follows `$ref`s (bundled documents only have `#/…` ones). */
export function resolve(document: JsonObject, schema: JsonObject, depth = 0): JsonObject {
  if (depth > MAX_DEPTH || typeof schema.$ref !== 'string' || !schema.$ref.startsWith('#')) return schema;
  const next = resolvePointer(document, schema.$ref);
  if (!isObject(next)) return schema;
  // 3.1 allows siblings of $ref (a description beside it): they win over the target's.
  const { $ref: _ref, ...siblings } = schema;
  return { ...resolve(document, next, depth + 1), ...siblings };
}

/** The alternatives and parts a schema is made of, each resolved: itself, its allOf parts, its oneOf/anyOf options. */
function parts(document: JsonObject, schema: JsonObject, depth = 0): Array<{ schema: JsonObject; all: boolean }> {
  const s = resolve(document, schema);
  const out = [{ schema: s, all: true }];
  if (depth > MAX_DEPTH) return out;
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = s[key];
    if (!Array.isArray(list)) continue;
    for (const sub of list)
      if (isObject(sub))
        out.push(...parts(document, sub, depth + 1).map((p) => ({ ...p, all: p.all && key === 'allOf' })));
  }
  return out;
}

/** Every property a value of this schema may have; `required` only where every alternative requires it. */
export function propertiesOf(document: JsonObject, schema: JsonObject): PropertyInfo[] {
  const found = new Map<string, PropertyInfo>();
  for (const { schema: s, all } of parts(document, schema)) {
    const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    if (!isObject(s.properties)) continue;
    for (const [name, raw] of Object.entries(s.properties)) {
      if (!isObject(raw) || found.has(name)) continue;
      found.set(name, { name, schema: resolve(document, raw), required: all && required.has(name) });
    }
    for (const name of required) {
      const p = found.get(name);
      if (p && all) p.required = true;
    }
  }
  return [...found.values()];
}

/** The schema of the value at `path` (object keys and array indexes) below `schema`. */
export function schemaAtPath(
  document: JsonObject,
  schema: JsonObject,
  path: ReadonlyArray<string | number>,
): JsonObject | undefined {
  let current: JsonObject | undefined = resolve(document, schema);
  for (const key of path) {
    if (!current) return undefined;
    current = child(document, current, key);
  }
  return current;
}

function child(document: JsonObject, schema: JsonObject, key: string | number): JsonObject | undefined {
  for (const { schema: s } of parts(document, schema)) {
    if (typeof key === 'number' || key === '-') {
      if (isObject(s.items)) return resolve(document, s.items);
      continue;
    }
    if (isObject(s.properties) && isObject(s.properties[key])) return resolve(document, s.properties[key]);
  }
  for (const { schema: s } of parts(document, schema))
    if (typeof key === 'string' && isObject(s.additionalProperties)) return resolve(document, s.additionalProperties);
  return undefined;
}

/** `enum` values (with `const`), through alternatives. */
export function enumOf(document: JsonObject, schema: JsonObject): unknown[] | undefined {
  const values: unknown[] = [];
  for (const { schema: s } of parts(document, schema)) {
    if (Array.isArray(s.enum)) values.push(...s.enum);
    if ('const' in s) values.push(s.const);
  }
  return values.length ? [...new Set(values)] : undefined;
}

/** The JSON types a value may have: `string`, `integer`, `array`, … (empty when the schema does not say). */
export function typesOf(document: JsonObject, schema: JsonObject): string[] {
  const types = new Set<string>();
  for (const { schema: s } of parts(document, schema)) {
    if (typeof s.type === 'string') types.add(s.type);
    else if (Array.isArray(s.type)) s.type.forEach((t) => typeof t === 'string' && types.add(t));
    else if (isObject(s.properties) && !s.type) types.add('object');
    if (s.nullable === true) types.add('null');
  }
  return [...types];
}

/** "string (date-time)", "array of object", "integer 1–100", for hovers and completion details. */
export function describeSchema(document: JsonObject, schema: JsonObject): string {
  const s = resolve(document, schema);
  const types = typesOf(document, s);
  let text = types.length ? types.join(' | ') : 'any';
  if (types.includes('array') && isObject(s.items))
    text = `array of ${typesOf(document, s.items).join(' | ') || 'any'}`;
  if (typeof s.format === 'string') text += ` (${s.format})`;
  const min = typeof s.minimum === 'number' ? s.minimum : undefined;
  const max = typeof s.maximum === 'number' ? s.maximum : undefined;
  if (min !== undefined && max !== undefined) text += ` ${min}–${max}`;
  else if (min !== undefined) text += ` ≥ ${min}`;
  else if (max !== undefined) text += ` ≤ ${max}`;
  if (typeof s.maxLength === 'number') text += `, at most ${s.maxLength} characters`;
  if (typeof s.pattern === 'string') text += `, matching ${s.pattern}`;
  return text;
}

export function descriptionOf(schema: JsonObject): string | undefined {
  return typeof schema.description === 'string'
    ? schema.description
    : typeof schema.title === 'string'
      ? schema.title
      : undefined;
}
