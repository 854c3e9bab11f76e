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
  return new TreeView(roots, host, options).handle();
}

/**
 * The view's state: which rows have elements, the focused row, the current match, the measured row height.
 * Its members are `#private` because the minifier shortens those names (the renderer bundle stays small).
 */
class TreeView {
  readonly #model: TreeRows;
  readonly #host: RenderHost;
  readonly #options: TreeOptions;
  readonly #viewport: HTMLElement;
  readonly #sizer = h('div', { class: 'tree-sizer', attrs: { role: 'none' } });
  readonly #drawn = new Map<Row, Drawn>();
  readonly #rowOf = new Map<HTMLElement, Row>();
  #rowPx = DEFAULT_ROW_PX;
  #active: Row | undefined;
  #current: Row | undefined;
  #matches: ReadonlySet<string> | undefined;
  #frame = 0;
  readonly #drawFrame = (): void => this.#draw();

  constructor(roots: readonly RootSpec[], host: RenderHost, options: TreeOptions) {
    this.#host = host;
    this.#options = options;
    this.#model = new TreeRows(roots, options.openDepth ?? OPEN_DEPTH);
    this.#active = this.#model.rows[0];
    this.#viewport = h(
      'div',
      {
        class: 'tree',
        testid: options.testid ?? 'body-tree',
        attrs: { role: 'tree', 'aria-label': options.label ?? 'JSON body' },
      },
      this.#sizer,
    );
    this.#listen();
    this.#draw();
  }

  handle(): TreeHandle {
    const model = this.#model;
    const viewport = this.#viewport;
    return {
      element: viewport,
      rows: model,
      expandAll: () => {
        const complete = model.expandAll(EXPAND_ALL_BUDGET);
        this.#draw();
        return complete;
      },
      collapseAll: () => {
        model.collapseAll();
        viewport.scrollTop = 0;
        this.#draw();
      },
      setMatches: (keys) => {
        this.#matches = keys;
        if (!keys) this.#current = undefined;
        this.#draw();
      },
      reveal: (root, path) => this.#reveal(root, path),
    };
  }

  #listen(): void {
    const viewport = this.#viewport;
    viewport.addEventListener('scroll', () => this.#schedule(), { passive: true });
    viewport.addEventListener('click', (event) => this.#onClick(event));
    viewport.addEventListener('keydown', (event) => this.#onKeydown(event));
    // Until the view is on screen, its row height and size are guesses; measure once they are real.
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => this.#measure()).observe(viewport);
  }

  /** Draws the rows in sight (and the focused one), removes the others, and sizes the scroll area. */
  #draw(): void {
    this.#frame = 0;
    const wanted = this.#wantedRows();
    this.#dropRowsOutside(wanted);
    this.#placeRows(wanted);
    this.#sizer.style.height = `${this.#model.rows.length * this.#rowPx}px`;
  }

  #schedule(): void {
    if (!this.#frame) this.#frame = requestAnimationFrame(this.#drawFrame);
  }

  /** The rows to draw, with their indexes: those in sight plus a margin, and the focused row wherever it is. */
  #wantedRows(): Map<Row, number> {
    const rows = this.#model.rows;
    const top = this.#viewport.scrollTop;
    const height = this.#viewport.clientHeight || UNMEASURED_ROWS * this.#rowPx;
    const first = Math.max(0, Math.floor(top / this.#rowPx) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((top + height) / this.#rowPx) + OVERSCAN);
    const wanted = new Map<Row, number>();
    for (let i = first; i < last; i++) wanted.set(rows[i], i);
    if (this.#active && !wanted.has(this.#active)) {
      const at = rows.indexOf(this.#active);
      if (at >= 0) wanted.set(this.#active, at);
      else this.#active = rows[Math.min(first, rows.length - 1)];
    }
    return wanted;
  }

  #dropRowsOutside(wanted: ReadonlyMap<Row, number>): void {
    for (const [row, d] of this.#drawn) {
      if (wanted.has(row)) continue;
      d.el.remove();
      this.#rowOf.delete(d.el);
      this.#drawn.delete(row);
    }
  }

  #placeRows(wanted: ReadonlyMap<Row, number>): void {
    for (const [row, i] of wanted) {
      let d = this.#drawn.get(row);
      if (!d) {
        d = rowElement(row, this.#model, this.#host, this.#options.rootKey);
        this.#drawn.set(row, d);
        this.#rowOf.set(d.el, row);
        this.#sizer.append(d.el);
      }
      this.#sync(d, row, i);
    }
  }

  /** Puts a drawn row at its place and gives it the state that changes without redrawing it. */
  #sync(d: Drawn, row: Row, index: number): void {
    const el = d.el;
    el.style.transform = `translateY(${index * this.#rowPx}px)`;
    if (rowExpandable(row)) el.setAttribute('aria-expanded', String(row.open));
    el.classList.toggle('open', row.open);
    el.classList.toggle('match', !!(d.key && this.#matches?.has(d.key)));
    el.classList.toggle('current', row === this.#current);
    const isActive = row === this.#active;
    el.tabIndex = isActive ? 0 : -1;
    for (const b of el.querySelectorAll('button')) b.tabIndex = isActive ? 0 : -1;
  }

  #measure(): void {
    const probe = this.#drawn.values().next().value?.el;
    const measured = probe?.getBoundingClientRect().height;
    if (measured) this.#rowPx = measured;
    this.#draw();
  }

  /** Moves the focus to the row at `index`, scrolling it into view. */
  #focusRow(index: number): void {
    const rows = this.#model.rows;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    this.#active = rows[i];
    this.#scrollTo(i, 'nearest');
    this.#draw();
    this.#drawn.get(this.#active)?.el.focus({ preventScroll: true });
  }

  #scrollTo(index: number, where: 'nearest' | 'center'): void {
    const viewport = this.#viewport;
    const rowPx = this.#rowPx;
    const view = viewport.clientHeight;
    if (!view) return;
    const top = index * rowPx;
    if (where === 'center') viewport.scrollTop = Math.max(0, top - (view - rowPx) / 2);
    else if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + rowPx > viewport.scrollTop + view) viewport.scrollTop = top + rowPx - view;
  }

  #toggle(index: number): void {
    const row = this.#model.rows[index];
    // Closing a row hides what is below it: the focus moves up to it rather than to a stranger.
    if (row?.open && this.#active && descends(this.#active, row)) this.#active = row;
    this.#model.toggle(index);
    this.#draw();
  }

  #reveal(root: number, path: readonly PathSegment[]): boolean {
    const index = this.#model.reveal(root, path);
    if (index < 0) return false;
    this.#current = this.#active = this.#model.rows[index];
    this.#draw();
    this.#scrollTo(index, 'center');
    this.#draw();
    return true;
  }

  #onClick(event: MouseEvent): void {
    const target = event.target as HTMLElement;
    if (target.closest('.actions')) return;
    const el = target.closest<HTMLElement>('.row');
    const row = el && this.#rowOf.get(el);
    if (!row) return;
    const index = this.#model.rows.indexOf(row);
    this.#active = row;
    if (rowExpandable(row)) this.#toggle(index);
    else this.#draw();
    this.#drawn.get(row)?.el.focus({ preventScroll: true });
  }

  #onKeydown(event: KeyboardEvent): void {
    if ((event.target as HTMLElement).closest('.actions') && event.key !== 'ArrowUp' && event.key !== 'ArrowDown')
      return;
    const index = this.#active ? this.#model.rows.indexOf(this.#active) : 0;
    if (!this.#openOrClose(event.key, index)) {
      const to = this.#moveTarget(event.key, index);
      if (to === undefined) return;
      this.#focusRow(to);
    }
    event.preventDefault();
  }

  /** Right opens (or steps into), Left closes (or steps out to the parent), Enter and Space toggle. */
  #openOrClose(key: string, index: number): boolean {
    const row = this.#model.rows[index];
    switch (key) {
      case 'ArrowRight':
        if (row && rowExpandable(row) && !row.open) this.#toggle(index);
        else if (row?.open) this.#focusRow(index + 1);
        return true;
      case 'ArrowLeft':
        if (row?.open) this.#toggle(index);
        else this.#focusRow(this.#model.parentIndex(index) >= 0 ? this.#model.parentIndex(index) : index);
        return true;
      case 'Enter':
      case ' ':
        if (row && rowExpandable(row)) this.#toggle(index);
        return true;
      default:
        return false;
    }
  }

  /** Where Up, Down, Page Up, Page Down, Home and End move the focus from the row at `index`. */
  #moveTarget(key: string, index: number): number | undefined {
    const page = Math.max(
      1,
      Math.floor((this.#viewport.clientHeight || UNMEASURED_ROWS * this.#rowPx) / this.#rowPx) - 1,
    );
    switch (key) {
      case 'ArrowDown':
        return index + 1;
      case 'ArrowUp':
        return index - 1;
      case 'PageDown':
        return index + page;
      case 'PageUp':
        return index - page;
      case 'Home':
        return 0;
      case 'End':
        return this.#model.rows.length - 1;
      default:
        return undefined;
    }
  }
}

