import * as vscode from 'vscode';
import { vsDiagnostic } from './language/vsDiagnostic';
import { formatDiagnostic, type Diagnostic } from '../core/text/diagnostic';
import { parseNotebookFile } from '../core/notebook/notebookFile';
import { NOTEBOOK_TYPE } from '../contract/ids';
import { positionAtFactory } from './environmentService';

export const OPEN_AS_TEXT = 'Open in Text Editor';
export const SHOW_ALL_PROBLEMS = 'Show All Problems';
const SHOWN_IN_NOTIFICATION = 3;
const DEBOUNCE_MS = 250;
/** The failed editor's tab appears shortly after the serializer threw; look for it this long. */
const FIND_TAB_MS = 5000;

export interface LoadFailure {
  uri: string;
  message: string;
  actions: string[];
}

/**
 * A `.akkuro-nb` that is not a valid notebook does not open as one (the serializer throws rather than open
 * an empty notebook that a save would overwrite), and VS Code then says only that the editor could not be
 * opened. This says what the loader found: a notification with the first problems and the way to the text,
 * and, while the file is open as text, the loader's own checks as diagnostics with their quick fixes.
 * Nothing here writes to the file.
 */
export class NotebookFileProblems implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('akkuro-notebook-file');
  private readonly fixes = new Map<string, Diagnostic[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** uri + text of the failures already shown, so a reload of the same broken file does not repeat them. */
  private readonly shown = new Set<string>();
  private readonly failures: LoadFailure[] = [];
  private answer: string | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly testMode: boolean) {
    this.subscriptions = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((doc) => this.check(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.isNotebookFileText(doc) && this.clear(doc.uri)),
      vscode.workspace.onDidOpenNotebookDocument((nb) => nb.notebookType === NOTEBOOK_TYPE && this.clear(nb.uri)),
      vscode.languages.registerCodeActionsProvider({ pattern: '**/*.akkuro-nb' }, this, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    ];
    vscode.workspace.textDocuments.forEach((doc) => this.check(doc));
  }

  /** The serializer could not read `text`: find the editor that tried to open it and say why. */
  loadFailed(text: string, diagnostics: Diagnostic[]): void {
    void this.findFile(text).then((uri) => uri && this.notify(uri, text, diagnostics));
  }

  /** For the extension's own tests only: the notifications shown, and the action to take on the next one. */
  testing(): { failures: readonly LoadFailure[]; answerWith(action: string | undefined): void } | undefined {
    if (!this.testMode) return undefined;
    return { failures: this.failures, answerWith: (action) => (this.answer = action) };
  }

  // VS Code hands the serializer bytes, not a URI: the file is the one in a notebook tab of ours whose
  // content is exactly what failed (so a broken old revision in a diff is not reported against the file).
  private async findFile(text: string): Promise<vscode.Uri | undefined> {
    const end = Date.now() + FIND_TAB_MS;
    const checked = new Set<string>();
    for (;;) {
      for (const uri of notebookTabUris()) {
        if (checked.has(uri.toString())) continue;
        checked.add(uri.toString());
        const onDisk = await vscode.workspace.fs.readFile(uri).then(
          (bytes) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
          () => undefined,
        );
        if (onDisk === text) return uri;
      }
      if (Date.now() > end) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private async notify(uri: vscode.Uri, text: string, diagnostics: Diagnostic[]): Promise<void> {
    const key = `${uri.toString()}\n${text}`;
    if (this.shown.has(key)) return;
    this.shown.add(key);
    this.set(uri, diagnostics, positionAtFactory(text));
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const first = diagnostics.slice(0, SHOWN_IN_NOTIFICATION).map((d) => formatDiagnostic(d));
    const more = diagnostics.length - first.length;
    const message = `"${name}" is not a valid Akkuro notebook, so it was not opened (nothing was changed). ${first.join(' · ')}${more > 0 ? ` · and ${more} more` : ''}`;
    const actions = [OPEN_AS_TEXT, SHOW_ALL_PROBLEMS];
    if (this.testMode) this.failures.push({ uri: uri.toString(), message, actions });
    const picked =
      this.testMode && this.answer !== undefined
        ? this.answer
        : await vscode.window.showErrorMessage(message, ...actions);
    if (picked === OPEN_AS_TEXT || picked === SHOW_ALL_PROBLEMS) await openAsText(uri, diagnostics[0]);
    if (picked === SHOW_ALL_PROBLEMS) await vscode.commands.executeCommand('workbench.actions.view.problems');
  }

  private isNotebookFileText(doc: vscode.TextDocument): boolean {
    return (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled') && doc.uri.path.endsWith('.akkuro-nb');
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!this.isNotebookFileText(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!doc.isClosed) this.check(doc);
      }, DEBOUNCE_MS),
    );
  }

  /** The notebook loader's checks on the file's text, as diagnostics on the exact lines. */
  private check(doc: vscode.TextDocument): void {
    if (!this.isNotebookFileText(doc)) return;
    const parsed = parseNotebookFile(doc.getText());
    this.set(doc.uri, parsed.ok ? [] : parsed.diagnostics, (offset) => doc.positionAt(offset));
  }

  private set(uri: vscode.Uri, diagnostics: Diagnostic[], positionAt: (offset: number) => vscode.Position): void {
    this.fixes.set(uri.toString(), diagnostics);
    this.collection.set(
      uri,
      diagnostics.map((d) => vsDiagnostic(d, positionAt, 'Akkuro notebook file')),
    );
  }

  private clear(uri: vscode.Uri): void {
    this.fixes.delete(uri.toString());
    this.collection.delete(uri);
    for (const key of [...this.shown]) if (key.startsWith(`${uri.toString()}\n`)) this.shown.delete(key);
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const found = this.fixes.get(doc.uri.toString()) ?? [];
    return found.flatMap((d) => {
      const at = new vscode.Range(doc.positionAt(d.offset), doc.positionAt(d.endOffset));
      if (!d.fix || !at.intersection(range)) return [];
      const action = new vscode.CodeAction(d.fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, at, d.fix.replacement);
      action.isPreferred = true;
      return [action];
    });
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

function notebookTabUris(): vscode.Uri[] {
  return vscode.window.tabGroups.all.flatMap((g) =>
    g.tabs.flatMap((t) =>
      t.input instanceof vscode.TabInputNotebook && t.input.notebookType === NOTEBOOK_TYPE ? [t.input.uri] : [],
    ),
  );
}

/** Shows the file as text at its first problem, in place of the notebook editor that could not open it. */
async function openAsText(uri: vscode.Uri, first: Diagnostic | undefined): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = first ? doc.positionAt(first.offset) : new vscode.Position(0, 0);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at), preview: false });
  const failed = vscode.window.tabGroups.all.flatMap((g) =>
    g.tabs.filter((t) => t.input instanceof vscode.TabInputNotebook && t.input.uri.toString() === uri.toString()),
  );
  if (failed.length) await vscode.window.tabGroups.close(failed, true);
}
