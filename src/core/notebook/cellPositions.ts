import { isMap, isScalar, isSeq, parseDocument, Scalar, type Node } from 'yaml';
import { lineColumnAt } from '../text/diagnostic';

/** A place in the notebook file, 1-based like every line and column shown to people. */
export interface FilePosition {
  line: number;
  column: number;
  /**
   * False when the cell text is written in a form whose lines are not the file's lines (a quoted
   * string with escapes, a folded block): the position is then where the cell's text begins.
   */
  exact: boolean;
}

/** Maps a 1-based line and column inside one cell's text to the notebook file. */
export type CellToFile = (line: number, column: number) => FilePosition;

/**
 * Where each cell's text sits in a notebook file, in cell order, so a problem found in a cell can be
 * shown at its place in the file. Only asked for when there is a problem to show: it parses the file.
 */
export function cellPositions(fileText: string): CellToFile[] {
  const doc = parseDocument(fileText, { prettyErrors: false, uniqueKeys: false, version: '1.2' });
  const root = doc.contents;
  if (!isMap(root)) return [];
  const cells = root.items.find((p) => isScalar(p.key) && p.key.value === 'cells')?.value;
  if (!isSeq(cells)) return [];
  const out: CellToFile[] = [];
  for (const item of cells.items) {
    if (!isMap(item)) continue;
    const pair = item.items.find((p) => isScalar(p.key) && (p.key.value === 'request' || p.key.value === 'markdown'));
    if (!pair || !isScalar(pair.value) || !pair.value.range) continue;
    out.push(mapperFor(fileText, pair.key as Node, pair.value));
  }
  return out;
}

function mapperFor(fileText: string, key: Node, value: Scalar): CellToFile {
  const start = value.range![0];
  const at = lineColumnAt(fileText, start);
  const fallback: CellToFile = () => ({ ...at, exact: false });
  if (value.type === Scalar.BLOCK_LITERAL) {
    const indent = blockIndent(fileText, start, lineColumnAt(fileText, key.range?.[0] ?? start).column - 1);
    if (indent === undefined) return fallback;
    // A literal block keeps its lines: text line k is file line k below the header.
    return (line, column) => ({ line: at.line + line, column: indent + column, exact: true });
  }
  if (value.type === Scalar.QUOTE_DOUBLE || value.type === Scalar.QUOTE_SINGLE || value.type === Scalar.PLAIN) {
    // Exact on the first line while the source is the text itself (no escapes, no folded lines).
    const open = value.type === Scalar.PLAIN ? 0 : 1;
    const source = fileText.slice(start + open, value.range![1] - open);
    const text = String(value.value);
    return (line, column) =>
      line === 1 && source.slice(0, column) === text.slice(0, column) && !/[\r\n]/.test(text.slice(0, column))
        ? { line: at.line, column: at.column + open + column - 1, exact: true }
        : { ...at, exact: false };
  }
  return fallback;
}

/**
 * The indentation of a literal block's content: the header's indentation indicator added to the
 * parent's indentation (the column of the cell's key), else that of the first line with text.
 */
function blockIndent(fileText: string, headerStart: number, keyIndent: number): number | undefined {
  const header = /^\|([1-9])?[+-]?([1-9])?/.exec(fileText.slice(headerStart, headerStart + 4));
  const indicator = header?.[1] ?? header?.[2];
  if (indicator) return keyIndent + Number(indicator);
  const afterHeader = fileText.indexOf('\n', headerStart);
  if (afterHeader < 0) return undefined;
  const firstText = /^(?:[ ]*\r?\n)*([ ]*)\S/.exec(fileText.slice(afterHeader + 1));
  return firstText ? firstText[1].length : undefined;
}
