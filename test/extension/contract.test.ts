import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAll, notebookText, openNotebook, result, runCells, waitFor, writeFile } from './helpers';
import { COMMANDS } from '../../src/contract/ids';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/openapi');
const CREATE =
  'POST: /counterparty-management/counterparties\nheaders: { X-Request-Id: a }\nbody:\n  name: Jane\n  type: persn\n  address:\n    ';

function labels(list: vscode.CompletionList): string[] {
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

describe('working from the API contract (OpenAPI specs)', () => {
  let doc: vscode.NotebookDocument;
  let envFile: vscode.Uri;

  before(async () => {
    const sandboxUrl = await vscode.commands.executeCommand<string>(COMMANDS.startSandbox, { silent: true });
    writeFile('contract/specs/parties.yaml', readFileSync(path.join(FIXTURES, 'parties.yaml'), 'utf8'));
    writeFile('contract/specs/schemas/common.yaml', readFileSync(path.join(FIXTURES, 'schemas/common.yaml'), 'utf8'));
    writeFile('contract/broken/bad.yaml', 'openapi: 3.1.0\ninfo: { title: x\n');
    envFile = writeFile(
      'contract/akkuro-environments.yaml',
      `specs: [specs/*.yaml, broken/*.yaml]\nenvironments:\n  local:\n    baseUrl: ${sandboxUrl}\n    brokerKey: demo-bank\n    labelReferenceId: demo-label\n    apiVersion: 2025.1.0\n`,
    );
    doc = await openNotebook(
      writeFile(
        'contract/cells.akkuro-nb',
        notebookText([{ text: CREATE }, { text: 'GET: /counterparty-management/counterparties' }], 'local'),
      ),
    );
  });
  after(closeAll);

  it('completes body keys at depth from the spec', async () => {
    const cell = doc.cellAt(0);
    const end = cell.document.lineAt(cell.document.lineCount - 1).range.end;
    const list = await waitFor(
      'body completion from the spec',
      async () => {
        const l = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          cell.document.uri,
          end,
        );
        return labels(l).includes('city') ? l : undefined;
      },
      15_000,
    );
    const city = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'city')!;
    assert.equal(city.detail, 'required · string');
  });

  it('hovers the method line with the operation', async () => {
    const cell = doc.cellAt(1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      cell.document.uri,
      new vscode.Position(0, 1),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /List counterparties/);
    assert.match(text, /From specs\/parties\.yaml \(Counterparty management 2025\.1\.0\)/);
  });

  it('warns about an unknown enum value, with a quick fix', async () => {
    const cell = doc.cellAt(0);
    const d = await waitFor(
      'contract-enum',
      () => vscode.languages.getDiagnostics(cell.document.uri).find((x) => x.code === 'contract-enum'),
      15_000,
    );
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(cell.document.getText(d.range), 'persn');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      cell.document.uri,
      d.range,
    );
    assert.ok(
      actions.some((a) => a.title === 'Change to "person"' && a.isPreferred),
      actions.map((a) => a.title).join(', '),
    );
  });

  it('reports a broken spec once, on its entry in the environments file', async () => {
    const d = await waitFor(
      'spec-unusable',
      () => vscode.languages.getDiagnostics(envFile).find((x) => x.code === 'spec-unusable'),
      15_000,
    );
    assert.deepEqual([d.range.start.line, d.range.start.character], [0, 22]);
    assert.match(d.message, /bad\.yaml line 3/);
  });

  it('New Request from Operation inserts a cell with the path, required parameters and a body skeleton', async () => {
    await vscode.window.showNotebookDocument(doc);
    const before = doc.cellCount;
    await vscode.commands.executeCommand(COMMANDS.newRequestFromOperation, {
      pick: 'POST /counterparty-management/counterparties',
    });
    await waitFor('a new cell', () => (doc.cellCount === before + 1 ? true : undefined), 10_000);
    // Inserted below the selected cell, and selected.
    const at = vscode.window.activeNotebookEditor!.selection.start;
    assert.equal(at, 1);
    const text = doc.cellAt(at).document.getText();
    assert.equal(
      text,
      '# Create a counterparty\nPOST: /counterparty-management/counterparties\nheaders:\n  X-Request-Id: ""\nbody:\n  name: ""\n  address:\n    city: ""\nexpect:\n  status: 201',
    );
  });

  it("the sandbox environment uses the sandbox's own document: expect: { schema: true } passes", async () => {
    const sandboxDoc = await openNotebook(
      writeFile(
        'contract/sandbox.akkuro-nb',
        notebookText([{ text: 'GET: /counterparty-management/counterparties\nexpect:\n  schema: true' }], 'sandbox'),
      ),
    );
    await runCells(sandboxDoc, 0);
    const r = await waitFor('a result', () => result(sandboxDoc, 0), 20_000);
    assert.equal(r.model.kind, 'response');
    const schema = r.model.kind === 'response' ? r.model.assertions.find((a) => a.target === 'schema') : undefined;
    assert.ok(schema?.passed, JSON.stringify(r.model));
    assert.match(
      schema!.message,
      /body matches the schema of GET \/counterparty-management\/counterparties \(Akkuro Lending sandbox 2025\.1\.0\) → 200/,
    );
  });
});
