/**
 * The rows of the JSON tree, in the order they are shown: what is open, what is visible, where a search match
 * sits. No DOM here: the view (renderTree.ts) draws only the rows that are scrolled into sight, so this list
 * can hold a whole 5 MB body's worth of rows while the page holds a screenful.
 */
import type { PathSegment } from '../contract/jsonPathFormat';
import { isExpandable, TreeNode } from './tree';

/** A container with more children than this shows them in groups (`[0 … 999]`), as browser consoles do. */
export const GROUP_THRESHOLD = 10_000;
/** Groups are sized (a power of ten) so that a container shows at most this many of them. */
const MAX_GROUPS = 100;
/** Containers shallower than this start open: the root and its children are open, grandchildren closed. */
export const OPEN_DEPTH = 2;
/** A level opens on first draw only if the rows stay within this, so a wide body is not one long list at once. */
export const INITIAL_ROW_BUDGET = 400;
/** "Expand all" stops once this many rows are open; the rest stays one click away. */
export const EXPAND_ALL_BUDGET = 50_000;

export interface Row {
  readonly depth: number;
  /** Position among its siblings (0-based). */
  readonly position: number;
  readonly parent?: Row;
  /** The JSON value of this row; for a group, the container whose children it holds. */
  readonly node: TreeNode;
  /** Children [start, end) of `node`, shown as one row that opens into them. */
  readonly group?: { start: number; end: number };
  /** Shown instead of the key of a root: a line number of JSON Lines. */
  readonly label?: string;
  /** A line of JSON Lines that is not JSON, shown as it is. */
  readonly raw?: { text: string; partial: boolean };
  open: boolean;
  kids?: Row[];
}

/** A root of the tree: the body, or one line of JSON Lines. */
export type RootSpec = { value: unknown; label?: string } | { raw: string; partial: boolean; label?: string };

export function rowExpandable(row: Row): boolean {
  return row.group !== undefined || (row.raw === undefined && isExpandable(row.node));
}

/** Size of each group for `count` children: the smallest power of ten that keeps the groups within MAX_GROUPS. */
export function groupSize(count: number): number {
  let size = 10;
  while (size * MAX_GROUPS < count) size *= 10;
  return size;
}

export class TreeRows {
  readonly roots: Row[];
  /** The visible rows, in order. */
  rows: Row[] = [];
  private readonly rootsStayOpen: boolean;

  constructor(roots: readonly RootSpec[], openDepth = OPEN_DEPTH, budget = INITIAL_ROW_BUDGET) {
    this.roots = roots.map((r, position) =>
      'raw' in r
        ? {
            depth: 0,
            position,
            node: new TreeNode(r.raw),
            raw: { text: r.raw, partial: r.partial },
            label: r.label,
            open: false,
          }
        : { depth: 0, position, node: new TreeNode(r.value), label: r.label, open: false },
    );
    this.rootsStayOpen = this.roots.length === 1 && openDepth > 0;
    this.openInitially(openDepth, budget);
    this.flattenAll();
  }

  /**
   * Opens whole levels, up to `openDepth` and while the rows stay within `budget`: a long list of records shows
   * one preview line per record rather than the first few open and the rest closed. A single root always opens.
   */
  private openInitially(openDepth: number, budget: number): void {
    let frontier = this.roots;
    let rows = frontier.length;
    for (let depth = 0; depth < openDepth; depth++) {
      const opening = frontier.filter(rowExpandable);
      if (opening.length === 0) return;
      const added = opening.reduce((n, row) => n + this.kidsOf(row).length, 0);
      if (!(depth === 0 && this.rootsStayOpen) && rows + added > budget) return;
      rows += added;
      for (const row of opening) row.open = true;
      frontier = opening.flatMap((row) => row.kids!);
    }
  }

