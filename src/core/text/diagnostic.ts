/**
 * A problem found in user-written text (a request cell, a notebook file, an environments file).
 * Offsets are 0-based UTF-16 offsets into the text, so editors can map them exactly;
 * line and column are 1-based, for messages people read.
 */
export interface Diagnostic {
  message: string;
  severity: 'error' | 'warning';
  /** Stable identifier, e.g. `unknown-key`, used by quick fixes and tests. */
  code: string;
  offset: number;
  endOffset: number;
  line: number;
  column: number;
  /** A replacement for the text in [offset, endOffset) that fixes the problem, when one is obvious. */
  fix?: { title: string; replacement: string };
}

/** Turns a 0-based offset into 1-based line and column, counting CRLF and LF as one line break. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      line++;
      lineStart = i + 1;
    } else if (ch === 13 && text.charCodeAt(i + 1) !== 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

export function diagnosticAt(
  text: string,
  offset: number,
  endOffset: number,
  code: string,
  message: string,
  extra: Partial<Pick<Diagnostic, 'severity' | 'fix'>> = {},
): Diagnostic {
  const start = Math.min(Math.max(offset, 0), text.length);
  const end = Math.min(Math.max(endOffset, start), text.length);
  const { line, column } = lineColumnAt(text, start);
  return {
    message,
    severity: extra.severity ?? 'error',
    code,
    offset: start,
    endOffset: end,
    line,
    column,
    ...(extra.fix ? { fix: extra.fix } : {}),
  };
}

/** "line 3, column 5: message" — the form used in plain-text outputs, CLI reports and errors. */
export function formatDiagnostic(d: Diagnostic, source?: string): string {
  return `${source ? `${source}:` : ''}line ${d.line}, column ${d.column}: ${d.message}`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a reasonable distance, compared case-insensitively. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  const limit = Math.max(2, Math.floor(word.length / 3));
  let bestDistance = limit + 1;
  const w = word.toLowerCase();
  for (const c of candidates) {
    // The distance is at least the difference in length: skip what cannot be within the limit or beat the best.
    const lower = c.toLowerCase();
    if (Math.abs(lower.length - w.length) >= bestDistance) continue;
    const d = editDistance(w, lower);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
