/**
 * A line-by-line reading of cell text that does not need valid YAML: while someone types, the text is
 * usually not a document yet, but its lines still say which key a cursor sits under. Offsets are
 * UTF-16 offsets into the whole cell text.
 */
export interface CellLine {
  index: number;
  start: number;
  /** Just before the line break (`\n` or `\r\n`). */
  end: number;
  text: string;
  indent: number;
  blank: boolean;
  /** The whole line is a comment. */
  comment: boolean;
  /** A content line of a `|` or `>` block scalar above it. */
  inBlockScalar: boolean;
  /** The line is a sequence entry (`- …`). */
  dash: boolean;
  key?: string;
  keyStart?: number;
  keyEnd?: number;
  /** Offset of the `:` after the key. */
  colon?: number;
  /** Where the value starts (after `key: ` or `- `) and ends (before a trailing comment and spaces). */
  valueStart: number;
  valueEnd: number;
  /** Offset of the `#` that starts a trailing comment. */
  commentStart?: number;
  /** Index of the line this one is nested under (the nearest structural line less indented above it). */
  parent?: number;
}

const BLOCK_INDICATOR = /^[|>][1-9+-]{0,2}$/;

export function cellLines(text: string): CellLine[] {
  const lines: CellLine[] = [];
  let blockOwnerColumn: number | undefined;
  let start = 0;
  for (let index = 0; start <= text.length; index++) {
    const nl = text.indexOf('\n', start);
    const rawEnd = nl < 0 ? text.length : nl;
    const end = rawEnd > start && text.charCodeAt(rawEnd - 1) === 13 ? rawEnd - 1 : rawEnd;
    const lineText = text.slice(start, end);
    const indent = /^ */.exec(lineText)![0].length;
    const blank = lineText.trim() === '';
    if (blockOwnerColumn !== undefined && !blank && indent <= blockOwnerColumn) blockOwnerColumn = undefined;
    const inBlock = blockOwnerColumn !== undefined;
    const line =
      inBlock || blank
        ? plainLine(index, start, end, lineText, indent, blank, inBlock)
        : readLine(index, start, end, lineText, indent);
    if (!inBlock && !blank && !line.comment) {
      line.parent = parentOf(lines, indent);
      if (BLOCK_INDICATOR.test(text.slice(line.valueStart, line.valueEnd)))
        blockOwnerColumn = (line.keyStart ?? line.valueStart) - start - (line.key === undefined && line.dash ? 2 : 0);
    }
    lines.push(line);
    if (nl < 0) break;
    start = nl + 1;
  }
  return lines;
}

function plainLine(
  index: number,
  start: number,
  end: number,
  text: string,
  indent: number,
  blank: boolean,
  inBlockScalar: boolean,
): CellLine {
  return {
    index,
    start,
    end,
    text,
    indent,
    blank,
    comment: false,
    inBlockScalar,
    dash: false,
    valueStart: start + indent,
    valueEnd: end,
  };
}

function readLine(index: number, start: number, end: number, text: string, indent: number): CellLine {
  const line = plainLine(index, start, end, text, indent, false, false);
  if (text[indent] === '#') {
    line.comment = true;
    line.commentStart = start + indent;
    return line;
  }
  let pos = indent;
  if (text[pos] === '-' && (pos + 1 === text.length || text[pos + 1] === ' ')) {
    line.dash = true;
    pos += 1;
    while (text[pos] === ' ') pos++;
  }
  const comment = commentColumn(text, pos);
  const contentEnd = comment ?? text.length;
  if (comment !== undefined) line.commentStart = start + comment;
  const key = keyAt(text, pos, contentEnd);
  let valueStart = pos;
  if (key) {
    line.key = key.key;
    line.keyStart = start + pos;
    line.keyEnd = start + key.end;
    line.colon = start + key.colon;
    valueStart = key.colon + 1;
    while (text[valueStart] === ' ' || text[valueStart] === '\t') valueStart++;
  }
  let valueEnd = contentEnd;
  while (valueEnd > valueStart && (text[valueEnd - 1] === ' ' || text[valueEnd - 1] === '\t')) valueEnd--;
  line.valueStart = start + Math.min(valueStart, contentEnd);
  line.valueEnd = start + Math.max(valueEnd, Math.min(valueStart, contentEnd));
  return line;
}

/** A `key:` at `pos`: plain or quoted, followed by `:` and a space or the end of the content. */
function keyAt(text: string, pos: number, contentEnd: number): { key: string; end: number; colon: number } | undefined {
  const first = text[pos];
  if (first === undefined || pos >= contentEnd || '{[|>&*!%@`'.includes(first)) return undefined;
  if (first === '"' || first === "'") {
    let i = pos + 1;
    let key = '';
    for (; i < contentEnd; i++) {
      const c = text[i];
      if (first === "'" && c === "'" && text[i + 1] === "'") {
        key += "'";
        i++;
        continue;
      }
      if (first === '"' && c === '\\' && i + 1 < contentEnd) {
        key += text[++i];
        continue;
      }
      if (c === first) break;
      key += c;
    }
    if (i >= contentEnd) return undefined;
    let colon = i + 1;
    while (text[colon] === ' ') colon++;
    return text[colon] === ':' && isBreak(text, colon + 1, contentEnd) ? { key, end: i + 1, colon } : undefined;
  }
  for (let i = pos; i < contentEnd; i++) {
    if (text[i] === ':' && isBreak(text, i + 1, contentEnd)) {
      let end = i;
      while (end > pos && text[end - 1] === ' ') end--;
      return end > pos ? { key: text.slice(pos, end), end, colon: i } : undefined;
    }
  }
  return undefined;
}

function isBreak(text: string, i: number, contentEnd: number): boolean {
  return i >= contentEnd || text[i] === ' ' || text[i] === '\t';
}

/**
 * Where a trailing comment starts: a `#` at a token boundary outside quotes. Quotes count only where a
 * scalar can start, so the apostrophe in `Jane's` does not hide a comment.
 */
function commentColumn(text: string, from: number): number | undefined {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = text[i + 1] === "'" && quote === "'" ? (i++, quote) : undefined;
      continue;
    }
    const before = i === 0 ? ' ' : text[i - 1];
    if (c === '#' && (before === ' ' || before === '\t' || i === from)) return i;
    if ((c === '"' || c === "'") && tokenStart(text, i, from)) quote = c;
  }
  return undefined;
}

function tokenStart(text: string, i: number, from: number): boolean {
  let j = i - 1;
  while (j >= from && (text[j] === ' ' || text[j] === '\t')) j--;
  return j < from || ':-{[,?'.includes(text[j]);
}

function parentOf(lines: readonly CellLine[], indent: number): number | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i];
    if (l.blank || l.comment || l.inBlockScalar) continue;
    if (l.indent < indent) return i;
  }
  return undefined;
}

/** The line holding `offset` (an offset just past the end of a line belongs to that line). */
export function lineAt(lines: readonly CellLine[], offset: number): CellLine {
  for (const l of lines) if (offset <= l.end) return l;
  return lines[lines.length - 1];
}

/** The keys of the lines `line` is nested under, outermost first. */
export function keyPath(lines: readonly CellLine[], line: CellLine): string[] {
  const path: string[] = [];
  for (let p = line.parent; p !== undefined; p = lines[p].parent) path.unshift(lines[p].key ?? '-');
  return path;
}

/** The top-level keys written in the cell, in order. */
export function topLevelKeys(lines: readonly CellLine[]): CellLine[] {
  return lines.filter((l) => l.key !== undefined && l.indent === 0 && !l.dash && !l.inBlockScalar);
}
