/**
 * Writes an `expect:` block into a request cell's text as one splice: an existing `expect:` pair is replaced
 * where it stands, otherwise the block goes at the end. Every other byte of the cell (comments, quoting,
 * blank lines, CRLF) stays as it was; the block follows the cell's indentation and line endings.
 */
import { Document, isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { parseYaml } from '../yaml/yamlNodes';
import { TypeCheck, type PinnedExpect } from './expectFromResponse';

export interface TextSplice {
  /** Offsets into the cell text: replace [start, end) with `text`. */
  start: number;
  end: number;
  text: string;
}

export type WriteExpectResult =
  { ok: true; splice: TextSplice; cellText: string; replaced: boolean } | { ok: false; message: string };

export function writeExpect(cellText: string, expect: PinnedExpect['value']): WriteExpectResult {
  const { doc, diagnostics } = parseYaml(cellText);
  const root = doc.contents;
  if (diagnostics.some((d) => d.severity === 'error') || !isMap(root))
    return {
      ok: false,
      message: 'The cell is not a valid request yet (fix its problems first); the expectation was not written.',
    };
  const eol = cellText.includes('\r\n') ? '\r\n' : '\n';
  const column = columnOf(cellText, root);
  const block = renderBlock(expect, indentUnit(cellText, column), column, eol);
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'expect') as Pair<Node, Node> | undefined;
  const splice = pair ? replacing(cellText, pair, block, eol) : appending(cellText, block, column, eol);
  return {
    ok: true,
    splice,
    cellText: cellText.slice(0, splice.start) + splice.text + cellText.slice(splice.end),
    replaced: !!pair,
  };
}

/** The block's lines after the first are indented to the root mapping's column. */
function renderBlock(expect: PinnedExpect['value'], unit: number, column: number, eol: string): string {
  const doc = new Document({ expect: toYamlValue(expect) });
  const text = doc.toString({ indent: unit, lineWidth: 0, minContentWidth: 0 }).replace(/\n$/, '');
  const pad = ' '.repeat(column);
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join(eol);
}

/** Type checks and short lists read best in flow style: `$.id: { type: string }`, `$.tags: [ a, b ]`. */
function toYamlValue(expect: PinnedExpect['value']): unknown {
  const doc = new Document();
  const body = expect.body
    ? doc.createNode(
        Object.fromEntries(
          Object.entries(expect.body).map(([k, v]) => {
            const node = doc.createNode(v instanceof TypeCheck ? { type: v.type } : v);
            if (isMap(node) || Array.isArray(v)) (node as { flow?: boolean }).flow = true;
            return [k, node];
          }),
        ),
      )
    : undefined;
  return body ? { status: expect.status, body } : { status: expect.status };
}

function replacing(text: string, pair: Pair<Node, Node>, block: string, eol: string): TextSplice {
  const start = pair.key.range![0];
  const value = pair.value;
  let end = value?.range ? value.range[1] : pair.key.range![1];
  // A block mapping's range takes in its final line break; the break stays, the new block ends before it.
  if (text.endsWith(eol, end) && end > start) end -= eol.length;
  else if (text[end - 1] === '\n') end -= 1;
  return { start, end, text: block };
}

function appending(text: string, block: string, column: number, eol: string): TextSplice {
  const at = text.length;
  const needsBreak = at > 0 && !text.endsWith('\n');
  return { start: at, end: at, text: `${needsBreak ? eol : ''}${' '.repeat(column)}${block}${eol}` };
}

function columnOf(text: string, root: YAMLMap): number {
  const first = root.items[0]?.key as Node | undefined;
  const offset = first?.range?.[0] ?? 0;
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
  return offset - lineStart;
}

/** The cell's own indentation step: the first line indented deeper than the root; 2 when there is none. */
function indentUnit(text: string, column: number): number {
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const indent = /^ */.exec(line)![0].length;
    if (indent > column) return Math.min(indent - column, 8);
  }
  return 2;
}
