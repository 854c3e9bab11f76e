import * as vscode from 'vscode';
import { COMMANDS } from '../contract/ids';
import type { RunResult } from '../contract/response';
import {
  compareTargets,
  labelIn,
  sameSide,
  sideTitle,
  type CompareSide,
  type CompareTarget,
} from '../core/compare/compareTargets';
import { VolatileRule } from '../core/compare/volatile';
import type { AccessPreferences } from '../core/environments/accessChoice';
import { parseRequestCell } from '../core/request/cell';
import type { Environment } from '../core/environments/environment';
import type { HistoryEntry } from '../core/history/runHistory';
import { runCell, type RunContext } from '../core/run/run';
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
    const left = { title: `${sideTitle(older)} ${when(older.ranAt)}`, result: older.result };
    const right = { title: `${sideTitle(newer)} ${when(newer.ranAt)}`, result: newer.result };
    return this.deps.documents.show(left, right, rule, `${cellTitle(cell)}: ${left.title} ↔ ${right.title}`);
  }

  async withEnvironment(arg?: unknown): Promise<CompareShown | undefined> {
    const cell = targetCell(arg, this.deps.cellRuns);
    if (!cell) return tell('Select a request cell to compare it across environments.');
    const { environment: current, set, access } = await this.deps.notebooks.current(cell.notebook);
    if (!current)
      return tell('This notebook has no environment to compare from: pick one with "Akkuro: Select Environment".');
    const text = cell.document.getText();
    const cellLabel = parseRequestCell(text).cell?.label;
    const hereSide = side(current, labelIn(current, cellLabel, access));
    const asked = isRecord(arg) ? askedSide(arg, current) : undefined;
    const target =
      asked ?? (await pickOther(compareTargets(set.environments, hereSide, cellLabel), hereSide, cellLabel));
    if (!target) return undefined;
    if (cellLabel && target.label && target.label !== cellLabel)
      return tell(
        `This cell names its white label (label: ${cellLabel}), which wins over "${target.label}": remove its label: to compare labels, or pick another environment.`,
      );
    const other = await this.deps.notebooks.environments.resolve(cell.notebook.uri, target.environment);
    if (!other)
      return tell(
        `Environment "${target.environment}" is not available${target.environment === 'sandbox' ? ' (the local sandbox is not running)' : ''}.`,
      );
    const natural = labelIn(other, cellLabel, this.preferences(cell, other.name));
    const there = side(other, target.label ?? natural);
    if (sameSide(there, hereSide))
      return tell('Pick another environment or white label than the one the cell runs with.');
    const request = requestLineOf(text);
    if (other.protected && !(await this.deps.confirmations.compare(other, request))) return undefined;
    const here = this.deps.cellRuns
      .runs(cell)
      .find((r) => sameSide({ environment: r.environment, label: r.label }, hereSide));
    const otherLabel = there.label !== natural ? there.label : undefined;
    const ran = await this.runIn(cell, { env: other, side: there, label: otherLabel }, here ? undefined : current);
    if (!ran) return undefined;
    const left = here
      ? { title: `${sideTitle(hereSide)} ${when(here.ranAt)}`, result: here.result }
      : { title: `${sideTitle(hereSide)} ${when(ran.current!.startedAt)}`, result: ran.current! };
    const right = { title: `${sideTitle(there)} ${when(ran.other.startedAt)}`, result: ran.other };
    const rule = await this.rule(cell.notebook, [current.name, other.name]);
    return this.deps.documents.show(left, right, rule, `${cellTitle(cell)}: ${left.title} ↔ ${right.title}`);
  }

  /** What the notebook file and the user ask for in an environment: the label the cell would run with there. */
  private preferences(cell: vscode.NotebookCell, environment: string): AccessPreferences {
    return this.deps.notebooks.accessFor(cell.notebook, environment);
  }

  /** Runs the cell in `other` (and first in `current`, when it has no run there yet), recording each run. */
  private async runIn(
    cell: vscode.NotebookCell,
    other: { env: Environment; side: CompareSide; label?: string },
    current: Environment | undefined,
  ): Promise<{ other: RunResult; current?: RunResult } | undefined> {
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Running the cell against "${sideTitle(other.side)}"`,
        cancellable: true,
      },
      async (_progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          // The other side's run is kept in the history only: the cell's status bar keeps describing its own.
          const once = async (env: Environment, label?: string, inOutput = true) => {
            const resolved = env.builtin
              ? await this.deps.notebooks.environments.resolve(cell.notebook.uri, env.name)
              : env;
            const text = cell.document.getText();
            const base = await this.deps.controller.contextFor(
              cell.notebook,
              resolved ?? env,
              abort.signal,
              text,
              cell,
            );
            const ctx = label === undefined ? base : this.withLabel(base, cell, env.name, label);
            return this.deps.cellRuns.record(cell, env.name, (await runCell(text, ctx)).result, { inOutput });
          };
          const here = current ? await once(current) : undefined;
          if (abort.signal.aborted) return undefined;
          const there = await once(other.env, other.label, false);
          return abort.signal.aborted ? undefined : { other: there, ...(here ? { current: here } : {}) };
        } finally {
          cancel.dispose();
        }
      },
    );
  }

  /**
   * The run context for another white label than the cell would use in that environment: the label is asked for
   * like the runner's --label, and named responses are kept apart, since they hold the other label's data.
   */
  private withLabel(base: RunContext, cell: vscode.NotebookCell, environment: string, label: string): RunContext {
    return {
      ...base,
      access: { ...base.access, explicit: { ...base.access?.explicit, label } },
      responses: this.deps.notebooks.responsesFor(cell.notebook.uri, `${environment}\n${label}`),
    };
  }

  private async rule(notebook: vscode.NotebookDocument, names: string[]): Promise<VolatileRule> {
    const { environments } = await this.deps.notebooks.environments.setFor(notebook.uri);
    return VolatileRule.of(...names.map((n) => environments.find((e) => e.name === n)));
  }
}

/** A side asked for by a command argument: `{ environment, label }`, either one (the other: the cell's own). */
function askedSide(arg: Record<string, unknown>, current: Environment): CompareSide | undefined {
  const environment = typeof arg.environment === 'string' ? arg.environment : undefined;
  const label = typeof arg.label === 'string' ? arg.label : undefined;
  if (!environment && !label) return undefined;
  return { environment: environment ?? current.name, ...(label ? { label } : {}) };
}

function side(env: Environment, label: string | undefined): CompareSide {
  return { environment: env.name, ...(label ? { label } : {}) };
}

type TargetItem = vscode.QuickPickItem & { target?: CompareTarget };

async function pickOther(
  targets: CompareTarget[],
  here: CompareSide,
  cellLabel: string | undefined,
): Promise<CompareSide | undefined> {
  if (!targets.length)
    return tell('There is no other environment or white label to compare with: add one to akkuro-environments.yaml.');
  const items: TargetItem[] = [];
  for (const group of ['label', 'environment'] as const) {
    const inGroup = targets.filter((t) => t.group === group);
    if (!inGroup.length) continue;
    items.push({
      label: group === 'label' ? `Other white labels of "${here.environment}"` : 'Other environments',
      kind: vscode.QuickPickItemKind.Separator,
    });
    for (const t of inGroup)
      items.push({
        label: t.title,
        description: t.baseUrl,
        ...(t.protected ? { detail: `$(warning) protected: ${t.protectedReason ?? 'asks before sending'}` } : {}),
        target: t,
      });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `Compare with Environment (the cell runs against "${sideTitle(here)}")`,
    placeHolder: cellLabel
      ? `Run this cell against… (it names its white label, ${cellLabel}, so only other environments are listed)`
      : 'Run this cell against another environment or white label…',
  });
  return picked?.target;
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
