import * as vscode from 'vscode';
import { COMMANDS } from '../contract/ids';
import type { RunResult } from '../contract/response';
import type { HistoryEntry } from '../core/history/runHistory';
import type { CellRuns } from './cellRuns';
import { isRecord, targetCell, when } from './cellTarget';
import type { CompareCommands } from './compareCommands';
import type { RequestController } from './controller';

interface RunItem extends vscode.QuickPickItem {
  entry: HistoryEntry;
  index: number;
}

const COMPARE_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('diff'),
  tooltip: 'Compare with the latest run',
};

/**
 * "Show Run History…": the cell's runs in a quick pick (newest first); picking one shows it as the cell's
 * output, marked as earlier; the diff button compares it with the latest run.
 */
export function registerHistoryPicker(
  cellRuns: CellRuns,
  controller: RequestController,
  compare: CompareCommands,
): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.showRunHistory, async (arg?: unknown) => {
    const cell = targetCell(arg, cellRuns);
    if (!cell) {
      void vscode.window.showInformationMessage('Select a request cell to see its earlier runs.');
      return undefined;
    }
    const runs = cellRuns.runs(cell);
    if (!runs.length) {
      void vscode.window.showInformationMessage('This cell has not run yet in this session.');
      return undefined;
    }
    // `{ show: runId }` shows a run without asking, for scripts and tests.
    const asked = isRecord(arg) && typeof arg.show === 'string' ? runs.findIndex((r) => r.id === arg.show) : undefined;
    const index = asked !== undefined ? asked : await pick(runs, (older) => void compare.entries(cell, older, runs[0]));
    if (index === undefined || index < 0) return undefined;
    const entry = runs[index];
    await controller.showResult(cell, shown(entry, index));
    return entry.id;
  });
}

/** The result as the output shows it: its run id, and when it is not the latest, when it ran. */
export function shown(entry: HistoryEntry, index: number): RunResult {
  return { ...entry.result, runId: entry.id, ...(index > 0 ? { earlier: { ranAt: entry.ranAt } } : {}) };
}

function pick(
  runs: readonly HistoryEntry[],
  compareWithLatest: (older: HistoryEntry) => void,
): Promise<number | undefined> {
  const qp = vscode.window.createQuickPick<RunItem>();
  qp.title = `Runs of this cell (${runs.length}, newest first)`;
  qp.placeholder = 'Pick a run to show it in the output; ⇄ compares it with the latest';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.items = runs.map((entry, index) => itemFor(entry, index));
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: number | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      qp.dispose();
    };
    qp.onDidAccept(() => finish(qp.selectedItems[0]?.index));
    qp.onDidTriggerItemButton((e) => {
      compareWithLatest(e.item.entry);
      finish(undefined);
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

function itemFor(entry: HistoryEntry, index: number): RunItem {
  const r = entry.result;
  const status = r.kind === 'response' ? `${r.status} ${r.statusText}`.trim() : (entry.title ?? 'failed');
  const who = [entry.client, entry.label].filter(Boolean).join('/');
  return {
    entry,
    index,
    label: `${entry.outcome === 'passed' ? '$(pass)' : '$(error)'} ${status}`,
    description: [entry.environment, who, entry.totalMs !== undefined ? `${Math.round(entry.totalMs)} ms` : '']
      .filter(Boolean)
      .join(' · '),
    detail: `${when(entry.ranAt)}${index === 0 ? ' · latest' : ''}${r.request ? ` · ${r.request.method} ${r.request.url}` : ''}`,
    ...(index > 0 ? { buttons: [COMPARE_BUTTON] } : {}),
  };
}
