import { HTTP_METHODS } from '../request/cell';
import { cellLines, topLevelKeys } from './cellLines';
import type { TextEdit } from './languageTypes';

const METHODS: readonly string[] = HTTP_METHODS;

/**
 * The edits that make a cell say `key: value` for top-level keys (e.g. `client: onboarding`): an existing
 * line gets its value replaced (its comment kept), a missing key is added under the method line, else at
 * the top. Used by quick fixes and by the 403 card's "use client" command, so both write the same text.
 */
export function setCellKeys(text: string, values: Readonly<Record<string, string>>): TextEdit[] {
  const lines = cellLines(text);
  const keys = topLevelKeys(lines);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: TextEdit[] = [];
  const added: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const line = keys.find((l) => l.key === key);
    if (line) edits.push({ start: line.valueStart, end: line.valueEnd, newText: value });
    else added.push(`${key}: ${value}`);
  }
  if (added.length === 0) return edits;
  const method = keys.find((l) => METHODS.includes(l.key!));
  if (method) edits.push({ start: method.end, end: method.end, newText: added.map((a) => `${eol}${a}`).join('') });
  else edits.push({ start: 0, end: 0, newText: added.map((a) => `${a}${eol}`).join('') });
  return edits;
}

/** The text after applying edits that do not overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
