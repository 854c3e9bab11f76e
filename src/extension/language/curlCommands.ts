import * as vscode from 'vscode';
import { curlForCell } from '../../core/language/curlForCell';
import { fromCurl } from '../../core/language/fromCurl';
import { USER_AGENT } from '../../core/version';
import type { RunEngine } from '../../core/engine';
import type { NotebookEnvironments } from '../notebookEnvironments';
import { COMMANDS, NOTEBOOK_TYPE, REQUEST_LANGUAGE } from '../../contract/ids';
import type { CellScopes } from './cellScopes';

/** The cell a command applies to: the one passed by a cell menu, else the notebook's selected cell. */
function targetCell(arg: unknown): vscode.NotebookCell | undefined {
  if (arg && typeof arg === 'object' && 'document' in arg && 'notebook' in arg) return arg as vscode.NotebookCell;
  const editor = vscode.window.activeNotebookEditor;
  if (!editor || editor.notebook.notebookType !== NOTEBOOK_TYPE) return undefined;
  if (typeof arg === 'number') return editor.notebook.cellAt(arg);
  return editor.notebook.cellAt(editor.selection.start);
}

/** Copy Request as cURL (token shown as $AKKURO_TOKEN) and Paste cURL as Request Cell (Authorization dropped). */
export function registerCurlCommands(
  engine: RunEngine,
  notebooks: NotebookEnvironments,
  scopes: CellScopes,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.copyAsCurl, async (arg?: unknown) => {
      const cell = targetCell(arg);
      if (!cell || cell.kind !== vscode.NotebookCellKind.Code) {
        void vscode.window.showInformationMessage('Select a request cell to copy it as cURL.');
        return undefined;
      }
      // The sandbox's URL exists only once it runs: start it first so the copied URL is the real one.
      const { environment } = await notebooks.current(cell.notebook);
      if (environment?.builtin) await notebooks.environments.resolve(cell.notebook.uri, environment.name);
      const scope = await scopes.scope(cell.notebook, cell);
      const result = await curlForCell(cell.document.getText(), scope, {
        multiline: true,
        redact: (t) => engine.redactor.redact(t),
        userAgent: USER_AGENT,
      });
      if (!result.ok) {
        void vscode.window.showWarningMessage(result.message);
        return undefined;
      }
      await vscode.env.clipboard.writeText(result.command);
      void vscode.window.showInformationMessage(
        [
          'Copied the request as cURL. Set AKKURO_TOKEN before running it; the token is never copied.',
          ...result.notices,
        ].join(' '),
      );
      return result.command;
    }),
    vscode.commands.registerCommand(COMMANDS.pasteCurl, async (arg?: { text?: string }) => {
      const editor = vscode.window.activeNotebookEditor;
      if (!editor || editor.notebook.notebookType !== NOTEBOOK_TYPE) {
        void vscode.window.showInformationMessage('Open an Akkuro notebook to paste a cURL command into it.');
        return undefined;
      }
      const command = arg?.text ?? (await vscode.env.clipboard.readText());
      const { environment } = await notebooks.current(editor.notebook);
      const result = fromCurl(command, environment ? { environment } : {});
      if (!result.ok) {
        void vscode.window.showWarningMessage(
          `The clipboard does not hold a cURL command Akkuro can read: ${result.message}`,
        );
        return undefined;
      }
      const index = editor.notebook.cellCount === 0 ? 0 : editor.selection.end;
      const edit = new vscode.WorkspaceEdit();
      edit.set(editor.notebook.uri, [
        vscode.NotebookEdit.insertCells(index, [
          new vscode.NotebookCellData(vscode.NotebookCellKind.Code, result.cellText, REQUEST_LANGUAGE),
        ]),
      ]);
      await vscode.workspace.applyEdit(edit);
      editor.selection = new vscode.NotebookRange(index, index + 1);
      if (result.notices.length) void vscode.window.showInformationMessage(result.notices.join(' '));
      return { index, cellText: result.cellText, notices: result.notices };
    }),
  ];
}
