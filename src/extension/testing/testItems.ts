import * as vscode from 'vscode';
import { NOTEBOOK_TYPE } from '../../contract/ids';
import { expectLocation } from '../../core/expect/expectLocation';
import { parseNotebookFile } from '../../core/notebook/notebookFile';
import { cellNameOf } from '../../core/request/cell';

const EXPECT_KEY = /^[ \t]*expect[ \t]*:/m;
const METHOD_LINE = /^[ \t]*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[ \t]*:[ \t]*(.*?)[ \t]*(#.*)?$/m;

/** A request cell with `expect:`, as the Testing view lists it. */
export interface CellTest {
  /** Position among all the notebook's cells, markdown included. */
  index: number;
  text: string;
}

/** The notebook's cells with `expect:`: from the open notebook when it is open, else from the file. */
export async function cellTestsOf(uri: vscode.Uri): Promise<CellTest[] | undefined> {
  const open = vscode.workspace.notebookDocuments.find((d) => d.uri.toString() === uri.toString());
  const cells = open
    ? open.getCells().map((c) => ({ request: c.kind === vscode.NotebookCellKind.Code, text: c.document.getText() }))
    : await cellsOnDisk(uri);
  return cells
    ?.map((c, index) => ({ ...c, index }))
    .filter((c) => c.request && EXPECT_KEY.test(c.text))
    .map(({ index, text }) => ({ index, text }));
}

async function cellsOnDisk(uri: vscode.Uri): Promise<Array<{ request: boolean; text: string }> | undefined> {
  try {
    const parsed = parseNotebookFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    return parsed.ok ? parsed.notebook.cells.map((c) => ({ request: c.kind === 'request', text: c.text })) : undefined;
  } catch {
    return undefined;
  }
}

export function testId(notebook: vscode.Uri, index: number): string {
  return `${notebook.toString()}#${index}`;
}

/** The cell position a test id names. */
export function indexOfTest(id: string): number | undefined {
  const m = /#(\d+)$/.exec(id);
  return m ? Number(m[1]) : undefined;
}

/** A cell test item: in an open notebook it points at the cell's `expect:` line, else at the notebook file. */
export function createCellItem(
  controller: vscode.TestController,
  notebook: vscode.Uri,
  test: CellTest,
): vscode.TestItem {
  const cell = openCell(notebook, test.index);
  const item = controller.createTestItem(testId(notebook, test.index), labelOf(test), cell?.document.uri ?? notebook);
  item.description = `cell ${test.index + 1}`;
  const at = cell ? expectLocation(test.text, 'expect') : undefined;
  if (cell && at) item.range = new vscode.Range(cell.document.positionAt(at.start), cell.document.positionAt(at.end));
  item.sortText = String(test.index).padStart(6, '0');
  return item;
}

export function openCell(notebook: vscode.Uri, index: number): vscode.NotebookCell | undefined {
  const doc = vscode.workspace.notebookDocuments.find(
    (d) => d.notebookType === NOTEBOOK_TYPE && d.uri.toString() === notebook.toString(),
  );
  return doc && index < doc.cellCount ? doc.cellAt(index) : undefined;
}

function labelOf(test: CellTest): string {
  const name = cellNameOf(test.text);
  const m = METHOD_LINE.exec(test.text);
  const request = m ? `${m[1]} ${m[2]}` : `cell ${test.index + 1}`;
  return name ? `${name} · ${request}` : request;
}
