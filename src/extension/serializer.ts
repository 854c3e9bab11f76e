import * as vscode from 'vscode';
import { formatDiagnostic, type Diagnostic } from '../core/text/diagnostic';
import { parseNotebookFile, textToSave } from '../core/notebook/notebookFile';
import type { NotebookFile } from '../core/notebook/notebookTypes';
import { NOTEBOOK_TYPE, REQUEST_LANGUAGE } from '../contract/ids';

/** Kept in the notebook's metadata, never written: what the file held when opened, so an unchanged save is byte-identical. */
const ORIGINAL = 'akkuroOriginalText';
/**
 * A cell editor normalises line breaks (CRLF, lone CR, mixed), so a cell whose text had a CR keeps its
 * exact text here; it is written back whenever the cell still reads the same apart from line breaks.
 */
const CELL_TEXT = 'akkuroText';

/** A thin adapter over the core notebook file functions. Outputs are never written (they may hold customer data). */
export class NotebookSerializer implements vscode.NotebookSerializer {
  /** `onLoadFailure` hears of a file that could not be read, to tell the user what to fix. */
  constructor(private readonly onLoadFailure?: (text: string, diagnostics: Diagnostic[]) => void) {}

  static readonly options: vscode.NotebookDocumentContentOptions = {
    transientOutputs: true,
    // ORIGINAL and CELL_TEXT are deliberately not transient: VS Code strips transient metadata before
    // serializing, and this serializer needs them there. It never writes them to the file.
    transientCellMetadata: { inputCollapsed: true, outputCollapsed: true },
  };

  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(content);
    const parsed = parseNotebookFile(text);
    if (!parsed.ok) {
      this.onLoadFailure?.(text, parsed.diagnostics);
      // Throwing makes VS Code show the error instead of an empty notebook that a save would then overwrite.
      const problems = parsed.diagnostics
        .slice(0, 5)
        .map((d) => formatDiagnostic(d))
        .join('\n');
      throw new Error(
        `This file is not a valid Akkuro notebook, so it was not opened (nothing was changed):\n${problems}\nFix it in a text editor ("Reopen Editor With… → Text Editor").`,
      );
    }
    const nb = parsed.notebook;
    const data = new vscode.NotebookData(
      nb.cells.map((c) => {
        const cell =
          c.kind === 'markdown'
            ? new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, c.text, 'markdown')
            : new vscode.NotebookCellData(vscode.NotebookCellKind.Code, c.text, REQUEST_LANGUAGE);
        if (c.text.includes('\r')) cell.metadata = { [CELL_TEXT]: c.text };
        return cell;
      }),
    );
    data.metadata = {
      ...(nb.environment !== undefined ? { environment: nb.environment } : {}),
      ...(nb.client !== undefined ? { client: nb.client } : {}),
      ...(nb.label !== undefined ? { label: nb.label } : {}),
      ...(nb.apiVersion !== undefined ? { apiVersion: nb.apiVersion } : {}),
      [ORIGINAL]: text,
    };
    return data;
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    const meta = data.metadata ?? {};
    const nb: NotebookFile = {
      ...(typeof meta.environment === 'string' ? { environment: meta.environment } : {}),
      ...(typeof meta.client === 'string' && meta.client ? { client: meta.client } : {}),
      ...(typeof meta.label === 'string' && meta.label ? { label: meta.label } : {}),
      ...(typeof meta.apiVersion === 'string' ? { apiVersion: meta.apiVersion } : {}),
      cells: data.cells.map((c) => ({
        kind: c.kind === vscode.NotebookCellKind.Markup ? 'markdown' : 'request',
        text: cellText(c),
      })),
    };
    const original = typeof meta[ORIGINAL] === 'string' ? (meta[ORIGINAL] as string) : undefined;
    return new TextEncoder().encode(textToSave(nb, original));
  }
}

export function registerSerializer(
  onLoadFailure?: (text: string, diagnostics: Diagnostic[]) => void,
): vscode.Disposable {
  return vscode.workspace.registerNotebookSerializer(
    NOTEBOOK_TYPE,
    new NotebookSerializer(onLoadFailure),
    NotebookSerializer.options,
  );
}

function cellText(cell: vscode.NotebookCellData): string {
  const original = cell.metadata?.[CELL_TEXT];
  return typeof original === 'string' && sameLines(original, cell.value) ? original : cell.value;
}

function sameLines(a: string, b: string): boolean {
  const lf = (s: string) => s.replace(/\r\n?/g, '\n');
  return lf(a) === lf(b);
}
