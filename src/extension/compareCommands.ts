import * as vscode from 'vscode';
import { COMMANDS } from '../contract/ids';
import type { RunResult } from '../contract/response';
import { VolatileRule } from '../core/compare/volatile';
import type { Environment } from '../core/environments/environment';
import type { HistoryEntry } from '../core/history/runHistory';
import { runCell } from '../core/run';
import type { CellRuns } from './cellRuns';
import { isRecord, targetCell, when } from './cellTarget';
import type { CompareDocuments, CompareShown } from './compareDocuments';
import type { Confirmations } from './confirmations';
import type { RequestController } from './controller';
import type { NotebookEnvironments } from './notebookEnvironments';

export interface CompareDeps {
  cellRuns: CellRuns;
  controller: RequestController;
  notebooks: NotebookEnvironments;
  confirmations: Confirmations;
  documents: CompareDocuments;
}

/** Compare with Previous Run, and Compare with Environment… (runs the cell there, then compares). */
export class CompareCommands {
  constructor(private readonly deps: CompareDeps) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(COMMANDS.compareWithPrevious, (arg?: unknown) => this.withPrevious(arg)),
      vscode.commands.registerCommand(COMMANDS.compareWithEnvironment, (arg?: unknown) => this.withEnvironment(arg)),
    ];
  }

  async withPrevious(arg?: unknown): Promise<CompareShown | undefined> {
    const cell = targetCell(arg, this.deps.cellRuns);
    if (!cell) return tell('Select a request cell to compare its runs.');
    const runs = this.deps.cellRuns.runs(cell);
    if (runs.length < 2)
      return tell(
        runs.length === 0
          ? 'This cell has not run yet: run it twice to compare the runs.'
          : 'This cell has run once: run it again to compare with that run.',
      );
    return this.entries(cell, runs[1], runs[0]);
  }

  /** Two runs of a cell, the older on the left. */
  async entries(cell: vscode.NotebookCell, older: HistoryEntry, newer: HistoryEntry): Promise<CompareShown> {
    const rule = await this.rule(cell.notebook, [older.environment, newer.environment]);
    const left = { title: `${older.environment} ${when(older.ranAt)}`, result: older.result };
    const right = { title: `${newer.environment} ${when(newer.ranAt)}`, result: newer.result };
    return this.deps.documents.show(left, right, rule, `${cellTitle(cell)}: ${left.title} ↔ ${right.title}`);
  }

  async withEnvironment(arg?: unknown): Promise<CompareShown | undefined> {
    const cell = targetCell(arg, this.deps.cellRuns);
    if (!cell) return tell('Select a request cell to compare it across environments.');
    const { environment: current, set } = await this.deps.notebooks.current(cell.notebook);
    if (!current)
      return tell('This notebook has no environment to compare from: pick one with "Akkuro: Select Environment".');
    const name =
      isRecord(arg) && typeof arg.environment === 'string'
        ? arg.environment
        : await pickOther(set.environments, current);
    if (!name) return undefined;
    const other = await this.deps.notebooks.environments.resolve(cell.notebook.uri, name);
    if (!other)
      return tell(
        `Environment "${name}" is not available${name === 'sandbox' ? ' (the local sandbox is not running)' : ''}.`,
      );
    if (other.name === current.name) return tell("Pick another environment than the notebook's own.");
    const request = requestLineOf(cell.document.getText());
    if (other.protected && !(await this.deps.confirmations.compare(other, request))) return undefined;
    const here = this.deps.cellRuns.runs(cell).find((r) => r.environment === current.name);
    const ran = await this.runIn(cell, other, here ? undefined : current);
    if (!ran) return undefined;
    const left = here
      ? { title: `${here.environment} ${when(here.ranAt)}`, result: here.result }
      : { title: `${current.name} ${when(ran.current!.startedAt)}`, result: ran.current! };
    const right = { title: `${other.name} ${when(ran.other.startedAt)}`, result: ran.other };
    const rule = await this.rule(cell.notebook, [current.name, other.name]);
    return this.deps.documents.show(left, right, rule, `${cellTitle(cell)}: ${left.title} ↔ ${right.title}`);
  }

  /** Runs the cell in `other` (and first in `current`, when it has no run there yet), recording each run. */
  private async runIn(
    cell: vscode.NotebookCell,
    other: Environment,
    current: Environment | undefined,
  ): Promise<{ other: RunResult; current?: RunResult } | undefined> {
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Running the cell against "${other.name}"`,
        cancellable: true,
      },
      async (_progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          const once = async (env: Environment) => {
            const resolved = env.builtin
              ? await this.deps.notebooks.environments.resolve(cell.notebook.uri, env.name)
              : env;
            const text = cell.document.getText();
            const ctx = await this.deps.controller.contextFor(cell.notebook, resolved ?? env, abort.signal, text, cell);
            return this.deps.cellRuns.record(cell, env.name, (await runCell(text, ctx)).result);
          };
          const here = current ? await once(current) : undefined;
          if (abort.signal.aborted) return undefined;
          const there = await once(other);
          return abort.signal.aborted ? undefined : { other: there, ...(here ? { current: here } : {}) };
        } finally {
          cancel.dispose();
        }
      },
    );
  }

  private async rule(notebook: vscode.NotebookDocument, names: string[]): Promise<VolatileRule> {
    const { environments } = await this.deps.notebooks.environments.setFor(notebook.uri);
    return VolatileRule.of(...names.map((n) => environments.find((e) => e.name === n)));
  }
}

async function pickOther(environments: Environment[], current: Environment): Promise<string | undefined> {
  const items = environments
    .filter((e) => e.name !== current.name)
    .map((e) => ({
      label: e.name,
      description: e.baseUrl,
      detail: e.protected ? `$(warning) protected: ${e.protectedReason ?? 'asks before sending'}` : undefined,
    }));
  if (!items.length) return tell('There is no other environment to compare with: add one to akkuro-environments.yaml.');
  const picked = await vscode.window.showQuickPick(items, {
    title: `Compare with Environment (the notebook runs against "${current.name}")`,
    placeHolder: 'Run this cell against…',
  });
  return picked?.label;
}

function cellTitle(cell: vscode.NotebookCell): string {
  return requestLineOf(cell.document.getText()) || `Cell ${cell.index + 1}`;
}

function requestLineOf(text: string): string {
  const m = /^[ \t]*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[ \t]*:[ \t]*(.*?)[ \t]*(#.*)?$/m.exec(text);
  return m ? `${m[1]} ${m[2]}` : '';
}

function tell(message: string): undefined {
  void vscode.window.showInformationMessage(message);
  return undefined;
}