/** A row's element: its twisty, key and value (or a group's range), copy buttons, and what a screen reader says. */
function rowElement(row: Row, model: TreeRows, host: RenderHost, rootKey: boolean | undefined): Drawn {
  const el = h('div', { class: 'row', attrs: { role: 'treeitem' } });
  el.style.paddingLeft = `${row.depth * INDENT_PX}px`;
  el.style.setProperty('--depth', String(row.depth));
  el.append(h('span', { class: 'twisty', attrs: { 'aria-hidden': 'true' } }, rowExpandable(row) ? '▸' : ''));
  const { label, value } = row.group ? groupCells(el, row.group, row.node.kind) : entryCells(el, row, host, rootKey);
  const spoken = value.length > ARIA_VALUE_CHARS ? `${value.slice(0, ARIA_VALUE_CHARS)}…` : value;
  el.setAttribute('aria-label', label === undefined ? spoken : `${label}: ${spoken}`);
  el.setAttribute('aria-level', String(row.depth + 1));
  el.setAttribute('aria-setsize', String(row.parent?.kids?.length ?? model.roots.length));
  el.setAttribute('aria-posinset', String(row.position + 1));
  const key = row.group || row.raw ? undefined : matchKey(model.rootOf(row), row.node.path);
  return { el, key };
}

