import type { ErrorObject, ValidateFunction } from 'ajv';
import type Ajv2020 from 'ajv/dist/2020.js';
import { formatPath, type PathSegment } from '../../contract/jsonPathFormat';
import { isObject } from './jsonPointer';
import { openApiLibraries } from './loadLibraries';
import type { ApiSpec, JsonObject } from './specModel';

/** One way a value breaks its schema: where (a JSON path like `$.items[0].name`) and what. */
export interface Violation {
  path: string;
  message: string;
}

const MAX_VIOLATIONS = 20;
const DOC_ID = 'urn:akkuro:spec';

/**
 * Validates values against a spec's schemas with Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1; 3.0
 * schemas are converted first). Ajv is loaded on first use only, so a run or an editor session without specs
 * never pays for it. One compiled Ajv per spec, kept as long as the spec is.
 */
export class SchemaValidator {
  private readonly compilers = new WeakMap<ApiSpec, Promise<Ajv2020>>();
  private readonly compiled = new WeakMap<ApiSpec, Map<string, ValidateFunction>>();

  async validate(spec: ApiSpec, schemaPointer: string, value: unknown): Promise<Violation[]> {
    const validate = await this.compile(spec, schemaPointer);
    if (validate(value)) return [];
    return messages(validate.errors ?? [], value);
  }

  private async compile(spec: ApiSpec, ptr: string): Promise<ValidateFunction> {
    let cache = this.compiled.get(spec);
    if (!cache) this.compiled.set(spec, (cache = new Map()));
    const hit = cache.get(ptr);
    if (hit) return hit;
    let ajv = this.compilers.get(spec);
    if (!ajv) this.compilers.set(spec, (ajv = createAjv(spec)));
    const fn = (await ajv).getSchema(`${DOC_ID}#${ptr}`);
    if (!fn) throw new Error(`${spec.source} has no schema at #${ptr}`);
    cache.set(ptr, fn);
    return fn;
  }
}

async function createAjv(spec: ApiSpec): Promise<Ajv2020> {
  const { Ajv2020: Ajv, addFormats } = await openApiLibraries();
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  // OpenAPI's own formats: integers are range-checked, the others carry no rule a validator can check.
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  for (const f of ['float', 'double', 'byte', 'binary', 'password', 'decimal']) ajv.addFormat(f, true);
  const document = spec.openapi === '3.0' ? fromOpenApi30(spec.document) : spec.document;
  ajv.addSchema({ ...document, $id: DOC_ID }, undefined, undefined, false);
  return ajv;
}

/**
 * OpenAPI 3.0 schemas in JSON Schema 2020-12 terms: `nullable: true` adds `null` to the type, boolean
 * `exclusiveMinimum`/`exclusiveMaximum` become the numeric form. The keys only occur in schemas, so a plain walk
 * over the whole document is safe.
 */
export function fromOpenApi30(value: unknown): JsonObject {
  return convert(value) as JsonObject;
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = convert(v);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (out.type === undefined && typeof out.$ref === 'string') return { anyOf: [out, { type: 'null' }] };
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else if (out[flag] === false) delete out[flag];
  }
  return out;
}

function messages(errors: readonly ErrorObject[], root: unknown): Violation[] {
  const seen = new Set<string>();
  const out: Violation[] = [];
  // A failed oneOf/anyOf also lists each option's errors; the summary says it better than the first option's.
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath);
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'not') continue;
    if (
      e.keyword !== 'oneOf' &&
      e.keyword !== 'anyOf' &&
      alternatives.some((p) => e.instancePath.startsWith(p) && /\/(oneOf|anyOf)\//.test(e.schemaPath))
    )
      continue;
    const v = violation(e, root);
    const key = `${v.path} ${v.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
    if (out.length === MAX_VIOLATIONS) break;
  }
  return out;
}

function violation(e: ErrorObject, root: unknown): Violation {
  const segments = pointerSegments(e.instancePath, root);
  const path = formatPath(segments);
  const actual = valueAt(root, segments);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const name = String(p.missingProperty);
      return {
        path: formatPath([...segments, name]),
        message: `${formatPath([...segments, name])} is required but missing`,
      };
    }
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      return {
        path: formatPath([...segments, name]),
        message: `${formatPath([...segments, name])} is not allowed here`,
      };
    }
    case 'type':
      return { path, message: `${path} must be ${article(String(p.type))} but is ${describe(actual)}` };
    case 'enum':
      return {
        path,
        message: `${path} must be one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')} but is ${describe(actual)}`,
      };
    case 'const':
      return { path, message: `${path} must be ${JSON.stringify(p.allowedValue)} but is ${describe(actual)}` };
    case 'format':
      return { path, message: `${path} must be a valid ${String(p.format)} but is ${describe(actual)}` };
    case 'oneOf':
    case 'anyOf':
      return { path, message: `${path} matches none of the shapes the schema allows (${e.keyword})` };
    default:
      return { path, message: `${path} ${e.message ?? `breaks the "${e.keyword}" rule`}` };
  }
}

/** Ajv's instance path is a JSON pointer; array indexes become numbers so the path reads `$.items[0]`. */
function pointerSegments(ptr: string, root: unknown): PathSegment[] {
  const out: PathSegment[] = [];
  let node: unknown = root;
  for (const raw of ptr.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg: PathSegment = Array.isArray(node) && /^\d+$/.test(key) ? Number(key) : key;
    out.push(seg);
    node = isObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[seg] : undefined;
  }
  return out;
}

function valueAt(root: unknown, segments: readonly PathSegment[]): unknown {
  let node = root;
  for (const s of segments)
    node = isObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[s] : undefined;
  return node;
}

function article(type: string): string {
  const t = type.split(',').join(' or ');
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const shown = JSON.stringify(value);
  const cut = shown.length > 60 ? `${shown.slice(0, 57)}…` : shown;
  return `${typeof value === 'number' ? (Number.isInteger(value) ? 'an integer' : 'a number') : `a ${typeof value}`} (${cut})`;
}
