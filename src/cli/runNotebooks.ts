import { performance } from 'node:perf_hooks';
import { cellNameOf } from '../core/request/cell';
import type { Environment } from '../core/environments/environment';
import type { FailureModel, RunResult } from '../contract/response';
import { runCell, type RunContext } from '../core/run/run';
import { VERSION } from '../core/version';
import type { PlannedNotebook } from './plan';
import { notebookContext } from './notebookContext';
import { cellLabel, summarize, type CellReport, type NotebookReport, type RunReport, type SkippedCell } from './report';
import type { RunEngine } from '../core/engine';
import type { ContractContext } from '../core/openapi/contractCheck';
import type { RunBudget } from '../core/budget/quota';
import { RequestTally } from './requestCounts';

export type ReadyNotebook = PlannedNotebook & { environment: Environment };

export interface RunSettings {
  notebooks: readonly ReadyNotebook[];
  engine: RunEngine;
  cwd: string;
  variables: Readonly<Record<string, string>>;
  bail: boolean;
  parallel: number;
  allowProtected: boolean;
  timeoutMs?: number;
  /** Aborted on SIGINT: in-flight requests are cancelled and nothing new starts. */
  signal: AbortSignal;
  /** OpenAPI documents by environment name, for `schema: true` and --check-schema. */
  contracts?: ReadonlyMap<string, ContractContext>;
  /** --retries and --delay. */
  sending?: { retries?: number; delayMs?: number };
  /** --budget: every cell reserves the most requests it may send before it sends any; a retry reserves one. */
  budget?: RunBudget;
}

/** Told as the run goes, so the console can stream; the json and junit reporters only read the final report. */
export interface RunListener {
  notebookStarted?(index: number, notebook: ReadyNotebook): void;
  cellFinished?(index: number, cell: CellReport): void;
  notebookFinished?(index: number, report: NotebookReport): void;
}

const ALLOW_PROTECTED_HINT = 'Pass --allow-protected to send requests other than GET/HEAD to a protected environment.';

/** Runs the notebooks, up to `parallel` at once, each cell through the core's runCell. */
export async function runNotebooks(settings: RunSettings, listener: RunListener = {}): Promise<RunReport> {
  const startedAt = new Date();
  const started = performance.now();
  const state: { stopped?: 'bail' | 'interrupted' } = {};
  const reports: NotebookReport[] = new Array(settings.notebooks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < settings.notebooks.length && !state.stopped) {
      const i = next++;
      listener.notebookStarted?.(i, settings.notebooks[i]);
      reports[i] = await runNotebook(settings.notebooks[i], settings, state, (cell) =>
        listener.cellFinished?.(i, cell),
      );
      listener.notebookFinished?.(i, reports[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.parallel, settings.notebooks.length) }, worker));
  for (let i = 0; i < settings.notebooks.length; i++) {
    if (reports[i]) continue;
    const nb = settings.notebooks[i];
    reports[i] = {
      path: nb.path,
      environment: nb.environmentName,
      ...(nb.label ? { label: nb.label } : {}),
      startedAt: new Date().toISOString(),
      durationMs: 0,
      cells: [],
      skipped: skippedFrom(nb, 0, state.stopped ?? 'interrupted'),
    };
    listener.notebookStarted?.(i, nb);
    listener.notebookFinished?.(i, reports[i]);
  }
  const names = [...new Set(settings.notebooks.map((n) => n.environmentName))];
  return {
    version: VERSION,
    environment: names.join(', '),
    startedAt: startedAt.toISOString(),
    durationMs: round(performance.now() - started),
    summary: summarize(reports),
    notebooks: reports,
    ...(state.stopped ? { stopped: state.stopped } : {}),
  };
}

async function runNotebook(
  nb: ReadyNotebook,
  settings: RunSettings,
  state: { stopped?: 'bail' | 'interrupted' },
  onCell: (cell: CellReport) => void,
): Promise<NotebookReport> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const { engine, budget } = settings;
  const tally = new RequestTally();
  const base = notebookContext(nb, nb.environment, { ...settings, allowed: settings.allowProtected });
  const ctx: RunContext = {
    ...base,
    hooks: {
      ...base.hooks,
      counted: (sent) => tally.add(sent.kind, sent.environment, sent.client),
      ...(budget
        ? {
            allowRequests: (ask) =>
              budget.reserve(ask.requests, ask.reason === 'cell' ? `The cell ${ask.request}` : `A ${ask.request}`),
          }
        : {}),
    },
    ...(settings.sending ? { sending: settings.sending } : {}),
  };
  const contract = settings.contracts?.get(nb.environment.name);
  if (contract) ctx.contract = contract;
  const cells: CellReport[] = [];
  const cellsOfNotebook = nb.notebook.cells;
  for (let i = 0; i < cellsOfNotebook.length; i++) {
    if (settings.signal.aborted) state.stopped ??= 'interrupted';
    if (state.stopped) return finish(skippedFrom(nb, i, state.stopped));
    const cell = cellsOfNotebook[i];
    if (cell.kind !== 'request') continue;
    const result = forTheCommandLine((await runCell(cell.text, ctx)).result);
    const name = result.cellName ?? cellNameOf(cell.text);
    const report: CellReport = {
      index: i + 1,
      ...(name ? { name } : {}),
      label: engine.redactor.redact(cellLabel(cell.text, result, i + 1)),
      result,
    };
    cells.push(report);
    onCell(report);
    if (result.outcome === 'failed' && settings.bail) state.stopped ??= 'bail';
  }
  return finish([]);

  function finish(skipped: SkippedCell[]): NotebookReport {
    return {
      path: nb.path,
      environment: nb.environmentName,
      ...(nb.label ? { label: nb.label } : {}),
      startedAt,
      durationMs: round(performance.now() - started),
      cells,
      skipped,
      requests: tally.counts(),
    };
  }
}

/** The core's hint for a blocked request speaks of a confirmation dialog; here the answer is a flag. */
function forTheCommandLine(result: RunResult): RunResult {
  return result.kind === 'failure' && result.category === 'blocked'
    ? ({ ...result, hint: ALLOW_PROTECTED_HINT } satisfies FailureModel)
    : result;
}

function skippedFrom(nb: ReadyNotebook, from: number, reason: 'bail' | 'interrupted'): SkippedCell[] {
  const out: SkippedCell[] = [];
  nb.notebook.cells.forEach((cell, i) => {
    if (i < from || cell.kind !== 'request') return;
    const name = cellNameOf(cell.text);
    out.push({ index: i + 1, ...(name ? { name } : {}), label: cellLabel(cell.text, undefined, i + 1), reason });
  });
  return out;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