interface RowText {
  label: string | undefined;
  value: string;
}

/** A group of a long array or object: `[100 … 199] (100 items)`. */
function groupCells(el: HTMLElement, group: { start: number; end: number }, kind: string): RowText {
  const label = `[${group.start} … ${group.end - 1}]`;
  const value = `(${plural(group.end - group.start, kind === 'array' ? 'item' : 'key')})`;
  el.append(h('span', { class: 'index' }, label), h('span', { class: 'summary group' }, ` ${value}`));
  return { label, value };
}

/** A key (or index, or line number) and its value, then the copy buttons. */
function entryCells(el: HTMLElement, row: Row, host: RenderHost, rootKey: boolean | undefined): RowText {
  const node = row.node;
  const label = row.label ?? (row.depth === 0 && rootKey === false ? undefined : keyLabel(node));
  if (label !== undefined)
    el.append(
      h('span', { class: row.label ? 'line-number' : typeof node.key === 'number' ? 'index' : 'key' }, label),
      h('span', { class: 'punct' }, row.label ? ' ' : ': '),
    );
  const value = valueCells(el, row);
  el.append(copyActions(row, host));
  return { label, value };
}

/** The value: raw text (a line that is not JSON), a container's summary and preview, or a clipped primitive. */
function valueCells(el: HTMLElement, row: Row): string {
  const node = row.node;
  if (row.raw) {
    append(
      el,
      h('span', { class: 'value raw' }, row.raw.text),
      row.raw.partial && h('span', { class: 'muted' }, ' (cut short)'),
    );
    return row.raw.text;
  }
  if (rowExpandable(row)) {
    const preview = inlinePreview(node);
    el.append(h('span', { class: 'summary' }, summary(node)), h('span', { class: 'preview' }, preview));
    return preview;
  }
  const clipped = primitiveText(node);
  const shown = h('span', { class: `value v-${node.kind}` }, clipped.text);
  if (clipped.text.length > 80) shown.title = clipped.text;
  append(
    el,
    shown,
    clipped.hidden > 0 && h('span', { class: 'muted' }, ` (${plural(clipped.hidden, 'more character')})`),
  );
  return clipped.text;
}

function copyActions(row: Row, host: RenderHost): HTMLElement {
  const path = formatPath(row.node.path);
  return h(
    'span',
    { class: 'actions' },
    copyButton('copy value', () => copyText(row.node), host, { title: 'Copy this value' }),
    copyButton('copy path', () => path, host, {
      title: `Copy the path ${path}, usable in expect: and {{name.body…}}`,
    }),
  );
}
