/**
 * The last runs of each request cell, newest first, bounded in count per cell and in body size per run.
 * Results are already redacted when they reach it; they pass through the Redactor once more on the way in,
 * since a token learned later must not survive in a run kept from before. What it keeps goes to disk only
 * when the user opts in (the extension's `akkuro.history.persist`), through `snapshot()` with a size cap.
 */
import type { RunResult } from '../../contract/response';
import type { Redactor } from '../http/redact';
import { boundResult } from './boundResult';

export interface HistoryEntry {
  id: string;
  /** ISO time the run started. */
  ranAt: string;
  environment: string;
  client?: string;
  label?: string;
  outcome: 'passed' | 'failed';
  status?: number;
  totalMs?: number;
  /** A failure's headline. */
  title?: string;
  /** The run as it was shown, bounded; never holds `runId`/`earlier` marks. */
  result: RunResult;
  /** Made only to compare (Compare with Environment…): kept here, never the run a cell's output shows. */
  compareOnly?: true;
}

export interface HistoryLimits {
  runsPerCell: number;
  /** Bytes of response (and request) body kept per run. */
  bodyBytes: number;
}

export const DEFAULT_HISTORY_LIMITS: Readonly<HistoryLimits> = { runsPerCell: 10, bodyBytes: 256 * 1024 };
export const HISTORY_FORMAT = 1;

/** What is written to the extension's workspace storage when persistence is on. */
export interface PersistedHistory {
  format: typeof HISTORY_FORMAT;
  cells: Array<{ key: string; entries: HistoryEntry[] }>;
}

export class RunHistory {
  private readonly cells = new Map<string, HistoryEntry[]>();
  private limits: HistoryLimits;

  constructor(
    limits: Partial<HistoryLimits> = {},
    private readonly redactor?: Redactor,
  ) {
    this.limits = { ...DEFAULT_HISTORY_LIMITS, ...limits };
  }

  /** Records a run of the cell `key`; the oldest runs beyond the limit are dropped. */
  add(key: string, id: string, environment: string, result: RunResult, { compareOnly = false } = {}): HistoryEntry {
    const safe = this.redactor ? this.redactor.redactDeep(result) : result;
    const bounded = boundResult(strip(safe), this.limits.bodyBytes);
    const env = bounded.environment;
    const entry: HistoryEntry = {
      id,
      ranAt: bounded.startedAt,
      environment,
      ...(env?.client ? { client: env.client } : {}),
      ...(env?.label ? { label: env.label } : {}),
      outcome: bounded.outcome,
      ...(bounded.kind === 'response'
        ? { status: bounded.status, totalMs: bounded.timings.totalMs }
        : { title: bounded.title }),
      result: bounded,
      ...(compareOnly ? { compareOnly: true as const } : {}),
    };
    const list = [entry, ...(this.cells.get(key) ?? [])];
    list.length = Math.min(list.length, this.limits.runsPerCell);
    this.cells.set(key, list);
    return entry;
  }

  /** Newest first. */
  list(key: string): readonly HistoryEntry[] {
    return this.cells.get(key) ?? [];
  }

  find(id: string): { key: string; entry: HistoryEntry } | undefined {
    for (const [key, list] of this.cells) {
      const entry = list.find((e) => e.id === id);
      if (entry) return { key, entry };
    }
    return undefined;
  }

  /** Moves the runs kept under one key to another (a cell seen again under a new identity). */
  rename(from: string, to: string): void {
    const list = this.cells.get(from);
    if (!list || from === to) return;
    this.cells.delete(from);
    const merged = [...(this.cells.get(to) ?? []), ...list].sort(newestFirst);
    this.cells.set(to, merged.slice(0, this.limits.runsPerCell));
  }

  setRunsPerCell(n: number): void {
    this.limits = { ...this.limits, runsPerCell: Math.max(1, Math.floor(n)) };
    for (const list of this.cells.values()) list.length = Math.min(list.length, this.limits.runsPerCell);
  }

  delete(key: string): void {
    this.cells.delete(key);
  }

