/**
 * The collapsible JSON tree. Rows are made when their parent first opens and a page at a time, so
 * drawing a large body costs what is visible; closing a node only hides its rows, reopening is instant.
 */
import { formatPath } from '../contract/jsonPathFormat';
import { button, copyButton, h } from './dom';
import type { RenderHost } from './host';
import { formatCount, plural } from './format';
import {
  EXPAND_ALL_BUDGET,
  OPEN_DEPTH,
  childPage,
  copyText,
  initialOpenDepth,
  inlinePreview,
  isExpandable,
  keyLabel,
  opensInitially,
  primitiveText,
  rootNode,
  summary,
  type TreeNode,
} from './tree';

export interface TreeOptions {
  /** Containers shallower than this start open (0 draws only the root row, closed). */
  openDepth?: number;
  /** Whether the root row shows its `$` key; a JSON Lines row shows its line number instead. */
  rootKey?: boolean;
  testid?: string;
}

export interface TreeHandle {
  element: HTMLElement;
  /** Opens every node up to a row budget; returns false when it stopped at the budget. */
  expandAll(): boolean;
  collapseAll(): void;
}

interface View {
  node: TreeNode;
  item: HTMLLIElement;
  toggle?: HTMLButtonElement;
  list?: HTMLUListElement;
  more?: HTMLLIElement;
  children: View[];
  /** Index of the next child to draw. */
  next: number;
  open: boolean;
}

/** What every row of one tree shares; `rows` counts the rows made so far, for the expand-all budget. */
interface Tree {
  host: RenderHost;
  options: TreeOptions;
  openDepth: number;
  rows: number;
}

export function renderTree(value: unknown, host: RenderHost, options: TreeOptions = {}): TreeHandle {
  const first = rootNode(value);
  const tree: Tree = { host, options, openDepth: initialOpenDepth(first, options.openDepth ?? OPEN_DEPTH), rows: 0 };
  const root = makeView(tree, first);
  if (opensInitially(root.node, tree.openDepth)) expand(tree, root, true);
  const element = h(
    'ul',
    { class: 'tree', testid: options.testid ?? 'body-tree', attrs: { 'aria-label': 'JSON body' } },
    root.item,
  );
  return { element, expandAll: () => expandAll(tree, root), collapseAll: () => collapseAll(tree, root) };
}

function makeView(tree: Tree, node: TreeNode): View {
  tree.rows++;
  const item = h('li', { class: 'node' });
  const view: View = { node, item, children: [], next: 0, open: false };
  const label = keyParts(tree, node);
  const head = isExpandable(node) ? containerHead(tree, view, label) : leafHead(node, label);
  item.append(h('div', { class: 'row' }, head, copyActions(node, tree.host)));
  return view;
}

function keyParts(tree: Tree, node: TreeNode): HTMLElement[] {
  return node.depth === 0 && tree.options.rootKey === false
    ? []
    : [
        h('span', { class: typeof node.key === 'number' ? 'index' : 'key' }, keyLabel(node)),
        h('span', { class: 'punct' }, ': '),
      ];
}

function containerHead(tree: Tree, view: View, label: HTMLElement[]): HTMLButtonElement {
  const node = view.node;
  // Closed, a container shows a preview of its content; open, its size (the content is right below).
  view.toggle = button(
    [
      h('span', { class: 'twisty', attrs: { 'aria-hidden': 'true' } }, '▸'),
      ...label,
      h('span', { class: 'summary' }, summary(node)),
      h('span', { class: 'preview' }, inlinePreview(node)),
    ],
    () => (view.open ? collapse(view) : expand(tree, view)),
    { class: 'toggle' },
  );
  view.toggle.setAttribute('aria-expanded', 'false');
  return view.toggle;
}

function leafHead(node: TreeNode, label: HTMLElement[]): HTMLElement {
  const clipped = primitiveText(node);
  return h(
    'span',
    { class: 'leaf' },
    h('span', { class: 'twisty', attrs: { 'aria-hidden': 'true' } }),
    ...label,
    h('span', { class: `value v-${node.kind}` }, clipped.text),
    clipped.hidden > 0 ? h('span', { class: 'muted' }, ` (${plural(clipped.hidden, 'more character')})`) : null,
  );
}

function copyActions(node: TreeNode, host: RenderHost): HTMLElement {
  const path = formatPath(node.path);
  return h(
    'span',
    { class: 'actions' },
    copyButton('copy value', () => copyText(node), host, { title: 'Copy this value' }),
    copyButton('copy path', () => path, host, {
      title: `Copy the path ${path}, usable in expect: and {{name.body…}}`,
    }),
  );
}

/** Draws the next page of children; on the first draw, opens them down to `openDepth`. */
function drawPage(tree: Tree, view: View, firstDraw: boolean): View[] {
  const list = view.list!;
  view.more?.remove();
  view.more = undefined;
  const page = childPage(view.node, view.next);
  const made: View[] = [];
  for (const child of page.nodes) {
    const cv = makeView(tree, child);
    list.append(cv.item);
    view.children.push(cv);
    made.push(cv);
    if (firstDraw && opensInitially(child, tree.openDepth)) expand(tree, cv, true);
  }
  view.next = page.end;
  if (page.remaining > 0) {
    view.more = showMoreItem(tree, view, Math.min(page.remaining, page.end - page.start), page.remaining);
    list.append(view.more);
  }
  return made;
}

function showMoreItem(tree: Tree, view: View, shown: number, remaining: number): HTMLLIElement {
  const more = button(
    `show ${formatCount(shown)} more (${formatCount(remaining)} not shown)`,
    () => {
      const added = drawPage(tree, view, false);
      added[0]?.item.querySelector<HTMLElement>('button')?.focus();
    },
    { class: 'link-button more', testid: 'tree-show-more' },
  );
  return h('li', { class: 'node' }, more);
}

function expand(tree: Tree, view: View, firstDraw = false): void {
  if (!view.toggle) return;
  if (!view.list) {
    view.list = h('ul', { class: 'children', attrs: { role: 'group' } });
    view.item.append(view.list);
    drawPage(tree, view, firstDraw);
  }
  view.list.hidden = false;
  view.open = true;
  view.toggle.setAttribute('aria-expanded', 'true');
  view.item.classList.add('open');
}

function collapse(view: View): void {
  if (!view.toggle || !view.list) return;
  view.list.hidden = true;
  view.open = false;
  view.toggle.setAttribute('aria-expanded', 'false');
  view.item.classList.remove('open');
}

function expandAll(tree: Tree, root: View): boolean {
  const limit = tree.rows + EXPAND_ALL_BUDGET;
  const stack: View[] = [root];
  while (stack.length > 0) {
    const view = stack.pop()!;
    if (!isExpandable(view.node)) continue;
    if (tree.rows >= limit) return false;
    expand(tree, view);
    for (let i = view.children.length - 1; i >= 0; i--) stack.push(view.children[i]);
  }
  return true;
}

function collapseAll(tree: Tree, root: View): void {
  const stack: View[] = [...root.children];
  while (stack.length > 0) {
    const view = stack.pop()!;
    collapse(view);
    stack.push(...view.children);
  }
  expand(tree, root);
}
