/**
 * Splits JSON Lines (`application/jsonl`, `application/x-ndjson`) and JSON text sequences
 * (`application/json-seq`, records prefixed with the RS character) into numbered rows.
 */
export interface JsonLine {
  /** 1-based line number in the body, so rows can be matched with the raw text. */
  lineNumber: number;
  raw: string;
  /** Whether `raw` parsed as JSON; `value` holds the result when it did. */
  parsed: boolean;
  value?: unknown;
  /** The last line of a cut-short preview: probably incomplete, so not parsed. */
  partial: boolean;
}

const RS = '\u001e';

export function splitJsonLines(text: string, truncated = false): JsonLine[] {
  const lines = text.split(/\r?\n|\r/);
  const out: JsonLine[] = [];
  let lastNonBlank = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (stripRecord(lines[i]) !== '') {
      lastNonBlank = i;
      break;
    }
  }
  // Only a preview that ends mid-line has a partial last row; a trailing newline means the line was complete.
  const endsMidLine = truncated && !/[\r\n]$/.test(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = stripRecord(lines[i]);
    if (raw === '') continue;
    const partial = endsMidLine && i === lastNonBlank;
    const row: JsonLine = { lineNumber: i + 1, raw, parsed: false, partial };
    if (!partial) {
      try {
        row.value = JSON.parse(raw);
        row.parsed = true;
      } catch {
        // Shown as its raw text; one bad line must not hide the others.
      }
    }
    out.push(row);
  }
  return out;
}

function stripRecord(line: string): string {
  let s = line;
  while (s.startsWith(RS)) s = s.slice(1);
  return s.trim() === '' ? '' : s;
}
