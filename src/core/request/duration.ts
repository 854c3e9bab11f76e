const MAX_DURATION_MS = 10 * 60_000;

/** Milliseconds from `30s`, `500ms`, `2m` or `1.5s`: between 1 ms and 10 minutes, else undefined. */
export function parseDuration(s: string | undefined): number | undefined {
  const m = s ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/.exec(s) : null;
  if (!m) return undefined;
  const ms = Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000);
  return ms >= 1 && ms <= MAX_DURATION_MS ? Math.round(ms) : undefined;
}
