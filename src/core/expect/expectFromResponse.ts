/**
 * "Pin Response as Expectation": an `expect:` value that the response it was made from passes. The status,
 * then the body's fields down to two levels: their values, or their types for volatile fields (ids,
 * timestamps: see compare/volatile.ts) and in "types" mode.
 */
import { formatPath, type PathSegment } from '../../contract/jsonPathFormat';
import type { ResponseModel } from '../../contract/response';
import type { VolatileRule } from '../compare/volatile';
import { parseJsonBody } from '../http/bodyModel';
import type { JsonType } from './expectTypes';

export type PinMode = 'values' | 'types';

export interface PinnedExpect {
  /** `{ status, body? }`: written as YAML by expectWriter.ts. */
  value: { status: number; body?: Record<string, unknown> };
  /** What was left out and why, for the user. */
  notes: string[];
}

const MAX_DEPTH = 2;
const MAX_FIELDS = 40;
const MAX_TEXT = 200;
const MAX_LIST = 10;

/** A checks-mapping such as `{ type: string }`; kept apart from literal values for the writer's flow style. */
export class TypeCheck {
  constructor(readonly type: JsonType) {}
}

export function expectFromResponse(response: ResponseModel, mode: PinMode, rule: VolatileRule): PinnedExpect {
  const notes: string[] = [];
  const value: PinnedExpect['value'] = { status: response.status };
  const body = response.body;
  if (body.view === 'empty') return { value, notes };
  if (body.truncated) {
    notes.push('The body was too large to keep whole, so only the status is pinned.');
    return { value, notes };
  }
  const parsed = body.view === 'json' || body.view === 'jsonl' ? parseJsonBody(body.view, body.text) : undefined;
  if (!parsed?.ok) {
    notes.push('The body is not JSON, so only the status is pinned.');
    return { value, notes };
  }
  const fields: Array<[string, unknown]> = [];
  const add = (path: PathSegment[], v: unknown) => fields.push([formatPath(path), check(path, v, mode, rule)]);
  const walk = (v: unknown, path: PathSegment[]) => {
    if (isRecord(v) && Object.keys(v).length > 0 && path.length < MAX_DEPTH && !rule.isVolatileField(path)) {
      for (const [k, child] of Object.entries(v)) walk(child, [...path, k]);
    } else add(path, v);
  };
  walk(parsed.value, []);
  if (fields.length > MAX_FIELDS)
    notes.push(`The body has ${fields.length} fields at its top levels; the first ${MAX_FIELDS} are pinned.`);
  value.body = Object.fromEntries(fields.slice(0, MAX_FIELDS));
  return { value, notes };
}

function check(path: PathSegment[], v: unknown, mode: PinMode, rule: VolatileRule): unknown {
  const byType = new TypeCheck(jsonType(v));
  if (mode === 'types' || (path.length > 0 && rule.isVolatileField(path))) return byType;
  if (typeof v === 'string')
    // `{{` would be read back as a variable; long texts and ids or times by their shape are checked by type.
    return v.length > MAX_TEXT || v.includes('{{') || rule.isVolatileText(v) ? byType : v;
  if (Array.isArray(v)) return v.length <= MAX_LIST && v.every(isPinnableScalar) ? v : byType;
  if (isRecord(v)) return byType;
  return v;
}

function isPinnableScalar(v: unknown): boolean {
  return (
    v === null ||
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    (typeof v === 'string' && v.length <= MAX_TEXT && !v.includes('{{'))
  );
}

function jsonType(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'object') return typeof v as JsonType;
  return 'null';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
