import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Scalar,
  type YAMLMap,
  type Node,
} from 'yaml';
import { diagnosticAt, type Diagnostic } from '../text/diagnostic';

/**
 * Reading user-written YAML with positions: the small vocabulary that the cell parser and the
 * environments file share, so both report problems the same way.
 */
export interface ParsedYaml {
  doc: Document.Parsed;
  diagnostics: Diagnostic[];
}

export function parseYaml(text: string): ParsedYaml {
  // Merge keys (`<<: *base`) as YAML 1.1 readers apply them: what people mean when they write one in a body.
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, merge: true });
  const diagnostics: Diagnostic[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const [start, end] = openerOf(text, e.code, e.message, e.pos);
    diagnostics.push(
      diagnosticAt(
        text,
        start,
        Math.max(end, start + 1),
        `yaml-${e.code.toLowerCase().replace(/_/g, '-')}`,
        yamlMessage(e.message, e.code),
        {
          severity: doc.errors.includes(e as never) ? 'error' : 'warning',
        },
      ),
    );
  }
  return { doc, diagnostics };
}

/**
 * The yaml library reports an unclosed quote or bracket where the text ends; pointing at the opening
 * character instead shows the user which one is left open.
 */
function openerOf(text: string, code: string, message: string, pos: [number, number]): [number, number] {
  const opener =
    code === 'MISSING_CHAR'
      ? /closing (["'])/.exec(message)?.[1]
      : code === 'BAD_INDENT'
        ? /end with a ([\]}])/.exec(message)?.[1]
        : undefined;
  if (!opener) return pos;
  const open = opener === ']' ? '[' : opener === '}' ? '{' : opener;
  const at = text.lastIndexOf(open, Math.max(0, pos[0] - 1));
  if (at < 0) return pos;
  const lineEnd = text.slice(at).search(/\r?\n|$/);
  return [at, at + Math.max(1, lineEnd)];
}

function yamlMessage(message: string, code: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const advice: Record<string, string> = {
    BAD_INDENT: 'check the indentation (use spaces, align keys of the same mapping)',
    TAB_AS_INDENT: 'indent with spaces, not tabs',
    MISSING_CHAR: 'close the quote or bracket',
    MULTILINE_IMPLICIT_KEY: 'put the key and its value on one line, or quote the value',
    BLOCK_AS_IMPLICIT_KEY: 'put a space after the colon, or quote the text',
    UNEXPECTED_TOKEN: 'quote the value if it contains special characters such as : { } [ ] # &',
  };
  const fix = advice[code];
  return `YAML: ${first}${fix ? ` (${fix})` : ''}`;
}

export interface Entry {
  key: string;
  keyNode: Node;
  value: Node | null;
  /** The range of the whole pair, for "remove this key" style fixes. */
  start: number;
  end: number;
}

/** The entries of a mapping, in order, with duplicate keys kept so callers can report them. */
export function entries(map: YAMLMap): Entry[] {
  const out: Entry[] = [];
  for (const pair of map.items) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key as Node | null;
    if (!keyNode) continue;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const value = (pair.value as Node | null) ?? null;
    const start = keyNode.range?.[0] ?? 0;
    const end = value?.range?.[1] ?? keyNode.range?.[1] ?? start;
    out.push({ key, keyNode, value, start, end });
  }
  return out;
}

export function rangeOf(node: Node | null | undefined, fallback = 0): [number, number] {
  if (!node?.range) return [fallback, fallback + 1];
  const [start, valueEnd] = node.range;
  return [start, Math.max(valueEnd, start + 1)];
}

export function nodeAt(
  text: string,
  node: Node | null | undefined,
  code: string,
  message: string,
  fallback = 0,
  extra: Partial<Pick<Diagnostic, 'severity' | 'fix'>> = {},
): Diagnostic {
  const [start, end] = rangeOf(node, fallback);
  return diagnosticAt(text, start, end, code, message, extra);
}

export function describeNode(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return `the text "${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
    return `${typeof v} ${String(v)}`;
  }
  return 'an alias';
}

export function scalarString(node: Node | null): string | undefined {
  if (!node || !isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  return typeof v === 'string' ? v : undefined;
}

/** A scalar as text for places where numbers and booleans are written naturally (query values, headers). */
export function scalarText(node: Node | null): string | undefined {
  if (!node || !isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (v === null) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')
    return String(v);
  return undefined;
}

export { isMap, isScalar, isSeq };
