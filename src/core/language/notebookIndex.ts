import { cellNameOf, HTTP_METHODS } from '../request/cell';
import type { NameSet, NotebookFacts } from './languageTypes';

const METHOD_LINE = new RegExp(`^(?:${HTTP_METHODS.join('|')})[ \\t]*:[ \\t]+(["']?)([^\\s#"']+)\\1`, 'gm');
const API_VERSION_LINE = /^apiVersion[ \t]*:[ \t]*["']?(\d{4}\.\d+\.\d+)["']?[ \t]*(?:#.*)?$/gm;
const TEMPLATE_HEAD = /\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)/g;

/** One lenient read of a request cell: what other cells can see of it, and what it reads from them. */
export interface CellFacts {
  name?: string;
  /** `apiVersion:` values it writes. */
  versions: string[];
  /** URLs of its method lines. */
  paths: string[];
  /** Heads of its `{{…}}` templates: response names or environment variables. */
  refs: string[];
}

export function readCellFacts(text: string): CellFacts {
  return {
    name: cellNameOf(text),
    versions: [...text.matchAll(API_VERSION_LINE)].map((m) => m[1]),
    paths: [...text.matchAll(METHOD_LINE)].map((m) => m[2]),
    refs: [...new Set([...text.matchAll(TEMPLATE_HEAD)].map((m) => m[1]))],
  };
}

interface Entry<K> {
  key: K;
  text: string;
  facts: CellFacts;
}

/**
 * What the request cells of one notebook tell each other, kept current edit by edit, and which cells an
 * edit can change the diagnostics of. A cell's diagnostics depend on its own text, on where the names it
 * references are defined (above, below, nowhere), on the names around it when it references something
 * unknown ("did you mean"), and on the api-versions other cells pin. So an edit that keeps the cell's
 * name and api-versions affects that cell only; a rename affects the cells that reference either name and
 * those with unknown references; moving cells affects every cell.
 * Keys are whatever the face identifies cells by (VS Code's NotebookCell objects, indexes in a test).
 */
export class NotebookIndex<K> {
  private entries: Entry<K>[] = [];
  private readonly at = new Map<K, number>();
  /** Positions of the cells that carry each name, ascending. */
  private names = new Map<string, number[]>();
  private versionCounts = new Map<string, number>();
  /** How many request cells use each URL on a method line (kept edit by edit). */
  private pathCounts = new Map<string, number>();
  private variables: ReadonlySet<string> = new Set();

  keys(): K[] {
    return this.entries.map((e) => e.key);
  }

  text(key: K): string | undefined {
    const i = this.at.get(key);
    return i === undefined ? undefined : this.entries[i].text;
  }

  /**
   * The environment's variable names: a reference to one of them is resolved, so its cell does not need
   * checking again when names change. Returns every cell (the environment changed).
   */
  setVariables(names: Iterable<string>): Set<K> {
    this.variables = new Set(names);
    return new Set(this.keys());
  }

  /** The request cells in notebook order. Returns the cells whose diagnostics may have changed. */
  setCells(cells: ReadonlyArray<{ key: K; text: string }>): Set<K> {
    const old = this.entries;
    const oldAt = new Map(this.at);
    const dirty = new Set<K>();
    const changedNames = new Set<string>();
    let moved = false;
    let lastOld = -1;
    this.entries = cells.map(({ key, text }) => {
      const i = oldAt.get(key);
      const prev = i === undefined ? undefined : old[i];
      if (i !== undefined) {
        if (i < lastOld) moved = true;
        lastOld = i;
      }
      if (prev && prev.text === text) return prev;
      dirty.add(key);
      const facts = readCellFacts(text);
      if (prev?.facts.name !== facts.name) {
        if (prev?.facts.name) changedNames.add(prev.facts.name);
        if (facts.name) changedNames.add(facts.name);
      }
      return { key, text, facts };
    });
    this.at.clear();
    this.entries.forEach((e, i) => this.at.set(e.key, i));
    for (const [key, i] of oldAt) {
      if (this.at.has(key)) continue;
      const name = old[i].facts.name;
      if (name) changedNames.add(name);
    }
    const versionsBefore = this.rankedVersions();
    this.rebuild();
    if (moved) return new Set(this.keys());
    this.addDependents(dirty, changedNames, versionsBefore);
    return dirty;
  }

