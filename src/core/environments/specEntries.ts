import type { Node } from 'yaml';
import { lineColumnAt } from '../text/diagnostic';
import { describeNode, isScalar, isSeq, scalarString } from '../yaml/yamlNodes';
import type { SpecEntry } from './environment';

type Report = (node: Node | null | undefined, code: string, message: string) => void;

/**
 * `specs:` in the environments file (top level, or in one environment): a list of paths or globs of local
 * OpenAPI documents, relative to the file. Each entry keeps its place, so a document that fails to load is
 * reported on the entry that named it; `placeSpecEntries` adds line and column once the text is at hand.
 */
export function parseSpecEntries(node: Node | null, owner: string, report: Report): SpecEntry[] | undefined {
  const items =
    node && isSeq(node) ? node.items : node && isScalar(node) && typeof node.value === 'string' ? [node] : undefined;
  if (!items) {
    report(
      node,
      'env-specs',
      `"specs" ${owner} must be a list of OpenAPI document paths or globs relative to this file, e.g. specs: [specs/*.yaml]; it is ${describeNode(node)}.`,
    );
    return undefined;
  }
  const entries: SpecEntry[] = [];
  for (const item of items) {
    const pattern = scalarString(item as Node);
    if (pattern === undefined || pattern.trim() === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(pattern)) {
      report(
        item as Node,
        'env-specs',
        pattern && /:\/\//.test(pattern)
          ? `"${pattern}" is a URL; specs are read from local files only: download the document and name its path.`
          : 'Each "specs" entry must be a path or glob such as specs/*.yaml.',
      );
      continue;
    }
    const [offset, endOffset] = (item as Node).range ?? [0, 1];
    entries.push({ pattern: pattern.trim(), offset, endOffset, line: 0, column: 0 });
  }
  return entries;
}

export function placeSpecEntries(text: string, entries: readonly SpecEntry[] | undefined): void {
  for (const e of entries ?? []) Object.assign(e, lineColumnAt(text, e.offset));
}
