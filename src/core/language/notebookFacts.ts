import { cellNameOf, HTTP_METHODS } from '../request/cell';
import type { CellScope } from './languageTypes';

const METHOD_LINE = new RegExp(`^(?:${HTTP_METHODS.join('|')})[ \\t]*:[ \\t]+(["']?)([^\\s#"']+)\\1`, 'gm');
const API_VERSION_LINE = /^apiVersion[ \t]*:[ \t]*["']?(\d{4}\.\d+\.\d+)["']?[ \t]*(?:#.*)?$/gm;

export type NotebookFacts = Pick<CellScope, 'earlierNames' | 'laterNames' | 'apiVersions' | 'paths'>;

interface CellFacts {
  name?: string;
  versions: string[];
  paths: string[];
}

/** One lenient read of a cell: its name, the api-versions and URLs it writes. */
function readCell(text: string): CellFacts {
  return {
    name: cellNameOf(text),
    versions: [...text.matchAll(API_VERSION_LINE)].map((m) => m[1]),
    paths: [...text.matchAll(METHOD_LINE)].map((m) => m[2]),
  };
}

function factsAt(cells: readonly CellFacts[], index: number): NotebookFacts {
  const earlierNames = new Set<string>();
  const laterNames = new Set<string>();
  const versionCounts = new Map<string, number>();
  const paths = new Set<string>();
  cells.forEach((cell, i) => {
    if (i === index) return;
    if (cell.name) (i < index ? earlierNames : laterNames).add(cell.name);
    for (const v of cell.versions) versionCounts.set(v, (versionCounts.get(v) ?? 0) + 1);
    for (const p of cell.paths) paths.add(p);
  });
  const apiVersions = [...versionCounts].sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0])).map(([v]) => v);
  return { earlierNames, laterNames, apiVersions, paths: [...paths] };
}

/**
 * What the other request cells of a notebook tell the cell at `index`: the names above and below it,
 * the api-versions and URLs they use. Read leniently from text, so a half-written cell still counts.
 * `requestCells` holds the texts of the request cells only, in notebook order.
 */
export function collectNotebookFacts(requestCells: readonly string[], index: number): NotebookFacts {
  return factsAt(requestCells.map(readCell), index);
}

/** The facts of every cell at once, reading each cell's text only once (diagnostics of a whole notebook). */
export function collectAllNotebookFacts(requestCells: readonly string[]): NotebookFacts[] {
  const cells = requestCells.map(readCell);
  return cells.map((_, i) => factsAt(cells, i));
}
