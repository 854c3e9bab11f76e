/**
 * The model behind the collapsible JSON tree. Nodes are cheap views over the parsed value: children are
 * made only when a node is opened, one page at a time, so a megabyte body costs no more than what is shown.
 */
import type { PathSegment } from '../contract/jsonPathFormat';
import { formatCount, plural } from './format';

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

/** Children made per page; a "show more" control asks for the next page. */
export const PAGE_SIZE = 100;
/** Containers shallower than this start open: the root and its children are open, grandchildren closed. */
export const OPEN_DEPTH = 2;
/** A level opens on first draw only if the rows stay within this, so a wide body still draws at once. */
export const INITIAL_ROW_BUDGET = 400;
/** "Expand all" stops after making this many rows; the rest stays one click away. */
export const EXPAND_ALL_BUDGET = 5000;
/** Longer strings are clipped in the row; "copy value" still copies them whole. */
export const VALUE_PREVIEW_CHARS = 1000;
/** Length of the one-line preview of a closed container. */
export const INLINE_PREVIEW_CHARS = 120;

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
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'string';
  }
}

function countChildren(kind: JsonKind, value: unknown): number {
  if (kind === 'array') return (value as unknown[]).length;
  if (kind === 'object') return Object.keys(value as object).length;
  return 0;
}

function makeNode(
  value: unknown,
  key: string | number | undefined,
  path: readonly PathSegment[],
  depth: number,
): TreeNode {
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
    for (let i = from; i < to; i++)
      nodes.push(makeNode(obj[keys[i]], keys[i], [...node.path, keys[i]], node.depth + 1));
  }
  return { nodes, start: from, end: to, total, remaining: total - to };
}

/**
 * How many levels open on first draw: up to `maxDepth`, a whole level at a time, and only while the rows
 * stay within `budget`. Opening all of a level or none of it keeps siblings alike: a long list of records
 * shows one preview line per record rather than the first few open and the rest closed.
 */
export function initialOpenDepth(root: TreeNode, maxDepth = OPEN_DEPTH, budget = INITIAL_ROW_BUDGET): number {
  let rows = 1;
  let frontier: TreeNode[] = [root];
  for (let depth = 0; depth < maxDepth; depth++) {
    const opening = frontier.filter(isExpandable);
    if (opening.length === 0) return depth;
    const added = opening.reduce((n, node) => n + Math.min(node.childCount, PAGE_SIZE), 0);
    // The root always opens: its first page alone is small.
    if (depth > 0 && rows + added > budget) return depth;
    rows += added;
    frontier = opening.flatMap((node) => childPage(node).nodes);
  }
  return maxDepth;
}

/** Whether a node opens on first draw, given the depth `initialOpenDepth` chose. */
export function opensInitially(node: TreeNode, openDepth: number): boolean {
  return isExpandable(node) && node.depth < openDepth;
}

/**
 * The rows of the first draw, in document order: the same walk the DOM tree makes.
 * Exposed so that what the user first sees, and what it costs, can be tested without a DOM.
 */
export function initialRows(root: TreeNode, maxDepth = OPEN_DEPTH): TreeNode[] {
  const openDepth = initialOpenDepth(root, maxDepth);
  const rows: TreeNode[] = [];
  const visit = (node: TreeNode): void => {
    rows.push(node);
    if (!opensInitially(node, openDepth)) return;
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

/**
 * A closed container in one line, as browser consoles show it: `{name: "Jane", tags: […]}`, `(3) [1, 2, 3]`.
 * It reads only as many children as fit, so it stays cheap for huge containers.
 */
export function inlinePreview(node: TreeNode, max = INLINE_PREVIEW_CHARS): string {
  if (!isContainer(node)) return primitiveText(node, max).text;
  const isArray = node.kind === 'array';
  const open = isArray ? `(${formatCount(node.childCount)}) [` : '{';
  const close = isArray ? ']' : '}';
  let out = open;
  let shown = 0;
  const items = isArray ? (node.value as unknown[]) : undefined;
  const keys = isArray ? undefined : Object.keys(node.value as object);
  for (; shown < node.childCount; shown++) {
    const v = items ? items[shown] : (node.value as Record<string, unknown>)[keys![shown]];
    const k = keys ? keys[shown] : undefined;
    const part = `${k === undefined ? '' : `${PREVIEW_KEY.test(k) ? k : JSON.stringify(k)}: `}${shortValue(v)}`;
    const next = `${out}${shown > 0 ? ', ' : ''}${part}`;
    if (next.length > max && shown > 0) break;
    out = next;
  }
  return `${out}${shown < node.childCount ? ', …' : ''}${close}`;
}

const PREVIEW_KEY = /^[\p{L}_$][\p{L}\p{N}_$-]*$/u;
const SHORT_STRING = 40;

function shortValue(v: unknown): string {
  const kind = kindOf(v);
  if (kind === 'object') return Object.keys(v as object).length === 0 ? '{}' : '{…}';
  if (kind === 'array') return (v as unknown[]).length === 0 ? '[]' : '[…]';
  if (kind === 'string') {
    const s = v as string;
    return s.length > SHORT_STRING
      ? `${JSON.stringify(s.slice(0, safeCut(s, SHORT_STRING))).slice(0, -1)}…"`
      : JSON.stringify(s);
  }
  return v === null || v === undefined ? 'null' : String(v);
}

export interface ClippedText {
  text: string;
  /** Characters left out of `text`. */
  hidden: number;
}

/** A value that has no rows below it as JSON shows it (an empty container as `{}` or `[]`), long strings clipped. */
export function primitiveText(node: TreeNode, max = VALUE_PREVIEW_CHARS): ClippedText {
  if (isContainer(node)) return { text: summary(node), hidden: 0 };
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
