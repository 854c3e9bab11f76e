import * as vscode from 'vscode';
import { cellNameOf } from '../core/request/cell';
import type { RunResult } from '../contract/response';
import { NOTEBOOK_TYPE } from '../contract/ids';

interface LastRun {
  environment: string;
  status?: number;
  ms?: number;
  outcome: 'passed' | 'failed';
  title?: string;
}

/** What each cell last ran against, shown in the cell's status bar (environment, status, time, name). */
export class CellRuns implements vscode.NotebookCellStatusBarItemProvider, vscode.Disposable {
  private readonly runs = new WeakMap<vscode.NotebookCell, LastRun>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCellStatusBarItems = this.changed.event;
  private readonly registration = vscode.notebooks.registerNotebookCellStatusBarItemProvider(NOTEBOOK_TYPE, this);

  record(cell: vscode.NotebookCell, environment: string, result: RunResult): void {
    this.runs.set(
      cell,
      result.kind === 'response'
        ? { environment, status: result.status, ms: result.timings.totalMs, outcome: result.outcome }
        : { environment, outcome: 'failed', title: result.title },
    );
    this.changed.fire();
  }

  lastRun(cell: vscode.NotebookCell): LastRun | undefined {
    return this.runs.get(cell);
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
    const run = this.runs.get(cell);
    if (run) {
      const env = new vscode.NotebookCellStatusBarItem(
        `$(server-environment) ${run.environment}`,
        vscode.NotebookCellStatusBarAlignment.Right,
      );
      env.tooltip = `Last run against environment "${run.environment}"`;
      items.push(env);
      const status = new vscode.NotebookCellStatusBarItem(
        run.status !== undefined
          ? `${run.outcome === 'passed' ? '$(pass)' : '$(error)'} ${run.status} · ${Math.round(run.ms ?? 0)} ms`
          : `$(error) ${run.title ?? 'failed'}`,
        vscode.NotebookCellStatusBarAlignment.Right,
      );
      items.push(status);
    }
    return items;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
