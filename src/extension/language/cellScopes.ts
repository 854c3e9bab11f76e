import * as vscode from 'vscode';
import type { CellScope, NotebookFacts } from '../../core/language/languageTypes';
import { NotebookIndex } from '../../core/language/notebookIndex';
import { cellNameOf } from '../../core/request/cell';
import type { NotebookEnvironments } from '../notebookEnvironments';
import type { ContractSpecs } from '../contract/contractSpecs';
import { NOTEBOOK_TYPE } from '../../contract/ids';

export interface CellSite {
  notebook: vscode.NotebookDocument;
  cell: vscode.NotebookCell;
  scope: CellScope;
}

/** Cells whose diagnostics may have changed; `all` when the whole notebook must be checked (opened, environment). */
export interface CellsChange {
  notebook: vscode.NotebookDocument;
  cells: ReadonlySet<vscode.NotebookCell>;
  /** Typing: worth waiting for a pause. Opening a notebook or switching environment: check now. */
  typing: boolean;
}

interface Tracked {
  index: NotebookIndex<vscode.NotebookCell>;
  variables: string;
}

/**
 * What the language features need around a request cell: its notebook, environment and neighbours. Each open
 * notebook has a NotebookIndex kept current edit by edit, so a lookup costs the same in a notebook of 1,000
 * cells as in one of 10, and an edit reports only the cells it can affect.
 */
export class CellScopes implements vscode.Disposable {
  private readonly tracked = new Map<vscode.NotebookDocument, Tracked>();
  private readonly cellsByUri = new Map<string, { notebook: vscode.NotebookDocument; cell: vscode.NotebookCell }>();
  private readonly changed = new vscode.EventEmitter<CellsChange>();
  readonly onDidChangeCells = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly notebooks: NotebookEnvironments,
    private readonly contract?: ContractSpecs,
  ) {
    this.subscriptions = [
      this.changed,
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.track(nb)),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.untrack(nb)),
      vscode.workspace.onDidChangeNotebookDocument((e) => this.notebookChanged(e)),
      vscode.workspace.onDidChangeTextDocument((e) => this.textChanged(e.document)),
      notebooks.onDidChange((uri) => {
        for (const [nb, t] of this.tracked)
          if (!uri || uri.toString() === nb.uri.toString()) this.fire(nb, new Set(t.index.keys()), false);
      }),
    ];
    vscode.workspace.notebookDocuments.forEach((nb) => this.track(nb));
  }

  /** The notebooks being tracked, with all their request cells: for a first full check. */
  all(): CellsChange[] {
    return [...this.tracked].map(([notebook, t]) => ({ notebook, cells: new Set(t.index.keys()), typing: false }));
  }

  find(document: vscode.TextDocument): { notebook: vscode.NotebookDocument; cell: vscode.NotebookCell } | undefined {
    return this.cellsByUri.get(document.uri.toString());
  }

  async site(document: vscode.TextDocument): Promise<CellSite | undefined> {
    const found = this.find(document);
    return found ? { ...found, scope: await this.scope(found.notebook, found.cell) } : undefined;
  }

  async scope(notebook: vscode.NotebookDocument, cell: vscode.NotebookCell): Promise<CellScope> {
    return (await this.scopes(notebook, [cell])).get(cell)!;
  }

  /** The scopes of some request cells of a notebook, looking its environment up once. */
  async scopes(
    notebook: vscode.NotebookDocument,
    cells: Iterable<vscode.NotebookCell>,
  ): Promise<Map<vscode.NotebookCell, CellScope>> {
    return this.withFacts(notebook, await this.shared(notebook), cells);
  }

  /** What every cell of the notebook shares: the environment, its responses, the notebook's api-version. */
  shared(notebook: vscode.NotebookDocument): Promise<CellScope> {
    return this.withEnvironment(notebook, { earlierNames: new Set() });
  }

  withFacts(
    notebook: vscode.NotebookDocument,
    shared: CellScope,
    cells: Iterable<vscode.NotebookCell>,
  ): Map<vscode.NotebookCell, CellScope> {
    const t = this.tracked.get(notebook) ?? this.track(notebook, false);
    const variables = Object.keys(shared.environment?.variables ?? {}).join('\n');
    if (t.variables !== variables) {
      t.index.setVariables(variables ? variables.split('\n') : []);
      t.variables = variables;
    }
    const out = new Map<vscode.NotebookCell, CellScope>();
    for (const cell of cells) out.set(cell, { ...shared, ...t.index.facts(cell) });
    return out;
  }

  private track(notebook: vscode.NotebookDocument, announce = true): Tracked {
    if (notebook.notebookType !== NOTEBOOK_TYPE) return { index: new NotebookIndex(), variables: '' };
    const t: Tracked = { index: new NotebookIndex(), variables: '' };
    this.tracked.set(notebook, t);
    const dirty = this.setCells(notebook, t);
    if (announce) this.fire(notebook, dirty, false);
    return t;
  }

  private untrack(notebook: vscode.NotebookDocument): void {
    const t = this.tracked.get(notebook);
    if (!t) return;
    for (const cell of t.index.keys()) this.cellsByUri.delete(cell.document.uri.toString());
    this.tracked.delete(notebook);
  }

  private setCells(notebook: vscode.NotebookDocument, t: Tracked): Set<vscode.NotebookCell> {
    for (const cell of t.index.keys()) this.cellsByUri.delete(cell.document.uri.toString());
    const requests = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    for (const cell of requests) this.cellsByUri.set(cell.document.uri.toString(), { notebook, cell });
    return t.index.setCells(requests.map((cell) => ({ key: cell, text: cell.document.getText() })));
  }

  private notebookChanged(e: vscode.NotebookDocumentChangeEvent): void {
    const t = this.tracked.get(e.notebook);
    if (!t) return;
    const dirty = e.contentChanges.length > 0 ? this.setCells(e.notebook, t) : new Set<vscode.NotebookCell>();
    // A cell that ran has a new response: the cells that read it may see new fields (or lose them).
    for (const change of e.cellChanges) {
      if (!change.executionSummary) continue;
      const name = cellNameOf(t.index.text(change.cell) ?? '');
      if (name) for (const reader of t.index.readersOf(name)) dirty.add(reader);
    }
    if (dirty.size > 0) this.fire(e.notebook, dirty, false);
  }

  private textChanged(document: vscode.TextDocument): void {
    const found = this.cellsByUri.get(document.uri.toString());
    const t = found && this.tracked.get(found.notebook);
    if (!found || !t) return;
    const dirty = t.index.setText(found.cell, document.getText());
    if (dirty.size > 0) this.fire(found.notebook, dirty, true);
  }

  private fire(notebook: vscode.NotebookDocument, cells: Set<vscode.NotebookCell>, typing: boolean): void {
    this.changed.fire({ notebook, cells, typing });
  }

  private async withEnvironment(notebook: vscode.NotebookDocument, facts: NotebookFacts): Promise<CellScope> {
    const { environment, access } = await this.notebooks.current(notebook);
    // A spec that cannot be read is reported on the environments file; the cell just gets no contract hints.
    const contract = environment
      ? await this.contract?.indexFor(notebook.uri, environment).catch(() => undefined)
      : undefined;
    return {
      ...(contract ? { contract } : {}),
      ...facts,
      ...(environment ? { environment } : {}),
      access,
      responses: environment ? this.notebooks.responsesFor(notebook.uri, environment.name) : new Map(),
      ...(typeof notebook.metadata?.apiVersion === 'string'
        ? { notebookApiVersion: notebook.metadata.apiVersion as string }
        : {}),
    };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
