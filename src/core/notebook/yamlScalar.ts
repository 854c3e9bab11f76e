/**
 * Writing strings as YAML scalars that read back to exactly the same string, and reading back the
 * double-quoted form we write. Literal blocks are preferred because they keep text readable and
 * diffs line-per-line; the double-quoted form is the exact fallback for what a block cannot hold.
 */

export interface LiteralBlockLayout {
  /** The spaces put before every non-empty content line. */
  indent: string;
  /** `indent.length` minus the indentation of the parent node, as YAML's indentation indicator counts. */
  indentIndicator: number;
  /**
   * Whether keep chomping (`|+`) may be used. Its trailing blank lines become the end of the file when
   * the scalar is the last thing written, and the file must end with a single line break.
   */
  allowKeep: boolean;
}

/**
 * The literal block scalar (`|`, `|-`, `|+`, with an indentation indicator when needed) for `text`,
 * header line included but without a final line break; `undefined` when no literal block can hold
 * `text` exactly.
 */
export function literalBlock(text: string, layout: LiteralBlockLayout): string | undefined {
  if (!isBlockSafe(text)) return undefined;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  const trailingBreaks = text.length - end;
  if (trailingBreaks > 1 && !layout.allowKeep) return undefined;
  // The yaml library drops a final line of only white space after an explicit indentation indicator.
  if (/^[ \t]+$/.test(text.slice(text.lastIndexOf('\n', end - 1) + 1, end))) return undefined;
  const chomping = trailingBreaks === 0 ? '-' : trailingBreaks === 1 ? '' : '+';
  // YAML guesses the indentation from the first non-empty line, so a text whose first line is blank
  // or starts with white space must state it, or its leading spaces would be read as indentation.
  const first = text.charCodeAt(0);
  const indicator = first === 32 || first === 9 || first === 10 ? String(layout.indentIndicator) : '';
  const lines = text.slice(0, end).split('\n');
  let out = `|${indicator}${chomping}`;
  for (const line of lines) out += line === '' ? '\n' : `\n${layout.indent}${line}`;
  return trailingBreaks > 1 ? out + '\n'.repeat(trailingBreaks - 1) : out;
}

/**
 * Whether every character can stand in a literal block as itself. Line breaks other than LF would be
 * normalised to LF, non-printable characters are not allowed, and U+0085/U+2028/U+2029 and the BOM
 * are mishandled by YAML 1.1 readers and by editors. Text made only of white space reads back wrong
 * (its lines count as blank), so it is quoted too.
 */
function isBlockSafe(text: string): boolean {
  let visible = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 9 || c === 32) continue;
    visible = true;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
    if (c === 0x2028 || c === 0x2029 || c === 0xfeff || c === 0xfffe || c === 0xffff) return false;
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    }
  }
  return visible;
}

const SIMPLE_ESCAPES: Record<number, string> = {
  0x00: '\\0',
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x1b: '\\e',
  0x22: '\\"',
  0x5c: '\\\\',
  0x85: '\\N',
  0x2028: '\\L',
  0x2029: '\\P',
};

/**
 * A YAML double-quoted scalar for `text`, with every character that is not plainly printable escaped,
 * so the file stays valid UTF-8 and readable (lone surrogates become `\uD800`-style escapes).
 * With `continuationIndent`, the scalar continues on a new line after each `\n`, so multi-line text
 * that needs quoting (CRLF text, for one) still diffs line by line.
 */
export function doubleQuoted(text: string, continuationIndent?: string): string {
  let out = '"';
  let lineStart = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // YAML drops the leading white space of a continuation line, so a space there must be escaped.
    if (lineStart && c === 32) out += '\\ ';
    else out += escapeChar(text, i, c);
    if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) out += text[++i];
    lineStart = false;
    if (c === 10 && continuationIndent !== undefined && i + 1 < text.length) {
      out += `\\\n${continuationIndent}`;
      lineStart = true;
    }
  }
  return out + '"';
}

function escapeChar(text: string, i: number, c: number): string {
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return simple;
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return `\\x${hex(c, 2)}`;
  if (c === 0xfeff || c === 0xfffe || c === 0xffff) return `\\u${hex(c, 4)}`;
  if (c >= 0xd800 && c <= 0xdfff && !(c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1)))) return `\\u${hex(c, 4)}`;
  return text[i];
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function hex(c: number, width: number): string {
  return c.toString(16).toUpperCase().padStart(width, '0');
}

const READ_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  '"': '"',
  '\\': '\\',
  N: '\x85',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
};

/**
 * Reads a double-quoted scalar as `doubleQuoted` writes it, starting at the opening quote: the value
 * and the offset just after the closing quote. `undefined` for anything else (other escapes, folded
 * line breaks), which the caller then hands to the full YAML reader.
 */
export function readDoubleQuoted(
  src: string,
  start: number,
  continuationIndent: string,
): { value: string; end: number } | undefined {
  if (src.charCodeAt(start) !== 34) return undefined;
  let value = '';
  let chunk = start + 1;
  for (let i = chunk; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 34) return { value: value + src.slice(chunk, i), end: i + 1 };
    if (c === 10 || c === 13) return undefined;
    if (c !== 92) continue;
    value += src.slice(chunk, i);
    const e = src[i + 1];
    if (e === '\n') {
      if (!src.startsWith(continuationIndent, i + 2)) return undefined;
      i += 1 + continuationIndent.length;
    } else if (e === 'x' || e === 'u') {
      const digits = src.slice(i + 2, i + (e === 'x' ? 4 : 6));
      if (!/^[0-9A-F]+$/.test(digits) || digits.length !== (e === 'x' ? 2 : 4)) return undefined;
      value += String.fromCharCode(parseInt(digits, 16));
      i += 1 + digits.length;
    } else {
      const decoded = e === undefined ? undefined : READ_ESCAPES[e];
      if (decoded === undefined) return undefined;
      value += decoded;
      i += 1;
    }
    chunk = i + 1;
  }
  return undefined;
}

/** Header values stay plain when that is unambiguous (`uat-eu`, `2025.1.0`), else double-quoted. */
export function headerScalar(value: string): string {
  const plain =
    (/^[A-Za-z][A-Za-z0-9_.-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value)) ||
    /^\d+\.\d+\.\d+$/.test(value);
  return plain ? value : doubleQuoted(value);
}

/** Reads back what `headerScalar` writes; `undefined` for anything else. */
export function readHeaderScalar(src: string): string | undefined {
  if (src.charCodeAt(0) !== 34) return src;
  const quoted = readDoubleQuoted(src, 0, '');
  return quoted && quoted.end === src.length ? quoted.value : undefined;
}