  /** One cell's new text. Returns the cells whose diagnostics may have changed: itself, and its dependents. */
  setText(key: K, text: string): Set<K> {
    const i = this.at.get(key);
    if (i === undefined) return new Set();
    const prev = this.entries[i];
    if (prev.text === text) return new Set();
    const facts = readCellFacts(text);
    this.entries[i] = { key, text, facts };
    countPaths(this.pathCounts, prev.facts.paths, -1);
    countPaths(this.pathCounts, facts.paths, 1);
    const dirty = new Set<K>([key]);
    const renamed = prev.facts.name !== facts.name;
    const versionsChanged = prev.facts.versions.join() !== facts.versions.join();
    if (!renamed && !versionsChanged) return dirty;
    const versionsBefore = this.rankedVersions();
    this.rebuild();
    const changedNames = new Set([prev.facts.name, facts.name].filter((n): n is string => !!n));
    this.addDependents(dirty, changedNames, versionsBefore);
    return dirty;
  }

  /** Cells that read the response named `name` (to recheck after it ran and its response changed). */
  readersOf(name: string): Set<K> {
    return new Set(this.entries.filter((e) => e.facts.refs.includes(name)).map((e) => e.key));
  }

  /** What the other request cells tell the cell `key`: names above and below it, their api-versions and URLs. */
  facts(key: K): NotebookFacts {
    const index = this.at.get(key) ?? this.entries.length;
    const own = this.entries[index]?.facts;
    const counts = new Map(this.versionCounts);
    for (const v of own?.versions ?? []) counts.set(v, counts.get(v)! - 1);
    const apiVersions = [...counts]
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0]))
      .map(([v]) => v);
    const mine = new Map<string, number>();
    countPaths(mine, own?.paths ?? [], 1);
    const paths: string[] = [];
    for (const [path, n] of this.pathCounts) if (n > (mine.get(path) ?? 0)) paths.push(path);
    return {
      earlierNames: new NamesBeside(this.names, index, true),
      laterNames: new NamesBeside(this.names, index, false),
      apiVersions,
      paths,
    };
  }

  private rebuild(): void {
    this.names = new Map();
    this.versionCounts = new Map();
    this.pathCounts = new Map();
    this.entries.forEach((e, i) => {
      countPaths(this.pathCounts, e.facts.paths, 1);
      const name = e.facts.name;
      if (name) {
        const positions = this.names.get(name);
        if (positions) positions.push(i);
        else this.names.set(name, [i]);
      }
      for (const v of e.facts.versions) this.versionCounts.set(v, (this.versionCounts.get(v) ?? 0) + 1);
    });
  }

  private rankedVersions(): string {
    return [...this.versionCounts]
      .sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0]))
      .map(([v, n]) => `${v}:${n}`)
      .join();
  }

  /**
   * Cells that reference a changed name, cells with a reference nothing above them resolves (their
   * "did you mean" can change), and, when the api-versions in use changed, cells that pin none.
   */
  private addDependents(dirty: Set<K>, changedNames: ReadonlySet<string>, versionsBefore: string): void {
    const versionsChanged = versionsBefore !== this.rankedVersions();
    if (changedNames.size === 0 && !versionsChanged) return;
    this.entries.forEach((e, i) => {
      if (dirty.has(e.key)) return;
      const { refs, versions } = e.facts;
      const affected =
        (versionsChanged && versions.length === 0) ||
        refs.some((r) => changedNames.has(r) || (!this.variables.has(r) && !((this.names.get(r)?.[0] ?? i) < i)));
      if (affected) dirty.add(e.key);
    });
  }
}

function countPaths(counts: Map<string, number>, paths: readonly string[], by: 1 | -1): void {
  for (const p of paths) {
    const n = (counts.get(p) ?? 0) + by;
    if (n > 0) counts.set(p, n);
    else counts.delete(p);
  }
}

/**
 * The names defined above (or below) one position, read from the index's map of names without copying it:
 * a lookup costs the same in a notebook of 1,000 cells as in one of 10. The map is replaced, never changed,
 * when names change, so a view stays true to the notebook as it was when it was made.
 */
class NamesBeside implements NameSet {
  constructor(
    private readonly names: ReadonlyMap<string, readonly number[]>,
    private readonly index: number,
    private readonly above: boolean,
  ) {}

  has(name: string): boolean {
    const at = this.names.get(name);
    return at !== undefined && (this.above ? at[0] < this.index : at[at.length - 1] > this.index);
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const name of this.names.keys()) if (this.has(name)) yield name;
  }
}
