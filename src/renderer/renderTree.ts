/**
 * The JSON tree as a virtualised list: TreeRows knows every visible row, this view draws only the ones scrolled
 * into sight (plus a margin, plus the focused one), so opening 10,000 records costs a screenful of elements.
 * It follows the WAI-ARIA tree pattern: one tab stop, arrow keys to move, open and close, Home/End; the focused
 * row's "copy value" and "copy path" buttons come next in the tab order.
 */
import { formatPath } from '../contract/jsonPathFormat';
import { append, copyButton, h } from './dom';
import { plural } from './format';
import type { RenderHost } from './host';
import { copyText, inlinePreview, keyLabel, primitiveText, summary } from './tree';
import { EXPAND_ALL_BUDGET, OPEN_DEPTH, rowExpandable, TreeRows, type RootSpec, type Row } from './treeRows';
import { matchKey } from './treeSearch';
import type { PathSegment } from '../contract/jsonPathFormat';

export interface TreeOptions {
  /** Containers shallower than this start open (0: every root starts closed). */
  openDepth?: number;
  /** Whether a root without a label shows `$`. */
  rootKey?: boolean;
  testid?: string;
  label?: string;
}

export interface TreeHandle {
  element: HTMLElement;
  rows: TreeRows;
  /** Opens every node up to a row budget; returns false when it stopped at the budget. */
  expandAll(): boolean;
  collapseAll(): void;
  /** Highlights these rows (keys from `matchKey`); undefined clears. */
  setMatches(keys: ReadonlySet<string> | undefined): void;
  /** Opens the way to a value, scrolls it into the middle of the view and marks it as the current match. */
  reveal(root: number, path: readonly PathSegment[]): boolean;
}

function descends(row: Row, ancestor: Row): boolean {
  for (let r = row.parent; r; r = r.parent) if (r === ancestor) return true;
  return false;
}

/** Rows drawn above and below the visible ones, so a fast scroll does not show blank space. */
const OVERSCAN = 12;
/** Rows drawn before the view is on screen and its height is known. */
const UNMEASURED_ROWS = 40;
/** Row height until it is measured (13 px font × 1.6). */
const DEFAULT_ROW_PX = 21;
const INDENT_PX = 14;
const ARIA_VALUE_CHARS = 200;

interface Drawn {
  el: HTMLElement;
  key?: string;
}

