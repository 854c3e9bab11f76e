import type { TemplateRef } from './variables';

// A request cell as the parser returns it. cell.ts reads it (with requestParts.ts and cellSequence.ts, which
// fill in parts of it), so the type lives apart from all three and none of them imports another back.

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
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
  /** The client application (`client:`) and white label (`label:`) this request asks for. */
  client?: string;
  label?: string;
  /** Where the `client:` and `label:` values are, for diagnostics about them. */
  accessRanges?: { client?: [number, number]; label?: [number, number] };
  timeoutMs?: number;
  /** The `expect:` value as written (validated); compiled after templates are substituted. */
  expect?: unknown;
  /** `paginate:`: fetch the pages of a list, at most `maxPages`, and merge their `items`. */
  paginate?: PaginateSpec;
  /** `repeat:`: send again until `until` holds, at most `max` times. */
  repeat?: RepeatSpec;
  /** `retries:`: how often a 429/503 with Retry-After on a GET/HEAD/OPTIONS is sent again (else the run's default). */
  retries?: number;
  /** Where `maxPages` or `max` is written: the most requests the cell may send, for diagnostics about budgets. */
  boundRanges?: { requests?: [number, number] };
  /** Every `{{...}}` in keys and values, with offsets into the cell text. */
  templates: TemplateRef[];
  /** Where the method key and URL are, for hovers and code lenses. */
  methodRange: [number, number];
  urlRange: [number, number];
}

export interface PaginateSpec {
  /** Items per page, sent as `limit` (1–100, the Akkuro range); default 100. */
  limit: number;
  /** The most pages fetched; reaching it with items left fails the cell. */
  maxPages: number;
}

export interface RepeatSpec {
  /** The condition that ends polling, as written (JSON paths and `status`); compiled once substituted. */
  until: Record<string, unknown>;
  /** The pause between two attempts. */
  everyMs: number;
  /** The most attempts, the first included. */
  max: number;
}
