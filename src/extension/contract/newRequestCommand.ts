import * as vscode from 'vscode';
import { requestSkeleton } from '../../core/openapi/requestSkeleton';
import type { ApiSpec, Operation } from '../../core/openapi/specModel';
import { COMMANDS, NOTEBOOK_TYPE, REQUEST_LANGUAGE } from '../../contract/ids';
import type { NotebookEnvironments } from '../notebookEnvironments';
import type { ContractSpecs } from './contractSpecs';

interface OperationItem extends vscode.QuickPickItem {
  operation?: Operation;
  spec?: ApiSpec;
}

/**
 * "Akkuro: New Request from Operation…": the operations of the active notebook's environment (for its
 * api-version), grouped by API domain and searchable by summary; the pick becomes a request cell below the
 * selected one. `args.pick` (method and path) skips the picker, for tests and keybindings.
 */
export function registerNewRequestCommand(notebooks: NotebookEnvironments, specs: ContractSpecs): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.newRequestFromOperation, async (args?: { pick?: string }) => {
    const editor = vscode.window.activeNotebookEditor;
    if (!editor || editor.notebook.notebookType !== NOTEBOOK_TYPE) {
      void vscode.window.showInformationMessage('Open an Akkuro request notebook first.');
      return;
    }
    const notebook = editor.notebook;
    const { environment } = await notebooks.current(notebook);
    const index = environment ? await specs.indexFor(notebook.uri, environment) : undefined;
    if (!environment || !index) {
      void vscode.window.showInformationMessage(
        `Environment "${environment?.name ?? 'none'}" has no OpenAPI documents: list them under "specs:" in akkuro-environments.yaml (the sandbox serves its own).`,
      );
      return;
    }
    const apiVersion =
      (typeof notebook.metadata?.apiVersion === 'string' ? notebook.metadata.apiVersion : undefined) ??
      environment.apiVersion;
    const items = pickItems(index.operations(apiVersion));
    const picked = args?.pick
      ? items.find((i) => i.operation && `${i.operation.method} ${i.operation.path}` === args.pick)
      : await vscode.window.showQuickPick(items, {
          title: `New request from an operation (${environment.name}${apiVersion ? `, api-version ${apiVersion}` : ''})`,
          placeHolder: 'Type to search by path or summary',
          matchOnDescription: true,
          matchOnDetail: true,
        });
    if (!picked?.operation || !picked.spec) return;
    const at = editor.selection.isEmpty ? notebook.cellCount : editor.selection.end;
    const cell = new vscode.NotebookCellData(
      vscode.NotebookCellKind.Code,
      requestSkeleton(picked.spec, picked.operation),
      REQUEST_LANGUAGE,
    );
    const edit = new vscode.WorkspaceEdit();
    edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(at, [cell])]);
    await vscode.workspace.applyEdit(edit);
    editor.selection = new vscode.NotebookRange(at, at + 1);
    editor.revealRange(editor.selection);
  });
}

function pickItems(operations: ReadonlyArray<{ operation: Operation; spec: ApiSpec }>): OperationItem[] {
  const byDomain = new Map<string, Array<{ operation: Operation; spec: ApiSpec }>>();
  for (const o of operations) byDomain.set(o.operation.domain, [...(byDomain.get(o.operation.domain) ?? []), o]);
  const items: OperationItem[] = [];
  // API domains in order; helper paths such as the sandbox's /__sandbox after them.
  const rank = (d: string) => `${d.startsWith('/__') ? 1 : 0}${d}`;
  for (const [domain, ops] of [...byDomain].sort(([a], [b]) => rank(a).localeCompare(rank(b)))) {
    items.push({ label: domain, kind: vscode.QuickPickItemKind.Separator });
    for (const { operation, spec } of ops)
      items.push({
        label: `${operation.method} ${operation.path}`,
        description: operation.summary ?? operation.operationId ?? '',
        detail: `${spec.title} ${spec.version}${operation.deprecated ? ' · deprecated' : ''}`,
        operation,
        spec,
      });
  }
  return items;
}
