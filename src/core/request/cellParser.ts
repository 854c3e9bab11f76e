import { parseRequestCell, type ParsedCell } from './cell';

export type CellParser = (text: string) => ParsedCell;

/**
 * Parsing a cell is the largest part of the core's own cost per request, and the same text is parsed
 * again and again (re-running a cell, diagnostics while typing, notebooks that repeat a request). A face
 * owns one of these memos; results are shared, so callers must not change them.
 */
export function createCellParser(maxEntries = 1000): CellParser {
  const memo = new Map<string, ParsedCell>();
  return (text) => {
    let parsed = memo.get(text);
    if (parsed) {
      // Refresh recency: Map iteration order is insertion order, so the first key is the oldest.
      memo.delete(text);
    } else {
      parsed = parseRequestCell(text);
      if (memo.size >= maxEntries) memo.delete(memo.keys().next().value as string);
    }
    memo.set(text, parsed);
    return parsed;
  };
}
