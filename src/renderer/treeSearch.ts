/**
 * Finds keys and values in a parsed body, in document order, a slice at a time: a 5 MB body takes longer to
 * search than a frame, so the caller runs `step` until a deadline and lets the page breathe in between.
 */
import { formatPath, type PathSegment } from '../contract/jsonPathFormat';
import type { RootSpec } from './treeRows';

/** The search stops counting here; the status says "10,000+". */
export const MAX_MATCHES = 10_000;
/** How many values are looked at between two looks at the clock. */
const CHECK_EVERY = 512;

export interface SearchMatch {
  /** Which root (0 for a JSON body; the line for JSON Lines). */
  root: number;
  path: PathSegment[];
  /** Whether the key or the value matched (a key that matches is reported once, before its value). */
  field: 'key' | 'value';
}

interface Frame {
  root: number;
  value: unknown;
  path: PathSegment[];
  keys?: string[];
  next: number;
  length: number;
}

/** The identity of a row a match points at, to highlight the rows that are drawn. */
export function matchKey(root: number, path: readonly PathSegment[]): string {
  return `${root}:${formatPath(path)}`;
}

function primitive(value: unknown): string {
  return value === null || value === undefined ? 'null' : String(value);
}

export class TreeSearch {
  readonly matches: SearchMatch[] = [];
  /** True once everything was searched or MAX_MATCHES were found. */
  done = false;
  /** True when it stopped at MAX_MATCHES. */
  capped = false;
  private readonly needle: string;
  private readonly stack: Frame[] = [];
  private root = 0;

  constructor(
    private readonly roots: readonly RootSpec[],
    query: string,
  ) {
    this.needle = query.trim().toLowerCase();
    this.done = this.needle === '';
  }

  /** Searches until `deadline` (a `now()` time) or the end; returns `done`. */
  step(deadline: number, now: () => number = () => performance.now()): boolean {
    let work = 0;
    while (!this.done) {
      if (++work % CHECK_EVERY === 0 && now() >= deadline) return false;
      const frame = this.stack[this.stack.length - 1];
      if (!frame) {
        if (this.root >= this.roots.length) this.done = true;
        else this.startRoot(this.roots[this.root], this.root++);
        continue;
      }
      if (frame.next >= frame.length) {
        this.stack.pop();
        continue;
      }
      const i = frame.next++;
      const key = frame.keys ? frame.keys[i] : i;
      const value = frame.keys ? (frame.value as Record<string, unknown>)[key] : (frame.value as unknown[])[i];
      // A row is one match, whether its key, its value or both match; paths are only made when needed.
      const keyHit = frame.keys !== undefined && this.hit(key as string);
      if (keyHit) this.add({ root: frame.root, path: [...frame.path, key], field: 'key' });
      if (value !== null && typeof value === 'object') this.visit(frame.root, value, [...frame.path, key]);
      else if (!keyHit && this.hit(primitive(value)))
        this.add({ root: frame.root, path: [...frame.path, key], field: 'value' });
    }
    return true;
  }

  private startRoot(spec: RootSpec, root: number): void {
    if ('raw' in spec) {
      if (this.hit(spec.raw)) this.add({ root, path: [], field: 'value' });
    } else this.visit(root, spec.value, []);
  }

  private visit(root: number, value: unknown, path: PathSegment[]): void {
    if (value !== null && typeof value === 'object') {
      const keys = Array.isArray(value) ? undefined : Object.keys(value);
      const length = keys ? keys.length : (value as unknown[]).length;
      if (length > 0) this.stack.push({ root, value, path, keys, next: 0, length });
      return;
    }
    if (this.hit(primitive(value))) this.add({ root, path, field: 'value' });
  }

  private hit(text: string): boolean {
    return text.toLowerCase().includes(this.needle);
  }

  private add(match: SearchMatch): void {
    if (this.done) return;
    this.matches.push(match);
    if (this.matches.length >= MAX_MATCHES) {
      this.capped = true;
      this.done = true;
    }
  }
}
