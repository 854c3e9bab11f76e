import * as vscode from 'vscode';
import { NOTEBOOK_TYPE } from '../contract/ids';

/**
 * In Restricted Mode VS Code asks for trust before it runs any cell, and runs nothing when the user
 * declines, so nothing would say why the cells stay empty. Each request cell says it, and links to the
 * Workspace Trust editor, until the workspace is trusted.
 */
export function registerRestrictedModeHint(): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.NotebookCellStatusBarItemProvider = {
    onDidChangeCellStatusBarItems: changed.event,
    provideCellStatusBarItems(cell) {
      if (vscode.workspace.isTrusted || cell.kind !== vscode.NotebookCellKind.Code) return [];
      const item = new vscode.NotebookCellStatusBarItem(
        '$(workspace-untrusted) Restricted Mode: not run',
        vscode.NotebookCellStatusBarAlignment.Left,
      );
      item.tooltip =
        'Request cells do not run in an untrusted workspace: a notebook from an unknown source could send requests with your credentials. Trust the workspace if you trust its notebooks.';
      item.command = { title: 'Manage Workspace Trust', command: 'workbench.trust.manage' };
      return [item];
    },
  };
  return vscode.Disposable.from(
    vscode.notebooks.registerNotebookCellStatusBarItemProvider(NOTEBOOK_TYPE, provider),
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
    changed,
  );
}
