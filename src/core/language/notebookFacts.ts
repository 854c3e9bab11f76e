import { cellNameOf, HTTP_METHODS } from '../cell';
import type { CellScope } from './languageTypes';

const METHOD_LINE = new RegExp(`^(?:${HTTP_METHODS.join('|')})[ \\t]*:[ \\t]+(["']?)([^\\s#"']+)\\1`, 'gm');
const API_VERSION_LINE = /^apiVersion[ \t]*:[ \t]*["']?(\d{4}\.\d+\.\d+)["']?[ \t]*(?:#.*)?$/gm;

export type NotebookFacts = Pick<CellScope, 'earlierNames' | 'laterNames' | 'apiVersions' | 'paths'>;

/**
 * What the other request cells of a notebook tell the cell at `index`: the names above and below it,
 * the api-versions and URLs they use. Read leniently from text, so a half-written cell still counts.
 * `requestCells` holds the texts of the request cells only, in notebook order.
 */
export function collectNotebookFacts(requestCells: readonly string[], index: number): NotebookFacts {
  const earlierNames = new Set<string>();
  const laterNames = new Set<string>();
  const versionCounts = new Map<string, number>();
  const paths: string[] = [];
  requestCells.forEach((text, i) => {
    if (i === index) return;
    const name = cellNameOf(text);
    if (name) (i < index ? earlierNames : laterNames).add(name);
    for (const m of text.matchAll(API_VERSION_LINE)) versionCounts.set(m[1], (versionCounts.get(m[1]) ?? 0) + 1);
    for (const m of text.matchAll(METHOD_LINE)) if (!paths.includes(m[2])) paths.push(m[2]);
  });
  const apiVersions = [...versionCounts].sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0])).map(([v]) => v);
  return { earlierNames, laterNames, apiVersions, paths };
}
