import * as vscode from 'vscode';
import type { CellScope } from '../../core/language/languageTypes';
import { collectAllNotebookFacts, collectNotebookFacts, type NotebookFacts } from '../../core/language/notebookFacts';
import type { NotebookEnvironments } from '../notebookEnvironments';
import type { ContractSpecs } from '../contract/contractSpecs';
import { NOTEBOOK_TYPE } from '../../contract/ids';

export interface CellSite {
  notebook: vscode.NotebookDocument;
  cell: vscode.NotebookCell;
  scope: CellScope;
}

/** What the language features need around a request cell: its notebook, environment and neighbours. */
export class CellScopes {
  constructor(
    private readonly notebooks: NotebookEnvironments,
    private readonly contract?: ContractSpecs,
  ) {}

  find(document: vscode.TextDocument): { notebook: vscode.NotebookDocument; cell: vscode.NotebookCell } | undefined {
    for (const notebook of vscode.workspace.notebookDocuments) {
      if (notebook.notebookType !== NOTEBOOK_TYPE) continue;
      const cell = notebook
        .getCells()
        .find((c) => c.document === document || c.document.uri.toString() === document.uri.toString());
      if (cell) return { notebook, cell };
    }
    return undefined;
  }

  async site(document: vscode.TextDocument): Promise<CellSite | undefined> {
    const found = this.find(document);
    return found ? { ...found, scope: await this.scope(found.notebook, found.cell) } : undefined;
  }

  async scope(notebook: vscode.NotebookDocument, cell: vscode.NotebookCell): Promise<CellScope> {
    const requests = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    const facts = collectNotebookFacts(
      requests.map((c) => c.document.getText()),
      requests.indexOf(cell),
    );
    return this.withEnvironment(notebook, facts);
  }

  /** The scope of every request cell, looking the environment up once and reading each cell once. */
  async scopes(notebook: vscode.NotebookDocument): Promise<Map<vscode.NotebookCell, CellScope>> {
    const requests = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    const facts = collectAllNotebookFacts(requests.map((c) => c.document.getText()));
    const shared = await this.withEnvironment(notebook, { earlierNames: new Set() });
    return new Map(requests.map((c, i) => [c, { ...shared, ...facts[i] }]));
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
}