export function renderTree(roots: readonly RootSpec[], host: RenderHost, options: TreeOptions = {}): TreeHandle {
  const model = new TreeRows(roots, options.openDepth ?? OPEN_DEPTH);
  const drawn = new Map<Row, Drawn>();
  const rowOf = new Map<HTMLElement, Row>();
  let rowPx = DEFAULT_ROW_PX;
  let active: Row | undefined = model.rows[0];
  let current: Row | undefined;
  let matches: ReadonlySet<string> | undefined;
  let frame = 0;

  const sizer = h('div', { class: 'tree-sizer', attrs: { role: 'none' } });
  const viewport = h(
    'div',
    {
      class: 'tree',
      testid: options.testid ?? 'body-tree',
      attrs: { role: 'tree', 'aria-label': options.label ?? 'JSON body' },
    },
    sizer,
  );

  const draw = (): void => {
    frame = 0;
    const rows = model.rows;
    const top = viewport.scrollTop;
    const height = viewport.clientHeight || UNMEASURED_ROWS * rowPx;
    const first = Math.max(0, Math.floor(top / rowPx) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((top + height) / rowPx) + OVERSCAN);
    const wanted = new Map<Row, number>();
    for (let i = first; i < last; i++) wanted.set(rows[i], i);
    if (active && !wanted.has(active)) {
      const at = rows.indexOf(active);
      if (at >= 0) wanted.set(active, at);
      else active = rows[Math.min(first, rows.length - 1)];
    }
    for (const [row, d] of drawn) {
      if (wanted.has(row)) continue;
      d.el.remove();
      rowOf.delete(d.el);
      drawn.delete(row);
    }
    for (const [row, i] of wanted) {
      let d = drawn.get(row);
      if (!d) {
        d = makeRow(row);
        drawn.set(row, d);
        rowOf.set(d.el, row);
        sizer.append(d.el);
      }
      sync(d, row, i);
    }
    sizer.style.height = `${rows.length * rowPx}px`;
  };
  const schedule = (): void => {
    frame ||= requestAnimationFrame(draw);
  };

  const makeRow = (row: Row): Drawn => {
    const node = row.node;
    const el = h('div', { class: 'row', attrs: { role: 'treeitem' } });
    el.style.paddingLeft = `${row.depth * INDENT_PX}px`;
    el.style.setProperty('--depth', String(row.depth));
    el.append(h('span', { class: 'twisty', attrs: { 'aria-hidden': 'true' } }, rowExpandable(row) ? '▸' : ''));
    let label: string | undefined;
    let value: string;
    if (row.group) {
      label = `[${row.group.start} … ${row.group.end - 1}]`;
      value = `(${plural(row.group.end - row.group.start, node.kind === 'array' ? 'item' : 'key')})`;
      el.append(h('span', { class: 'index' }, label), h('span', { class: 'summary group' }, ` ${value}`));
    } else {
      label = row.label ?? (row.depth === 0 && options.rootKey === false ? undefined : keyLabel(node));
      if (label !== undefined)
        el.append(
          h('span', { class: row.label ? 'line-number' : typeof node.key === 'number' ? 'index' : 'key' }, label),
          h('span', { class: 'punct' }, row.label ? ' ' : ': '),
        );
      if (row.raw) {
        value = row.raw.text;
        append(
          el,
          h('span', { class: 'value raw' }, value),
          row.raw.partial && h('span', { class: 'muted' }, ' (cut short)'),
        );
      } else if (rowExpandable(row)) {
        const preview = inlinePreview(node);
        value = preview;
        el.append(h('span', { class: 'summary' }, summary(node)), h('span', { class: 'preview' }, preview));
      } else {
        const clipped = primitiveText(node);
        value = clipped.text;
        const shown = h('span', { class: `value v-${node.kind}` }, clipped.text);
        if (clipped.text.length > 80) shown.title = clipped.text;
        append(
          el,
          shown,
          clipped.hidden > 0 && h('span', { class: 'muted' }, ` (${plural(clipped.hidden, 'more character')})`),
        );
      }
      el.append(copyActions(row));
    }
    const spoken = value.length > ARIA_VALUE_CHARS ? `${value.slice(0, ARIA_VALUE_CHARS)}…` : value;
    el.setAttribute('aria-label', label === undefined ? spoken : `${label}: ${spoken}`);
    el.setAttribute('aria-level', String(row.depth + 1));
    el.setAttribute('aria-setsize', String(row.parent?.kids?.length ?? model.roots.length));
    el.setAttribute('aria-posinset', String(row.position + 1));
    const key = row.group || row.raw ? undefined : matchKey(model.rootOf(row), node.path);
    return { el, key };
  };

  const copyActions = (row: Row): HTMLElement => {
    const path = formatPath(row.node.path);
    return h(
      'span',
      { class: 'actions' },
      copyButton('copy value', () => copyText(row.node), host, { title: 'Copy this value' }),
      copyButton('copy path', () => path, host, {
        title: `Copy the path ${path}, usable in expect: and {{name.body…}}`,
      }),
    );
  };

  const sync = (d: Drawn, row: Row, index: number): void => {
    const el = d.el;
    el.style.transform = `translateY(${index * rowPx}px)`;
    const expandable = rowExpandable(row);
    if (expandable) el.setAttribute('aria-expanded', String(row.open));
    el.classList.toggle('open', row.open);
    el.classList.toggle('match', !!(d.key && matches?.has(d.key)));
    el.classList.toggle('current', row === current);
    const isActive = row === active;
    el.tabIndex = isActive ? 0 : -1;
    for (const b of el.querySelectorAll('button')) b.tabIndex = isActive ? 0 : -1;
  };

  /** Moves the focus to the row at `index`, scrolling it into view. */
  const focusRow = (index: number): void => {
    const rows = model.rows;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    active = rows[i];
    scrollTo(i, 'nearest');
    draw();
    drawn.get(active)?.el.focus({ preventScroll: true });
  };

  const scrollTo = (index: number, where: 'nearest' | 'center'): void => {
    const view = viewport.clientHeight;
    if (!view) return;
    const top = index * rowPx;
    if (where === 'center') viewport.scrollTop = Math.max(0, top - (view - rowPx) / 2);
    else if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + rowPx > viewport.scrollTop + view) viewport.scrollTop = top + rowPx - view;
  };

  const toggle = (index: number): void => {
    const row = model.rows[index];
    // Closing a row hides what is below it: the focus moves up to it rather than to a stranger.
    if (row?.open && active && descends(active, row)) active = row;
    model.toggle(index);
    draw();
  };

  viewport.addEventListener('scroll', schedule, { passive: true });
  viewport.addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    if (target.closest('.actions')) return;
    const el = target.closest<HTMLElement>('.row');
    const row = el && rowOf.get(el);
    if (!row) return;
    const index = model.rows.indexOf(row);
    active = row;
    if (rowExpandable(row)) toggle(index);
    else draw();
    drawn.get(row)?.el.focus({ preventScroll: true });
  });
  viewport.addEventListener('keydown', (event) => {
    if ((event.target as HTMLElement).closest('.actions') && event.key !== 'ArrowUp' && event.key !== 'ArrowDown')
      return;
    const rows = model.rows;
    const index = active ? rows.indexOf(active) : 0;
    const row = rows[index];
    const page = Math.max(1, Math.floor((viewport.clientHeight || UNMEASURED_ROWS * rowPx) / rowPx) - 1);
    switch (event.key) {
      case 'ArrowDown':
        focusRow(index + 1);
        break;
      case 'ArrowUp':
        focusRow(index - 1);
        break;
      case 'PageDown':
        focusRow(index + page);
        break;
      case 'PageUp':
        focusRow(index - page);
        break;
      case 'Home':
        focusRow(0);
        break;
      case 'End':
        focusRow(rows.length - 1);
        break;
      case 'ArrowRight':
        if (row && rowExpandable(row) && !row.open) toggle(index);
        else if (row?.open) focusRow(index + 1);
        break;
      case 'ArrowLeft':
        if (row?.open) toggle(index);
        else focusRow(model.parentIndex(index) >= 0 ? model.parentIndex(index) : index);
        break;
      case 'Enter':
      case ' ':
        if (row && rowExpandable(row)) toggle(index);
        break;
      default:
        return;
    }
    event.preventDefault();
  });
  // Until the view is on screen, its row height and size are guesses; measure once they are real.
  if (typeof ResizeObserver !== 'undefined')
    new ResizeObserver(() => {
      const probe = drawn.values().next().value?.el;
      const measured = probe?.getBoundingClientRect().height;
      if (measured) rowPx = measured;
      draw();
    }).observe(viewport);
  draw();

  return {
    element: viewport,
    rows: model,
    expandAll() {
      const complete = model.expandAll(EXPAND_ALL_BUDGET);
      draw();
      return complete;
    },
    collapseAll() {
      model.collapseAll();
      viewport.scrollTop = 0;
      draw();
    },
    setMatches(keys) {
      matches = keys;
      if (!keys) current = undefined;
      draw();
    },
    reveal(root, path) {
      const index = model.reveal(root, path);
      if (index < 0) return false;
      current = active = model.rows[index];
      draw();
      scrollTo(index, 'center');
      draw();
      return true;
    },
  };
}
