import type { BodyModel, RunResult } from '../../contract/response';
import { valueText } from '../../contract/valueText';
import { formatBytes } from '../../core/text/plainText';
import type { CellReport, NotebookReport, RunReport } from '../report';

/** What the reports people read say about one cell, derived once from the result model. */

export interface FailedCell {
  notebook: NotebookReport;
  cell: CellReport;
}

/**
 * How every report names a notebook run: its path, and the white label asked for with --label (`--label all`
 * runs each notebook once per label, and the runs must be told apart).
 */
export function notebookTitle(nb: { path: string; label?: string }): string {
  return nb.label ? `${nb.path} [label ${nb.label}]` : nb.path;
}

/** How many notebooks a run covers: `2 notebooks`, or with --label all `1 notebook × 2 white labels`. */
export function notebookCount(runs: ReadonlyArray<{ path: string; label?: string }>): string {
  const paths = new Set(runs.map((r) => r.path)).size;
  const labels = new Set(runs.flatMap((r) => (r.label ? [r.label] : []))).size;
  const notebooks = `${paths} notebook${paths === 1 ? '' : 's'}`;
  if (labels < 2) return notebooks;
  return paths * labels === runs.length
    ? `${notebooks} × ${labels} white labels`
    : `${notebooks} in ${runs.length} runs, one per white label`;
}

/** Every failed cell of the run, in notebook and cell order. */
export function failedCells(report: RunReport): FailedCell[] {
  return report.notebooks.flatMap((notebook) =>
    notebook.cells.filter((c) => c.result.outcome === 'failed').map((cell) => ({ notebook, cell })),
  );
}

/** A stable sort that puts failed items first and keeps the file's order otherwise. */
export function failuresFirst<T>(items: readonly T[], failed: (item: T) => boolean): T[] {
  return [...items.filter(failed), ...items.filter((i) => !failed(i))];
}

export function notebookFailed(nb: NotebookReport): boolean {
  return nb.cells.some((c) => c.result.outcome === 'failed');
}

/** One line saying why a cell failed: its first failing check, or the failure's headline. */
export function firstFailure(r: RunResult): string {
  if (r.kind === 'failure') return `${r.title}: ${firstLine(r.message)}`;
  const failed = r.assertions.find((a) => !a.passed);
  return failed ? failed.message : `status ${r.status}`;
}

/** `200 OK`, or the failure's category when there was no response. */
export function statusText(r: RunResult): string {
  if (r.kind === 'failure') return r.title;
  return `${r.status}${r.statusText ? ` ${r.statusText}` : ''}`;
}

/** The URL relative to the environment's base URL when it lies under it: shorter, and the same on every machine. */
export function shortUrl(r: RunResult, label: string): string {
  const base = r.environment?.baseUrl.replace(/\/+$/, '');
  if (!r.request || !base) return label;
  const { method, url } = r.request;
  return url.startsWith(`${base}/`) ? `${method} ${url.slice(base.length)}` : `${method} ${url}`;
}

/** A value as JSON, bounded: `"Jane"`, `200`, `(nothing)` for undefined. */
export function showValue(value: unknown, max = 2000): string {
  return valueText(value, max, '(nothing)');
}

export interface BodyExcerpt {
  /** The text to show; empty when the body is empty or not text. */
  text: string;
  /** What the excerpt is: type and size, and how much of it is shown. */
  caption: string;
}

/**
 * At most `maxChars` of the body: pretty-printed when it is complete JSON, as received otherwise; binary
 * bodies are described, never shown. The body model is already redacted and bounded by the core.
 */
export function bodyExcerpt(body: BodyModel, maxChars: number): BodyExcerpt {
  const type = body.contentType || 'no content type';
  if (body.view === 'empty' || body.size === 0) return { text: '', caption: `empty (${type})` };
  if (body.encoding !== 'utf8') return { text: '', caption: `${formatBytes(body.size)} of ${type}, not shown` };
  let text = body.text;
  if (body.view === 'json' && !body.truncated) {
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      /* shown as received */
    }
  }
  const cut = text.length > maxChars || body.truncated;
  return {
    text: text.length > maxChars ? `${text.slice(0, maxChars)}…` : text,
    caption: cut
      ? `${type}, ${formatBytes(body.size)}; the first ${Math.min(maxChars, text.length)} characters shown`
      : `${type}, ${formatBytes(body.size)}`,
  };
}

export function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : `${s.slice(0, i)} …`;
}