  clear(): void {
    this.cells.clear();
  }

  get size(): number {
    let n = 0;
    for (const list of this.cells.values()) n += list.length;
    return n;
  }

  /**
   * The whole history within `maxBytes` of JSON: the oldest runs (across all cells) are left out first.
   * Ids of in-memory full bodies are dropped: they mean nothing in another session. `storedKey` names each
   * cell for the next session; cells it gives no name (unsaved notebooks) are left out.
   */
  snapshot(
    maxBytes: number,
    storedKey: (key: string) => string | undefined = (key) => key,
  ): { data: PersistedHistory; json: string; dropped: number } {
    const all = [...this.cells].flatMap(([cell, list]) => {
      const key = storedKey(cell);
      return key === undefined ? [] : list.map((entry) => ({ key, entry }));
    });
    all.sort((a, b) => newestFirst(a.entry, b.entry));
    const kept = new Map<string, HistoryEntry[]>();
    let bytes = 40;
    let dropped = 0;
    for (const { key, entry } of all) {
      const persisted = { ...entry, result: withoutFullBody(entry.result) };
      const size = Buffer.byteLength(JSON.stringify(persisted)) + (kept.has(key) ? 1 : Buffer.byteLength(key) + 30);
      if (bytes + size > maxBytes) {
        dropped++;
        continue;
      }
      bytes += size;
      const list = kept.get(key) ?? [];
      list.push(persisted);
      kept.set(key, list);
    }
    const data: PersistedHistory = {
      format: HISTORY_FORMAT,
      cells: [...kept].map(([key, entries]) => ({ key, entries })),
    };
    return { data, json: JSON.stringify(data), dropped };
  }

  /** Reads a snapshot back; anything that does not look like one is ignored. Returns the runs restored. */
  restore(data: unknown): number {
    if (!isRecord(data) || data.format !== HISTORY_FORMAT || !Array.isArray(data.cells)) return 0;
    let restored = 0;
    for (const cell of data.cells) {
      if (!isRecord(cell) || typeof cell.key !== 'string' || !Array.isArray(cell.entries)) continue;
      const entries = cell.entries.filter(isEntry).map((e): HistoryEntry => {
        const { compareOnly, ...safe } = this.redactor ? this.redactor.redactDeep(e) : e;
        return {
          ...safe,
          ...(compareOnly === true ? { compareOnly } : {}),
          result: boundResult(strip(safe.result), this.limits.bodyBytes),
        };
      });
      if (!entries.length) continue;
      const merged = [...(this.cells.get(cell.key) ?? []), ...entries];
      merged.sort(newestFirst);
      merged.length = Math.min(merged.length, this.limits.runsPerCell);
      this.cells.set(cell.key, merged);
      restored += entries.length;
    }
    return restored;
  }
}

function newestFirst(a: HistoryEntry, b: HistoryEntry): number {
  return a.ranAt < b.ranAt ? 1 : a.ranAt > b.ranAt ? -1 : 0;
}

/** The history's own marks are added when an entry is shown, never kept. */
function strip(result: RunResult): RunResult {
  if (result.runId === undefined && result.earlier === undefined) return result;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { runId, earlier, ...rest } = result;
  return rest as RunResult;
}

function withoutFullBody(result: RunResult): RunResult {
  if (result.kind !== 'response' || result.fullBodyId === undefined) return result;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { fullBodyId, ...rest } = result;
  return rest;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEntry(v: unknown): v is HistoryEntry {
  if (!isRecord(v) || typeof v.id !== 'string' || typeof v.ranAt !== 'string' || typeof v.environment !== 'string')
    return false;
  const r = v.result;
  if (!isRecord(r) || typeof r.startedAt !== 'string') return false;
  if (r.kind === 'failure') return typeof r.title === 'string' && typeof r.message === 'string';
  return (
    r.kind === 'response' &&
    typeof r.status === 'number' &&
    isRecord(r.body) &&
    typeof r.body.text === 'string' &&
    isRecord(r.request) &&
    isRecord(r.timings) &&
    Array.isArray(r.headers)
  );
}
