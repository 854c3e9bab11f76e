import { HTTP_METHODS } from '../core/request/cell';
import type { RunResult } from '../contract/response';
import type { RequestCounts } from './requestCounts';

/** One request cell that ran. */
export interface CellReport {
  /** 1-based position in the notebook, markdown cells included: the cell a person counts to in the file. */
  index: number;
  name?: string;
  /** `METHOD url` as sent, or as written when the cell never got that far. */
  label: string;
  result: RunResult;
}

/** A request cell that did not run because of `--bail` or an interrupt. */
export interface SkippedCell {
  index: number;
  name?: string;
  label: string;
  reason: 'bail' | 'interrupted';
}

export interface NotebookReport {
  /** As given on the command line (relative paths stay relative), for people and CI annotations. */
  path: string;
  environment: string;
  /** The white label asked for with --label (with --label all, one report per notebook and label). */
  label?: string;
  startedAt: string;
  durationMs: number;
  cells: CellReport[];
  skipped: SkippedCell[];
  /** The requests its cells sent, token requests they started included. */
  requests?: RequestCounts;
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
}

export interface RunReport {
  version: string;
  /** The environment every notebook ran against, or the names joined with ", " when they differ. */
  environment: string;
  startedAt: string;
  durationMs: number;
  summary: Summary;
  notebooks: NotebookReport[];
  /** Why the run stopped early, if it did. */
  stopped?: 'bail' | 'interrupted';
  /** Every request the run sent, token requests included, and per client. */
  requests?: RequestCounts;
  /** The --budget the run had. */
  budget?: number;
}

export function summarize(notebooks: readonly NotebookReport[]): Summary {
  const summary: Summary = { passed: 0, failed: 0, skipped: 0 };
  for (const nb of notebooks) {
    for (const cell of nb.cells) {
      if (cell.result.outcome === 'passed') summary.passed++;
      else summary.failed++;
    }
    summary.skipped += nb.skipped.length;
  }
  return summary;
}

const METHOD_LINE = new RegExp(`^[ \\t]*["']?(${HTTP_METHODS.join('|')})["']?[ \\t]*:[ \\t]*(.*?)[ \\t]*$`, 'm');

/**
 * `METHOD url` for a cell: the URL as sent when the request got that far, else the method line as
 * written (read leniently, because a cell that failed to parse still needs a readable label).
 */
export function cellLabel(text: string, result: RunResult | undefined, index: number): string {
  if (result?.request) return `${result.request.method} ${result.request.url}`;
  const m = METHOD_LINE.exec(text);
  if (!m) return `cell ${index}`;
  const url = m[2].replace(/[ \t]+#.*$/, '').replace(/^(["'])(.*)\1$/, '$2');
  return url ? `${m[1]} ${url}` : m[1];
}
