import type { NamedResponse } from './variables';

/** Bodies of named responses kept per notebook and environment, newest first; status and headers always stay. */
export const NAMED_BODIES_BUDGET = 64 * 1024 * 1024;

/**
 * Stores a named response and keeps the bodies of the named responses within `budgetBytes` (the newest one
 * is always kept whole): the least recently stored or used bodies are dropped first. Returns a note for
 * each body dropped, for the result of the cell that caused it.
 */
export function rememberResponse(
  responses: Map<string, NamedResponse>,
  name: string,
  response: NamedResponse,
  budgetBytes: number,
): string[] {
  responses.delete(name);
  responses.set(name, response);
  let total = 0;
  for (const r of responses.values()) total += r.bodyBytes ?? 0;
  const notes: string[] = [];
  for (const [other, r] of responses) {
    if (total <= budgetBytes || other === name) break;
    if (!r.bodyBytes) continue;
    total -= r.bodyBytes;
    responses.set(other, { ...r, body: undefined, bodyIsJson: false, bodyBytes: 0, bodyDropped: r.bodyBytes });
    notes.push(
      `To keep memory bounded, the body of the earlier response "${other}" (${mib(r.bodyBytes)}) was dropped: named response bodies are kept up to ${mib(budgetBytes)} in all, newest first. Its status and headers remain; run its cell again if a later cell needs {{${other}.body…}}.`,
    );
  }
  return notes;
}

/** Marks the responses a cell's templates read as recently used, so their bodies are dropped last. */
export function touchResponses(responses: Map<string, NamedResponse>, exprs: Iterable<string>): void {
  for (const expr of exprs) {
    const name = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(expr)?.[0];
    const r = name === undefined ? undefined : responses.get(name);
    if (name === undefined || !r) continue;
    responses.delete(name);
    responses.set(name, r);
  }
}

function mib(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`
    : `${Math.ceil(bytes / 1024)} KiB`;
}
