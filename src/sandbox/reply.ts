/**
 * What a sandbox handler answers: a plain value, written to the socket in one place (respond.ts),
 * so compression, timing, api-version headers and stats are applied the same way to every response.
 */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Serialised with JSON.stringify by the writer. */
  json?: unknown;
  /** A ready body; used when `json` is absent. */
  body?: string | Buffer;
  /** Defaults to application/json when `json` is set. */
  contentType?: string;
}

export const JSON_TYPE = 'application/json';
export const PROBLEM_TYPE = 'application/problem+json';
export const JSONL_TYPE = 'application/jsonl';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

export function jsonReply(status: number, json: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, json, headers } : { status, json };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