  kidsOf(row: Row): Row[] {
    if (row.kids) return row.kids;
    const { start, end } = row.group ?? { start: 0, end: row.node.childCount };
    const kids: Row[] = [];
    const depth = row.depth + 1;
    if (end - start > GROUP_THRESHOLD) {
      const size = groupSize(end - start);
      for (let s = start; s < end; s += size)
        kids.push({
          depth,
          position: kids.length,
          parent: row,
          node: row.node,
          group: { start: s, end: Math.min(end, s + size) },
          open: false,
        });
    } else {
      for (let i = start; i < end; i++)
        kids.push({ depth, position: i - start, parent: row, node: row.node.child(i), open: false });
    }
    row.kids = kids;
    return kids;
  }

  /** Opens the row at `index`; returns how many rows appeared below it. */
  expand(index: number): number {
    const row = this.rows[index];
    if (!row || row.open || !rowExpandable(row)) return 0;
    row.open = true;
    const added: Row[] = [];
    for (const kid of this.kidsOf(row)) this.flatten(kid, added);
    this.rows = this.rows.slice(0, index + 1).concat(added, this.rows.slice(index + 1));
    return added.length;
  }

  /** Closes the row at `index`; what is open below it stays open for when it opens again. */
  collapse(index: number): number {
    const row = this.rows[index];
    if (!row?.open) return 0;
    row.open = false;
    let end = index + 1;
    while (end < this.rows.length && this.rows[end].depth > row.depth) end++;
    this.rows.splice(index + 1, end - index - 1);
    return end - index - 1;
  }

  toggle(index: number): void {
    if (this.rows[index]?.open) this.collapse(index);
    else this.expand(index);
  }

  /** Opens everything, in document order, until `budget` rows are visible; false when it stopped short. */
  expandAll(budget = EXPAND_ALL_BUDGET): boolean {
    let visible = this.rows.length;
    const stack = [...this.roots].reverse();
    let complete = true;
    while (stack.length > 0) {
      const row = stack.pop()!;
      if (!rowExpandable(row)) continue;
      const kids = this.kidsOf(row);
      if (!row.open) {
        if (visible + kids.length > budget) {
          complete = false;
          break;
        }
        row.open = true;
        visible += kids.length;
      }
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    this.flattenAll();
    return complete;
  }

  /** Closes everything; a single root stays open so its top level is still in sight. */
  collapseAll(): void {
    const stack = [...this.roots];
    while (stack.length > 0) {
      const row = stack.pop()!;
      row.open = false;
      if (row.kids) stack.push(...row.kids);
    }
    if (this.rootsStayOpen) this.roots[0].open = true;
    this.flattenAll();
  }

  /** Opens what leads to the value at `path` under root `root`; returns its row's index, or -1 if there is none. */
  reveal(root: number, path: readonly PathSegment[]): number {
    let row = this.roots[root];
    if (!row) return -1;
    for (const segment of path) {
      const at = row.node.indexOf(segment);
      if (at < 0) return -1;
      row.open = true;
      let kids = this.kidsOf(row);
      // Through the groups (nested for very long containers) to the child itself.
      while (kids.length > 0 && kids[0].group) {
        const group = kids.find((k) => at >= k.group!.start && at < k.group!.end)!;
        group.open = true;
        row = group;
        kids = this.kidsOf(group);
      }
      row = kids[at - (row.group?.start ?? 0)];
    }
    this.flattenAll();
    return this.rows.indexOf(row);
  }

  /** The root a row belongs to (its position among the roots). */
  rootOf(row: Row): number {
    let r = row;
    while (r.parent) r = r.parent;
    return r.position;
  }

  /** The index of the row's parent, or -1 for a root. */
  parentIndex(index: number): number {
    const parent = this.rows[index]?.parent;
    if (!parent) return -1;
    for (let i = index - 1; i >= 0; i--) if (this.rows[i] === parent) return i;
    return -1;
  }

  private flattenAll(): void {
    const out: Row[] = [];
    for (const root of this.roots) this.flatten(root, out);
    this.rows = out;
  }

  private flatten(row: Row, out: Row[]): void {
    out.push(row);
    if (row.open && row.kids) for (const kid of row.kids) this.flatten(kid, out);
  }
}
