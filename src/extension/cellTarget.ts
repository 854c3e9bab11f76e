import * as vscode from 'vscode';
import { NOTEBOOK_TYPE } from '../contract/ids';
import type { CellRuns } from './cellRuns';

/** What a cell command may be given: a cell (cell menus, status bar), `{ runId }` (an output), or nothing. */
export interface CellCommandArgs {
  cell?: vscode.NotebookCell;
  runId?: string;
}

/** The request cell a command applies to: the one it was given, else the active notebook's selected cell. */
export function targetCell(arg: unknown, cellRuns: CellRuns): vscode.NotebookCell | undefined {
  const cell = isCell(arg) ? arg : isRecord(arg) && isCell(arg.cell) ? arg.cell : undefined;
  if (cell) return cell;
  if (isRecord(arg) && typeof arg.runId === 'string') return cellRuns.find(arg.runId)?.cell;
  const editor = vscode.window.activeNotebookEditor;
  if (!editor || editor.notebook.notebookType !== NOTEBOOK_TYPE || editor.notebook.cellCount === 0) return undefined;
  const selected = editor.notebook.cellAt(editor.selection.start);
  return selected.kind === vscode.NotebookCellKind.Code ? selected : undefined;
}

export function isCell(v: unknown): v is vscode.NotebookCell {
  return isRecord(v) && 'document' in v && 'notebook' in v && 'index' in v;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** A run's time for people: `09:26:53` today, else with the date. */
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString() : `${d.toLocaleDateString()} ${d.toLocaleTimeString()}`;
}
