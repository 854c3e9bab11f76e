import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { cellNameOf } from '../core/request/cell';
import type { Redactor } from '../core/http/redact';
import { cellIdentities } from '../core/history/cellIdentity';
import { RunHistory, type HistoryEntry } from '../core/history/runHistory';
import type { RunResult } from '../contract/response';
import { COMMANDS, NOTEBOOK_TYPE } from '../contract/ids';

const SIZE_SETTING = 'history.size';
const CHANGE_BATCH_MS = 200;

/**
 * The runs of each request cell (core/history/runHistory.ts), newest first, in memory: what the cell's status
 * bar shows (environment, status, time, name, how many runs), what "Show Run History…" and "Compare with
 * Previous Run" read. Cells are keyed by their document for the session, and by `cellIdentity` for a history
 * kept across sessions (historyStore.ts).
 */
export class CellRuns implements vscode.NotebookCellStatusBarItemProvider, vscode.Disposable {
  readonly history: RunHistory;
  /** Cell key → `notebook uri \n cell identity`, for runs of saved notebooks. */
  private readonly identities = new Map<string, string>();
  private readonly identityCache = new Map<vscode.NotebookDocument, Map<vscode.NotebookCell, string>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCellStatusBarItems = this.changed.event;
  private readonly recorded = new vscode.EventEmitter<void>();
  /** A run was added, adopted or cleared: what a stored history must follow. */
  readonly onDidChangeHistory = this.recorded.event;
  private pendingItems: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(redactor: Redactor) {
    this.history = new RunHistory({ runsPerCell: runsPerCell() }, redactor);
    this.subscriptions = [
      vscode.notebooks.registerNotebookCellStatusBarItemProvider(NOTEBOOK_TYPE, this),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.closed(nb)),
      // Identities follow the cells' texts and order.
      vscode.workspace.onDidChangeNotebookDocument(
        (e) => e.contentChanges.length && this.identityCache.delete(e.notebook),
      ),
      vscode.workspace.onDidChangeTextDocument(
        (e) => e.document.uri.scheme === 'vscode-notebook-cell' && this.identityCache.clear(),
      ),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(`akkuro.${SIZE_SETTING}`)) return;
        this.history.setRunsPerCell(runsPerCell());
        this.fire();
      }),
    ];
  }

  /** The run each cell's output shows, by cell key; runs made only to compare never are. */
  private readonly inOutput = new Map<string, string>();

  /**
   * Keeps the run and returns the result to show, which names its run for the output's "Runs…" action.
   * `inOutput: false` (a run made only to compare) keeps it in the history without making it the run the
   * cell's status bar describes: that stays the run its output shows.
   */
  record(cell: vscode.NotebookCell, environment: string, result: RunResult, { inOutput = true } = {}): RunResult {
    const key = cellKey(cell);
    this.runs(cell);
    const identity = this.identityOf(cell);
    if (identity) this.identities.set(key, identity);
    const entry = this.history.add(key, randomUUID(), environment, result, { compareOnly: !inOutput });
    if (inOutput) this.inOutput.set(key, entry.id);
    this.recorded.fire();
    // Run All records a cell every millisecond or two: the workbench asks for the status bar items once per batch.
    this.pendingItems ??= setTimeout(() => {
      this.pendingItems = undefined;
      this.changed.fire();
    }, CHANGE_BATCH_MS);
    return { ...result, runId: entry.id };
  }

  /**
   * The cell's identity across sessions (undefined in an unsaved notebook). Every cell's identity is worked out
   * at once and kept until a cell is added, removed, moved or edited: a Run All records each cell, and working
   * it out cell by cell read every cell of the notebook each time.
   */
  private identityOf(cell: vscode.NotebookCell): string | undefined {
    if (cell.notebook.isUntitled) return undefined;
    let identities = this.identityCache.get(cell.notebook);
    if (!identities) {
      const cells = cell.notebook.getCells();
      const ids = cellIdentities(
        cells.map((c) => (c.kind === vscode.NotebookCellKind.Code ? c.document.getText() : '')),
      );
      const prefix = `${cell.notebook.uri.toString()}\n`;
      identities = new Map(cells.map((c, i) => [c, prefix + ids[i]]));
      this.identityCache.set(cell.notebook, identities);
    }
    return identities.get(cell);
  }

  /** Newest first; a cell seen for the first time takes over the runs a stored history kept for it. */
  runs(cell: vscode.NotebookCell): readonly HistoryEntry[] {
    const key = cellKey(cell);
    const list = this.history.list(key);
    if (list.length) return list;
    const identity = this.identityOf(cell);
    if (!identity || !this.history.list(identity).length) return list;
    this.history.rename(identity, key);
    this.identities.set(key, identity);
    return this.history.list(key);
  }

  /** The open cell a run belongs to. */
  find(runId: string): { cell: vscode.NotebookCell; entry: HistoryEntry } | undefined {
    const found = this.history.find(runId);
    if (!found) return undefined;
    for (const notebook of vscode.workspace.notebookDocuments)
      for (const cell of notebook.getCells()) if (cellKey(cell) === found.key) return { cell, entry: found.entry };
    return undefined;
  }

  /** The key a run is stored under across sessions; undefined for runs of unsaved notebooks. */
  storedKey(key: string): string | undefined {
    return key.includes('\n') ? key : this.identities.get(key);
  }

  /** Restored runs show in the status bar of cells already open. */
  refresh(): void {
    this.changed.fire();
  }

  /**
   * A closed notebook's cells get new documents when it opens again: their runs are kept under each cell's
   * identity for it to take over, and dropped for an unsaved notebook, which has none.
   */
  private closed(notebook: vscode.NotebookDocument): void {
    this.identityCache.delete(notebook);
    for (const cell of notebook.getCells()) {
      const key = cellKey(cell);
      const identity = this.identities.get(key);
      if (identity) this.history.rename(key, identity);
      else this.history.delete(key);
      this.identities.delete(key);
    }
  }

  clear(): void {
    this.history.clear();
    this.identities.clear();
    this.fire();
  }

  provideCellStatusBarItems(cell: vscode.NotebookCell): vscode.NotebookCellStatusBarItem[] {
    if (cell.kind !== vscode.NotebookCellKind.Code) return [];
    const items: vscode.NotebookCellStatusBarItem[] = [];
    const name = cellNameOf(cell.document.getText());
    if (name) {
      const item = new vscode.NotebookCellStatusBarItem(
        `$(symbol-variable) ${name}`,
        vscode.NotebookCellStatusBarAlignment.Left,
      );
      item.tooltip = `Later cells can use {{${name}.status}}, {{${name}.headers.…}} and {{${name}.body.…}}`;
      items.push(item);
    }
    const runs = this.runs(cell);
    const shown = this.inOutput.get(cellKey(cell));
    const run = runs.find((r) => r.id === shown) ?? runs.find((r) => !r.compareOnly) ?? runs[0];
    if (!run) return items;
    const env = new vscode.NotebookCellStatusBarItem(
      `$(server-environment) ${run.environment}`,
      vscode.NotebookCellStatusBarAlignment.Right,
    );
    const access = run.label
      ? ` (white label ${run.label}${run.client && run.client !== 'default' ? `, client ${run.client}` : ''})`
      : '';
    env.tooltip = `Last run against environment "${run.environment}"${access}`;
    items.push(env);
    items.push(
      new vscode.NotebookCellStatusBarItem(
        run.status !== undefined
          ? `${run.outcome === 'passed' ? '$(pass)' : '$(error)'} ${run.status} · ${Math.round(run.totalMs ?? 0)} ms`
          : `$(error) ${run.title ?? 'failed'}`,
        vscode.NotebookCellStatusBarAlignment.Right,
      ),
    );
    const history = new vscode.NotebookCellStatusBarItem(
      `$(history) ${runs.length}`,
      vscode.NotebookCellStatusBarAlignment.Right,
    );
    history.tooltip = `${runs.length === 1 ? '1 run' : `${runs.length} runs`} of this cell: show an earlier one, or compare`;
    history.command = { title: 'Show Run History', command: COMMANDS.showRunHistory, arguments: [cell] };
    items.push(history);
    return items;
  }

  private fire(): void {
    this.changed.fire();
    this.recorded.fire();
  }

  dispose(): void {
    clearTimeout(this.pendingItems);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.recorded.dispose();
  }
}

export function cellKey(cell: vscode.NotebookCell): string {
  return cell.document.uri.toString();
}

function runsPerCell(): number {
  return vscode.workspace.getConfiguration('akkuro').get<number>(SIZE_SETTING, 10);
}
