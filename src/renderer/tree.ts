/**
 * The values behind the JSON tree. A node is a cheap view over part of the parsed body: its children are made
 * only when asked for, one at a time, so a body of megabytes costs no more than what is looked at.
 */
import type { PathSegment } from '../contract/jsonPathFormat';
import { formatCount, plural } from './format';

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

/** Longer strings are clipped in the row; "copy value" still copies them whole. */
export const VALUE_PREVIEW_CHARS = 1000;
/** Length of the one-line preview of a closed container. */
export const INLINE_PREVIEW_CHARS = 120;

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

export class TreeNode {
  readonly kind: JsonKind;
  /** Number of children (0 for primitives and empty containers). */
  readonly childCount: number;
  /** An object's keys, read once. */
  private readonly keys?: string[];

  constructor(
    readonly value: unknown,
    /** The property name or array index; undefined for a root. */
    readonly key?: string | number,
    readonly parent?: TreeNode,
  ) {
    this.kind = kindOf(value);
    if (this.kind === 'object') this.keys = Object.keys(value as object);
    this.childCount = this.kind === 'array' ? (value as unknown[]).length : (this.keys?.length ?? 0);
  }

  /** The child at position `i` (an array index, or the i-th key of an object). */
  child(i: number): TreeNode {
    if (this.kind === 'array') return new TreeNode((this.value as unknown[])[i], i, this);
    const key = this.keys![i];
    return new TreeNode((this.value as Record<string, unknown>)[key], key, this);
  }

  /** The position of the child with this key or index, or -1. */
  indexOf(key: string | number): number {
    if (this.kind === 'array') return typeof key === 'number' && key >= 0 && key < this.childCount ? key : -1;
    return typeof key === 'string' && this.keys ? this.keys.indexOf(key) : -1;
  }

  /** The path from the root, usable in `expect:` and `{{name.body…}}`. */
  get path(): PathSegment[] {
    const out: PathSegment[] = this.parent ? this.parent.path : [];
    if (this.key !== undefined) out.push(this.key);
    return out;
  }
}

export function rootNode(value: unknown): TreeNode {
  return new TreeNode(value);
}

export function isContainer(node: TreeNode): boolean {
  return node.kind === 'object' || node.kind === 'array';
}

export function isExpandable(node: TreeNode): boolean {
  return isContainer(node) && node.childCount > 0;
}

/** What a row shows after its key when open: `{3 keys}`, `[120 items]`; a primitive as JSON. */
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
  let out = isArray ? `(${formatCount(node.childCount)}) [` : '{';
  let shown = 0;
  for (; shown < node.childCount; shown++) {
    const child = node.child(shown);
    const k = isArray ? undefined : (child.key as string);
    const part = `${k === undefined ? '' : `${PREVIEW_KEY.test(k) ? k : JSON.stringify(k)}: `}${shortValue(child.value)}`;
    const next = `${out}${shown > 0 ? ', ' : ''}${part}`;
    if (next.length > max && shown > 0) break;
    out = next;
  }
  return `${out}${shown < node.childCount ? ', …' : ''}${isArray ? ']' : '}'}`;
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
