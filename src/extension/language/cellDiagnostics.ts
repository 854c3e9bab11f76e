import * as vscode from 'vscode';
import { vsDiagnostic } from './vsDiagnostic';
import { performance } from 'node:perf_hooks';
import { cellDiagnostics } from '../../core/language/diagnostics';
import type { CellDiagnostic, CellScope } from '../../core/language/languageTypes';
import { REQUEST_LANGUAGE } from '../../contract/ids';
import type { CellScopes, CellsChange } from './cellScopes';
import type { NotebookHeaderProblems } from './headerDiagnostics';

const DEBOUNCE_MS = 250;
const TIMINGS_KEPT = 200;

/** How long each recheck took and how many cells it covered, for the benchmark (read through the test API). */
export interface DiagnosticsTimings {
  diagnosticsMs: number[];
  cellsChecked: number[];
}

/**
 * Problems in request cells while typing (debounced), with their quick fixes kept for the code actions.
 * Only the cells an edit can affect are checked again (CellScopes says which), so typing in a notebook of
 * 1,000 cells costs what it costs in a notebook of one.
 */
export class CellDiagnostics implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('akkuro-cells');
  private readonly fixes = new Map<string, CellDiagnostic[]>();
  private readonly pending = new Map<vscode.NotebookDocument, Set<vscode.NotebookCell>>();
  private readonly timers = new Map<vscode.NotebookDocument, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];
  readonly timings: DiagnosticsTimings = { diagnosticsMs: [], cellsChecked: [] };

  constructor(
    private readonly scopes: CellScopes,
    private readonly header?: NotebookHeaderProblems,
  ) {
    this.subscriptions = [
      this.collection,
      scopes.onDidChangeCells((change) => this.schedule(change)),
      vscode.workspace.onDidCloseNotebookDocument((nb) => {
        clearTimeout(this.timers.get(nb));
        this.timers.delete(nb);
        this.pending.delete(nb);
        nb.getCells().forEach((c) => this.clear(c.document.uri));
      }),
      vscode.languages.registerCodeActionsProvider({ language: REQUEST_LANGUAGE }, this, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    ];
    for (const change of scopes.all()) this.schedule(change);
  }

  private schedule({ notebook, cells, typing }: CellsChange): void {
    let pending = this.pending.get(notebook);
    if (!pending) this.pending.set(notebook, (pending = new Set()));
    for (const cell of cells) pending.add(cell);
    clearTimeout(this.timers.get(notebook));
    this.timers.set(
      notebook,
      setTimeout(() => void this.flush(notebook), typing ? DEBOUNCE_MS : 0),
    );
  }

  /** Checks every request cell of a notebook again (e.g. its API contract changed). */
  refreshNotebook(notebook: vscode.NotebookDocument): void {
    const change = this.scopes.all().find((c) => c.notebook === notebook);
    if (change) this.schedule(change);
  }

  private async flush(notebook: vscode.NotebookDocument): Promise<void> {
    this.timers.delete(notebook);
    const cells = this.pending.get(notebook);
    this.pending.delete(notebook);
    if (!cells || notebook.isClosed) return;
    const shared = await this.scopes.shared(notebook);
    const started = performance.now();
    const scopes = this.scopes.withFacts(notebook, shared, cells);
    for (const [cell, scope] of scopes) if (cell.index >= 0) this.refresh(cell, scope);
    this.record(performance.now() - started, scopes.size);
    // The notebook file's client:/label: once for the notebook (any cell's edit may change who relies on it).
    this.header?.update(notebook, shared);
  }

  private record(ms: number, cells: number): void {
    const t = this.timings;
    t.diagnosticsMs.push(ms);
    t.cellsChecked.push(cells);
    if (t.diagnosticsMs.length > TIMINGS_KEPT) {
      t.diagnosticsMs.shift();
      t.cellsChecked.shift();
    }
  }

  private refresh(cell: vscode.NotebookCell, scope: CellScope): void {
    const doc = cell.document;
    const text = doc.getText();
    const found = text.trim() === '' ? [] : cellDiagnostics(text, scope);
    this.fixes.set(doc.uri.toString(), found);
    this.collection.set(
      doc.uri,
      found.map((d) => vsDiagnostic(d, (offset) => doc.positionAt(offset))),
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
