import * as vscode from 'vscode';
import { cellDiagnostics, type CellDiagnostic } from '../../core/language/diagnostics';
import type { CellScope } from '../../core/language/languageTypes';
import type { NotebookEnvironments } from '../notebookEnvironments';
import { NOTEBOOK_TYPE, REQUEST_LANGUAGE } from '../../contract/ids';
import type { CellScopes } from './cellScopes';

const DEBOUNCE_MS = 250;

/** Problems in request cells while typing (debounced), with their quick fixes kept for the code actions. */
export class CellDiagnostics implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('akkuro-cells');
  private readonly fixes = new Map<string, CellDiagnostic[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly scopes: CellScopes,
    notebooks: NotebookEnvironments,
  ) {
    this.subscriptions = [
      this.collection,
      vscode.workspace.onDidChangeTextDocument((e) => this.isCell(e.document) && this.schedule(e.document)),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.refreshNotebook(nb)),
      vscode.workspace.onDidCloseNotebookDocument((nb) => nb.getCells().forEach((c) => this.clear(c.document.uri))),
      // Names, variables and the environment come from other cells and files: recheck whole notebooks.
      vscode.workspace.onDidChangeNotebookDocument(
        (e) =>
          e.notebook.notebookType === NOTEBOOK_TYPE &&
          (e.contentChanges.length > 0 || e.cellChanges.some((c) => c.executionSummary)) &&
          this.refreshNotebook(e.notebook),
      ),
      notebooks.onDidChange(() => vscode.workspace.notebookDocuments.forEach((nb) => this.refreshNotebook(nb))),
      vscode.languages.registerCodeActionsProvider({ language: REQUEST_LANGUAGE }, this, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    ];
    vscode.workspace.notebookDocuments.forEach((nb) => this.refreshNotebook(nb));
  }

  private isCell(doc: vscode.TextDocument): boolean {
    return doc.languageId === REQUEST_LANGUAGE && doc.uri.scheme === 'vscode-notebook-cell';
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        const found = this.scopes.find(doc);
        if (found) this.refreshNotebook(found.notebook);
      }, DEBOUNCE_MS),
    );
  }

  /** Names and the environment come from the whole notebook, so its cells are checked together. */
  refreshNotebook(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType !== NOTEBOOK_TYPE) return;
    void this.scopes.scopes(notebook).then((scopes) => scopes.forEach((scope, cell) => this.refresh(cell, scope)));
  }

  private refresh(cell: vscode.NotebookCell, scope: CellScope): void {
    const doc = cell.document;
    const text = doc.getText();
    const found = text.trim() === '' ? [] : cellDiagnostics(text, scope);
    this.fixes.set(doc.uri.toString(), found);
    this.collection.set(
      doc.uri,
      found.map((d) => {
        const diag = new vscode.Diagnostic(
          new vscode.Range(doc.positionAt(d.offset), doc.positionAt(d.endOffset)),
          d.message,
          d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        diag.source = 'Akkuro';
        diag.code = d.code;
        return diag;
      }),
    );
  }

  private clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.fixes.delete(uri.toString());
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of this.fixes.get(doc.uri.toString()) ?? []) {
      const diagRange = new vscode.Range(doc.positionAt(d.offset), doc.positionAt(d.endOffset));
      if (!diagRange.intersection(range) && !diagRange.contains(range.start)) continue;
      for (const fix of d.fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits)
          action.edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
        action.isPreferred = fix.preferred ?? false;
        action.diagnostics = vscode.languages
          .getDiagnostics(doc.uri)
          .filter((x) => x.code === d.code && x.range.isEqual(diagRange));
        actions.push(action);
      }
    }
    return actions;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
  }
}
