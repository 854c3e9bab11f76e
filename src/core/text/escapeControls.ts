/**
 * Characters that a terminal (or a CI log viewer that renders ANSI) acts on instead of showing: C0
 * controls (ESC starts cursor movement, erase-line and OSC 52 clipboard writes; CR rewinds the line),
 * DEL, C1 controls (U+009B is a one-character CSI for terminals that honour 8-bit controls), and the
 * bidirectional marks, overrides and isolates that make text read differently from what it holds
 * ("Trojan Source").
 */
// Above C0, which JSON.stringify already escapes: DEL, C1, and the bidi marks, overrides and isolates.
const BEYOND_C0 = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
const CONTROLS = new RegExp(`[\\u0000-\\u001f${BEYOND_C0}]`, 'g');
const ANY_CONTROL = new RegExp(`[\\u0000-\\u001f${BEYOND_C0}]`);
const JSON_RAW = new RegExp(`[${BEYOND_C0}]`, 'g');

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from a server or a notebook, made safe to print or to put in a report: every control character
 * becomes a visible escape (`\x1b`, `\r`, `\u202e`), so a response can neither move the cursor, rewrite a
 * line, write the clipboard nor reorder text. `keep` lists the layout characters the caller prints on
 * purpose ("\n", "\t"); where "\n" is kept, a CR just before it is an ordinary line ending and stays.
 * Single-line fields keep none, so a server cannot forge extra report lines either. Every face and
 * reporter (console, JUnit, HTML, Markdown, the text/plain output) uses this one function.
 */
export function escapeControls(text: string, keep: '' | '\n' | '\t' | '\n\t' = ''): string {
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(CONTROLS, (c, offset: number) => {
    if (keep.includes(c)) return c;
    if (c === '\r' && keep.includes('\n') && text.charCodeAt(offset + 1) === 10) return c;
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * JSON text as JSON.stringify writes it (C0 already escaped) with DEL, C1 and the bidi characters written as
 * `\u009b`-style escapes too: the same JSON value, and nothing left that a terminal acts on when the JSON
 * report is printed. These characters can only occur inside JSON strings, so the whole text can be passed.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
