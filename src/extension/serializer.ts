import * as vscode from 'vscode';
import { formatDiagnostic } from '../core/diagnostic';
import { parseNotebookFile, textToSave, type NotebookFile } from '../core/notebookFile';

export const NOTEBOOK_TYPE = 'akkuro-notebook';
export const REQUEST_LANGUAGE = 'akkuro-request';
/** Kept in the notebook's metadata, never written: what the file held when opened, so an unchanged save is byte-identical. */
const ORIGINAL = 'akkuroOriginalText';

/** A thin adapter over the core notebook file functions. Outputs are never written (they may hold customer data). */
export class NotebookSerializer implements vscode.NotebookSerializer {
  static readonly options: vscode.NotebookDocumentContentOptions = {
    transientOutputs: true,
    transientCellMetadata: { inputCollapsed: true, outputCollapsed: true },
    transientDocumentMetadata: { [ORIGINAL]: true },
  };

  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(content);
    const parsed = parseNotebookFile(text);
    if (!parsed.ok) {
      // Throwing makes VS Code show the error instead of an empty notebook that a save would then overwrite.
      const problems = parsed.diagnostics.slice(0, 5).map((d) => formatDiagnostic(d)).join('\n');
      throw new Error(`This file is not a valid Akkuro notebook, so it was not opened (nothing was changed):\n${problems}\nFix it in a text editor ("Reopen Editor With… → Text Editor").`);
    }
    const nb = parsed.notebook;
    const data = new vscode.NotebookData(
      nb.cells.map((c) => {
        const cell = c.kind === 'markdown' ? new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, c.text, 'markdown') : new vscode.NotebookCellData(vscode.NotebookCellKind.Code, c.text, REQUEST_LANGUAGE);
        return cell;
      }),
    );
    data.metadata = { ...(nb.environment !== undefined ? { environment: nb.environment } : {}), ...(nb.apiVersion !== undefined ? { apiVersion: nb.apiVersion } : {}), [ORIGINAL]: text };
    return data;
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    const meta = data.metadata ?? {};
    const nb: NotebookFile = {
      ...(typeof meta.environment === 'string' ? { environment: meta.environment } : {}),
      ...(typeof meta.apiVersion === 'string' ? { apiVersion: meta.apiVersion } : {}),
      cells: data.cells.map((c) => ({ kind: c.kind === vscode.NotebookCellKind.Markup ? 'markdown' : 'request', text: c.value })),
    };
    const original = typeof meta[ORIGINAL] === 'string' ? (meta[ORIGINAL] as string) : undefined;
    return new TextEncoder().encode(textToSave(nb, original));
  }
}

export function registerSerializer(): vscode.Disposable {
  return vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new NotebookSerializer(), NotebookSerializer.options);
}
