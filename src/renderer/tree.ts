/**
 * The model behind the collapsible JSON tree. Nodes are cheap views over the parsed value: children are
 * made only when a node is opened, one page at a time, so a megabyte body costs no more than what is shown.
 */
import type { PathSegment } from './path';
import { plural } from './format';

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

/** Children made per page; a "show more" control asks for the next page. */
export const PAGE_SIZE = 100;
/** Containers shallower than this start open: the root and its children are open, grandchildren closed. */
export const OPEN_DEPTH = 2;
/** Opening stops once this many rows exist, so a wide body still draws at once. */
export const INITIAL_ROW_BUDGET = 1500;
/** "Expand all" stops after making this many rows; the rest stays one click away. */
export const EXPAND_ALL_BUDGET = 5000;
/** Longer strings are clipped in the row; "copy value" still copies them whole. */
export const VALUE_PREVIEW_CHARS = 1000;

export interface TreeNode {
  /** The property name or array index; undefined for the root. */
  readonly key?: string | number;
  readonly path: readonly PathSegment[];
  readonly depth: number;
  readonly kind: JsonKind;
  readonly value: unknown;
  /** Number of children (0 for primitives and empty containers). */
  readonly childCount: number;
}

export interface ChildPage {
  nodes: TreeNode[];
  /** Index of the first child in this page. */
  start: number;
  /** Index after the last child in this page; pass it as `start` for the next page. */
  end: number;
  total: number;
  remaining: number;
}

export function kindOf(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'object': return 'object';
    case 'string': return 'string';
    case 'number': case 'bigint': return 'number';
    case 'boolean': return 'boolean';
    default: return 'string';
  }
}

function countChildren(kind: JsonKind, value: unknown): number {
  if (kind === 'array') return (value as unknown[]).length;
  if (kind === 'object') return Object.keys(value as object).length;
  return 0;
}

function makeNode(value: unknown, key: string | number | undefined, path: readonly PathSegment[], depth: number): TreeNode {
  const kind = kindOf(value);
  return { key, path, depth, kind, value, childCount: countChildren(kind, value) };
}

export function rootNode(value: unknown): TreeNode {
  return makeNode(value, undefined, [], 0);
}

export function isContainer(node: TreeNode): boolean {
  return node.kind === 'object' || node.kind === 'array';
}

export function isExpandable(node: TreeNode): boolean {
  return isContainer(node) && node.childCount > 0;
}

/** One page of children, starting at `start`. */
export function childPage(node: TreeNode, start = 0, size = PAGE_SIZE): ChildPage {
  const total = node.childCount;
  const from = Math.max(0, Math.min(start, total));
  const to = Math.min(total, from + Math.max(1, size));
  const nodes: TreeNode[] = [];
  if (node.kind === 'array') {
    const arr = node.value as unknown[];
    for (let i = from; i < to; i++) nodes.push(makeNode(arr[i], i, [...node.path, i], node.depth + 1));
  } else if (node.kind === 'object') {
    const obj = node.value as Record<string, unknown>;
    const keys = Object.keys(obj);
    for (let i = from; i < to; i++) nodes.push(makeNode(obj[keys[i]], keys[i], [...node.path, keys[i]], node.depth + 1));
  }
  return { nodes, start: from, end: to, total, remaining: total - to };
}

/** Whether a node opens on first draw, given how many rows have been drawn so far. */
export function opensInitially(node: TreeNode, rowsSoFar: number, openDepth = OPEN_DEPTH): boolean {
  return isExpandable(node) && node.depth < openDepth && rowsSoFar < INITIAL_ROW_BUDGET;
}

/**
 * The rows of the first draw, in document order: the same walk the DOM tree makes.
 * Exposed so that what the user first sees, and what it costs, can be tested without a DOM.
 */
export function initialRows(root: TreeNode, openDepth = OPEN_DEPTH): TreeNode[] {
  const rows: TreeNode[] = [];
  const visit = (node: TreeNode): void => {
    rows.push(node);
    if (!opensInitially(node, rows.length, openDepth)) return;
    for (const child of childPage(node).nodes) visit(child);
  };
  visit(root);
  return rows;
}

/** What a row shows after its key: `{3 keys}`, `[120 items]`, `"text"`, `42`, `null`. */
export function summary(node: TreeNode): string {
  if (node.kind === 'object') return node.childCount === 0 ? '{}' : `{${plural(node.childCount, 'key')}}`;
  if (node.kind === 'array') return node.childCount === 0 ? '[]' : `[${plural(node.childCount, 'item')}]`;
  return primitiveText(node).text;
}

export interface ClippedText {
  text: string;
  /** Characters left out of `text`. */
  hidden: number;
}

/** A primitive as JSON shows it, with long strings clipped for the row. */
export function primitiveText(node: TreeNode, max = VALUE_PREVIEW_CHARS): ClippedText {
  if (node.kind === 'string') {
    const s = node.value as string;
    if (s.length <= max) return { text: JSON.stringify(s), hidden: 0 };
    const cut = safeCut(s, max);
    return { text: `${JSON.stringify(s.slice(0, cut)).slice(0, -1)}…"`, hidden: s.length - cut };
  }
  if (node.kind === 'null') return { text: 'null', hidden: 0 };
  return { text: String(node.value), hidden: 0 };
}

/** The row's label: object keys as they are (quoted when empty), array indexes as numbers. */
export function keyLabel(node: TreeNode): string {
  if (node.key === undefined) return '$';
  if (typeof node.key === 'number') return String(node.key);
  return node.key === '' ? '""' : node.key;
}

/** What "copy value" puts on the clipboard: strings bare, everything else as pretty JSON. */
export function copyText(node: TreeNode): string {
  if (node.kind === 'string') return node.value as string;
  return JSON.stringify(node.value, null, 2) ?? 'null';
}

/** A cut position that does not split a surrogate pair. */
export function safeCut(s: string, at: number): number {
  if (at <= 0) return 0;
  if (at >= s.length) return s.length;
  const c = s.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at - 1 : at;
}
