import type { NotebookFacts } from './languageTypes';
import { NotebookIndex } from './notebookIndex';

/**
 * What the other request cells of a notebook tell the cell at `index`: the names above and below it,
 * the api-versions and URLs they use. Read leniently from text, so a half-written cell still counts.
 * `requestCells` holds the texts of the request cells only, in notebook order. An editor that keeps a
 * notebook open keeps a NotebookIndex instead, which also says which cells an edit affects.
 */
export function collectNotebookFacts(requestCells: readonly string[], index: number): NotebookFacts {
  return indexOf(requestCells).facts(index);
}

/** The facts of every cell at once, reading each cell's text only once (diagnostics of a whole notebook). */
export function collectAllNotebookFacts(requestCells: readonly string[]): NotebookFacts[] {
  const index = indexOf(requestCells);
  return requestCells.map((_, i) => index.facts(i));
}

function indexOf(requestCells: readonly string[]): NotebookIndex<number> {
  const index = new NotebookIndex<number>();
  index.setCells(requestCells.map((text, key) => ({ key, text })));
  return index;
}
