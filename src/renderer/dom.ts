/**
 * The only way drawing code makes elements. Strings always become text nodes, so response data can
 * never be parsed as HTML; there is deliberately no way to set innerHTML here.
 */
import type { RenderHost } from './host';

export type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  /** `data-testid`, for browser end-to-end tests. */
  testid?: string;
  title?: string;
  attrs?: Record<string, string>;
  onClick?: (event: MouseEvent) => void;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.testid) el.setAttribute('data-testid', props.testid);
  if (props.title) el.title = props.title;
  for (const [k, v] of Object.entries(props.attrs ?? {})) el.setAttribute(k, v);
  if (props.onClick) (el as HTMLElement).addEventListener('click', props.onClick);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function button(
  label: Child | Child[],
  onClick: (event: MouseEvent) => void,
  props: Props = {},
): HTMLButtonElement {
  const b = h('button', { ...props, onClick }, ...(Array.isArray(label) ? label : [label]));
  b.type = 'button';
  return b;
}

const FEEDBACK_MS = 1200;

/** A button that copies `text()` and briefly says whether it worked; small and link-like unless `link` is false. */
export function copyButton(
  label: string,
  text: () => string,
  host: RenderHost,
  props: Props = {},
  link = true,
): HTMLButtonElement {
  const b = button(
    label,
    () => {
      void host.copy(text()).then((ok) => {
        b.textContent = ok ? 'Copied' : 'Copy failed';
        setTimeout(() => {
          b.textContent = label;
        }, FEEDBACK_MS);
      });
    },
    { ...props, class: `${link ? 'link-button ' : ''}${props.class ?? ''}`.trim() },
  );
  return b;
}

/** "Open full response", or an explanation when the extension cannot be reached from here. */
export function openFullButton(fullBodyId: string, host: RenderHost): HTMLButtonElement {
  const open = host.openFullResponse;
  const b = button('Open full response', () => open?.(fullBodyId), { class: 'primary', testid: 'open-full-response' });
  if (!open) {
    b.disabled = true;
    b.title = 'Opening the full response needs the Akkuro Notebooks extension, which this view cannot reach.';
  }
  return b;
}

/** A two-column name/value table, e.g. for headers. */
export function pairTable(pairs: ReadonlyArray<readonly [string, string]>, testid: string, empty: string): HTMLElement {
  if (pairs.length === 0) return h('p', { class: 'muted', testid }, empty);
  const body = h('tbody');
  for (const [name, value] of pairs)
    body.append(h('tr', {}, h('th', { attrs: { scope: 'row' } }, name), h('td', {}, value)));
  return h('table', { class: 'pairs', testid }, body);
}
