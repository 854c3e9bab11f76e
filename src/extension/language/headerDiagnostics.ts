import * as vscode from 'vscode';
import { vsDiagnostic } from './vsDiagnostic';
import type { Diagnostic } from '../../core/text/diagnostic';
import type { CellScope } from '../../core/language/languageTypes';
import {
  checkHeaderAccess,
  headerProblemInCell,
  type HeaderAccessProblem,
  type HeaderFix,
} from '../../core/notebook/headerAccess';
import { parseRequestCell } from '../../core/request/cell';
import { headerMayFail } from '../../core/request/cellAccess';
import { COMMANDS, REQUEST_LANGUAGE } from '../../contract/ids';
import type { AccessArgs } from '../accessCommands';

interface Shown {
  diagnostic: Diagnostic;
  notebook: vscode.Uri;
  fixes: readonly HeaderFix[];
}

/**
 * A mistake in the notebook file's `client:` or `label:` (its header, which VS Code keeps as the notebook's
 * metadata and shows nowhere as text) as ONE diagnostic, on the first request cell that relies on it, saying
 * that it comes from the header; its quick fixes change the header (Switch Client / Switch White Label,
 * written into the file). The cells' own diagnostics leave it out. The status bar shows it too.
 */
export class NotebookHeaderProblems implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('akkuro-notebook-header');
  /** Per notebook: its problems and the cell documents that show them. */
  private readonly byNotebook = new Map<string, { problems: HeaderAccessProblem[]; uris: vscode.Uri[] }>();
  private readonly shown = new Map<string, Shown[]>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      this.collection,
      this.changed,
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.set(nb, [])),
      vscode.languages.registerCodeActionsProvider({ language: REQUEST_LANGUAGE }, this, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    ];
  }

  /** The header's problems of a notebook, as last checked. */
  problems(notebook: vscode.NotebookDocument): readonly HeaderAccessProblem[] {
    return this.byNotebook.get(notebook.uri.toString())?.problems ?? [];
  }

  /** Checks the header again with the notebook's environment and choices (`scope`): cells are read only when it can fail. */
  update(notebook: vscode.NotebookDocument, scope: CellScope): void {
    const env = scope.environment;
    const access = scope.access ?? {};
    if (!env || !headerMayFail(env, access)) {
      this.set(notebook, []);
      return;
    }
    const cells = notebook
      .getCells()
      .filter((c) => c.kind === vscode.NotebookCellKind.Code)
      .map((c) => ({ index: c.index, text: c.document.getText() }));
    this.set(notebook, checkHeaderAccess(cells, env, access, parseRequestCell));
  }

  private set(notebook: vscode.NotebookDocument, problems: HeaderAccessProblem[]): void {
    const key = notebook.uri.toString();
    const before = this.byNotebook.get(key);
    if (!before && problems.length === 0) return;
    for (const uri of before?.uris ?? []) {
      this.collection.delete(uri);
      this.shown.delete(uri.toString());
    }
    const uris: vscode.Uri[] = [];
    if (!notebook.isClosed) {
      for (const p of problems) {
        const cell = notebook.cellAt(p.cells[0]);
        const text = cell.document.getText();
        const parsed = parseRequestCell(text).cell;
        if (!parsed) continue;
        const diagnostic = headerProblemInCell(text, parsed, p);
        const list = this.shown.get(cell.document.uri.toString()) ?? [];
        list.push({ diagnostic, notebook: notebook.uri, fixes: p.fixes });
        this.shown.set(cell.document.uri.toString(), list);
        if (!uris.some((u) => u.toString() === cell.document.uri.toString())) uris.push(cell.document.uri);
      }
      for (const uri of uris) {
        const doc = notebook.getCells().find((c) => c.document.uri.toString() === uri.toString())!.document;
        this.collection.set(
          uri,
          (this.shown.get(uri.toString()) ?? []).map((s) =>
            vsDiagnostic(s.diagnostic, (offset) => doc.positionAt(offset), 'Akkuro notebook header'),
          ),
        );
      }
    }
    if (problems.length) this.byNotebook.set(key, { problems, uris });
    else this.byNotebook.delete(key);
    const signature = (ps: readonly HeaderAccessProblem[]) =>
      ps.map((p) => `${p.problem.message}|${p.cells}`).join('\n');
    if (signature(before?.problems ?? []) !== signature(problems)) this.changed.fire(notebook.uri);
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const s of this.shown.get(doc.uri.toString()) ?? []) {
      const at = new vscode.Range(doc.positionAt(s.diagnostic.offset), doc.positionAt(s.diagnostic.endOffset));
      if (!at.intersection(range) && !at.contains(range.start)) continue;
      for (const fix of s.fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        const args: AccessArgs = {
          notebook: s.notebook.toString(),
          [fix.key]: fix.value,
          changePin: true,
          inFile: true,
        };
        action.command = {
          command: fix.key === 'client' ? COMMANDS.selectClient : COMMANDS.selectLabel,
          title: fix.title,
          arguments: [args],
        };
        action.isPreferred = fix.preferred ?? false;
        action.diagnostics = vscode.languages
          .getDiagnostics(doc.uri)
          .filter((x) => x.code === s.diagnostic.code && x.range.isEqual(at));
        actions.push(action);
      }
    }
    return actions;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
