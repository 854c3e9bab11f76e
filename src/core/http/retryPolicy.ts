import { STATUS_CODES } from 'node:http';
import { parseRetryAfter } from './retryAfter';

/**
 * When a request is sent again by itself (PRODUCT.md §10): only a method that cannot change data, only on
 * 429 or 503, only when the server said when (`Retry-After`), only within a bound, at most `retries` times.
 * Everything else is answered once, and the output says why it was not retried.
 */
export const SAFE_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS'];
export const RETRY_STATUSES: readonly number[] = [429, 503];
export const DEFAULT_RETRIES = 2;
export const MAX_RETRIES = 10;
/** However long a Retry-After asks for, nothing waits longer than this (nor longer than the request timeout). */
export const MAX_RETRY_WAIT_MS = 60_000;

export interface RetryInput {
  method: string;
  status: number;
  /** The response's Retry-After header, if any. */
  retryAfter?: string;
  /** Retries already made for this request. */
  done: number;
  /** The most retries allowed (the cell's `retries:`, else the setting or flag, else 2). */
  retries: number;
  /** The request timeout; the longest wait is the smaller of it and MAX_RETRY_WAIT_MS. */
  timeoutMs: number;
  now: number;
}

export type RetryDecision =
  | { retry: true; waitMs: number; reason: string }
  /** `reason` is set when the status was one that can be retried: the output says why this one was not. */
  | { retry: false; reason?: string };

export function retryCapMs(timeoutMs: number): number {
  return Math.min(timeoutMs, MAX_RETRY_WAIT_MS);
}

export function retryDecision(r: RetryInput): RetryDecision {
  if (!RETRY_STATUSES.includes(r.status)) return { retry: false };
  const what = `${r.status} ${STATUS_CODES[r.status] ?? ''}`.trim();
  const header = r.retryAfter === undefined ? 'no Retry-After' : `Retry-After: ${r.retryAfter.trim()}`;
  if (!SAFE_METHODS.includes(r.method))
    return {
      retry: false,
      reason: `Not retried: ${r.method} can change data, so it is never sent again automatically (${what}, ${header}). Run the cell again once the API is ready.`,
    };
  if (r.retries === 0) return { retry: false, reason: `Not retried: retries is 0 (${what}, ${header}).` };
  if (r.done >= r.retries)
    return {
      retry: false,
      reason: `Gave up after ${r.done} ${r.done === 1 ? 'retry' : 'retries'} (retries: ${r.retries}): still ${what}.`,
    };
  const after = parseRetryAfter(r.retryAfter, r.now);
  if (!after)
    return {
      retry: false,
      reason: `Not retried: the ${what} came without Retry-After, so the API did not say when to ask again.`,
    };
  if (!after.ok)
    return { retry: false, reason: `Not retried: Retry-After "${after.raw}" cannot be read: ${after.reason}.` };
  const cap = retryCapMs(r.timeoutMs);
  if (after.ms > cap)
    return {
      retry: false,
      reason: `Not retried: Retry-After asks to wait ${seconds(after.ms)}, longer than the ${seconds(cap)} a retry may wait (the request timeout, at most ${seconds(MAX_RETRY_WAIT_MS)}).`,
    };
  return {
    retry: true,
    waitMs: after.ms,
    reason: `${what}, ${header}: waited ${seconds(after.ms)} before retry ${r.done + 1} of ${r.retries}`,
  };
}

/** `2 s`, `1.5 s`, `0 s`, `2 min 5 s`. */
export function seconds(ms: number): string {
  if (ms >= 120_000) {
    const s = Math.round(ms / 1000);
    return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  }
  return `${Math.round(ms / 100) / 10} s`;
}
