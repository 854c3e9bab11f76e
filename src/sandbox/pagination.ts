import { problem, type FieldError } from './problem';
import type { Reply } from './reply';

export interface PageRequest {
  offset: number;
  limit: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** Reads `offset` (≥ 0, default 0) and `limit` (1–100, default 20), as the Akkuro APIs define them. */
export function parsePage(query: URLSearchParams): { ok: true; page: PageRequest } | { ok: false; reply: Reply } {
  const errors: FieldError[] = [];
  const offset = integerParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER, errors);
  const limit = integerParam(query, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
  if (errors.length > 0) {
    return { ok: false, reply: problem(400, 'invalid-pagination', errors.map((e) => e.message).join(' '), { errors }) };
  }
  return { ok: true, page: { offset, limit } };
}

function integerParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
  errors: FieldError[],
): number {
  const raw = query.get(name);
  if (raw === null) {
    return fallback;
  }
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    errors.push({ parameter: name, message: `Query parameter "${name}" must be ${range}, got "${raw}".` });
    return fallback;
  }
  return value;
}

export function slice<T>(items: readonly T[], page: PageRequest): Page<T> {
  return {
    items: items.slice(page.offset, page.offset + page.limit),
    total: items.length,
    offset: page.offset,
    limit: page.limit,
  };
}
