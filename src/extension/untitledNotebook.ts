import * as vscode from 'vscode';
import { NOTEBOOK_TYPE } from '../contract/ids';

/**
 * `showNotebookDocument` rejects ("Notebook Editor creation failure") when another editor opens in the
 * same group while the notebook editor is still being created, which takes long the first time in a
 * window: in a fresh window the Welcome page or a walkthrough opens just as the user runs the command.
 * The untitled notebook already exists by then, so showing it again puts it in front instead of leaving
 * it behind.
 */
const SHOW_ATTEMPTS = 3;

/** Opens `data` as a new untitled notebook, in front, with the cursor in its first request cell (edit mode). */
export async function openUntitledNotebook(data: vscode.NotebookData): Promise<vscode.NotebookDocument> {
  const doc = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, data);
  const first = doc.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code)?.index ?? 0;
  const cell = new vscode.NotebookRange(first, Math.min(first + 1, doc.cellCount));
  const editor = await show(doc, cell);
  editor.revealRange(cell, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
  if (cell.start < doc.cellCount) await vscode.commands.executeCommand('notebook.cell.edit');
  return doc;
}

async function show(doc: vscode.NotebookDocument, cell: vscode.NotebookRange): Promise<vscode.NotebookEditor> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await vscode.window.showNotebookDocument(doc, { selections: [cell] });
    } catch (error) {
      if (attempt >= SHOW_ATTEMPTS || doc.isClosed) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
