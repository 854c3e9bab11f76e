/**
 * The search box above a JSON tree: finds keys and values anywhere in the body (not only in what is drawn),
 * opens the way to each match and scrolls to it. Enter and Shift+Enter step through matches, Escape clears.
 * A large body is searched a slice at a time, so typing stays responsive.
 */
import { button, h } from './dom';
import { formatCount } from './format';
import type { TreeHandle } from './renderTree';
import type { RootSpec } from './treeRows';
import { matchKey, TreeSearch, type SearchMatch } from './treeSearch';

/** Time given to the search per slice before the page gets the thread back. */
const SLICE_MS = 12;
/** Wait for a pause in typing before searching a big body again. */
const TYPING_PAUSE_MS = 150;

export function renderSearch(tree: TreeHandle, roots: readonly RootSpec[]): HTMLElement {
  const input = h('input', {
    class: 'search',
    testid: 'tree-search',
    attrs: { type: 'search', placeholder: 'Search keys and values', 'aria-label': 'Search keys and values' },
  });
  const status = h('span', { class: 'muted search-status', testid: 'tree-search-status', attrs: { role: 'status' } });
  let search: TreeSearch | undefined;
  let at = -1;
  let generation = 0;
  let searched = '';
  let typing: ReturnType<typeof setTimeout> | undefined;

  const total = (): string => `${formatCount(search!.matches.length)}${search!.capped ? '+' : ''}`;
  const describe = (): void => {
    if (!search) status.textContent = '';
    else if (search.matches.length === 0) status.textContent = search.done ? 'No matches' : 'Searching…';
    else status.textContent = `${formatCount(at + 1)} of ${total()}${search.done ? '' : '…'}`;
  };
  const show = (index: number): void => {
    if (!search || search.matches.length === 0) return;
    const n = search.matches.length;
    at = ((index % n) + n) % n;
    const m: SearchMatch = search.matches[at];
    tree.reveal(m.root, m.path);
    describe();
  };
  const highlight = (): void => {
    tree.setMatches(new Set(search!.matches.map((m) => matchKey(m.root, m.path))));
  };

  const start = (): void => {
    const query = input.value;
    searched = query;
    const mine = ++generation;
    at = -1;
    search = query.trim() === '' ? undefined : new TreeSearch(roots, query);
    if (!search) {
      tree.setMatches(undefined);
      describe();
      return;
    }
    const slice = (): void => {
      if (mine !== generation || !search) return;
      const done = search.step(performance.now() + SLICE_MS);
      // The first match is shown as soon as it is found; the rest keep coming.
      if (at < 0 && search.matches.length > 0) {
        highlight();
        show(0);
      }
      if (done) highlight();
      describe();
      if (!done) setTimeout(slice, 0);
    };
    slice();
  };

  input.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(start, TYPING_PAUSE_MS);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(typing);
      if (input.value !== searched) start();
      else show(at + (event.shiftKey ? -1 : 1));
    } else if (event.key === 'Escape' && input.value !== '') {
      event.preventDefault();
      event.stopPropagation();
      input.value = '';
      start();
    }
  });

  return h(
    'span',
    { class: 'search-box' },
    input,
    button('↑', () => show(at - 1), {
      class: 'link-button',
      testid: 'tree-search-previous',
      title: 'Previous match (Shift+Enter)',
      attrs: { 'aria-label': 'Previous match' },
    }),
    button('↓', () => show(at + 1), {
      class: 'link-button',
      testid: 'tree-search-next',
      title: 'Next match (Enter)',
      attrs: { 'aria-label': 'Next match' },
    }),
    status,
  );
}
