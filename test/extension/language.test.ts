import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, notebookText, openNotebook, runCells, waitFor, writeFile } from './helpers';
import { COMMANDS } from '../../src/contract/ids';

async function diagnosticsOf(cell: vscode.NotebookCell, code: string): Promise<vscode.Diagnostic> {
  return waitFor(
    `diagnostic ${code} on cell ${cell.index}`,
    () => vscode.languages.getDiagnostics(cell.document.uri).find((d) => d.code === code),
    15_000,
  );
}

function positionOf(cell: vscode.NotebookCell, needle: string, delta = 0): vscode.Position {
  const i = cell.document.getText().indexOf(needle);
  assert.ok(i >= 0, `"${needle}" not in cell ${cell.index}`);
  return cell.document.positionAt(i + delta);
}

describe('writing request cells: diagnostics, quick fixes, completion, hover, cURL', () => {
  let doc: vscode.NotebookDocument;
  let sandboxUrl: string;

  before(async () => {
    sandboxUrl = await vscode.commands.executeCommand<string>(COMMANDS.startSandbox, { silent: true });
    writeFile(
      'akkuro-environments.yaml',
      `environments:\n  local:\n    baseUrl: ${sandboxUrl}\n    brokerKey: demo-bank\n    labelReferenceId: demo-label\n    apiVersion: 2025.1.0\n    variables: { partyId: p-42, apiSecret: hunter2hunter2 }\n`,
    );
    doc = await openNotebook(
      writeFile(
        'lang/cells.akkuro-nb',
        notebookText([
          { text: 'name: list\nGET: /counterparty-management/counterparties\nquery: { limit: 2 }' },
          { text: 'GET: /counterparty-management/counterparties/{{lst.body.items}}\nheadrs: { X-A: b }' },
          { text: 'GET: /counterparty-management/counterparties/{{partyId}}\nheaders:\n  X-Request-Id: "{{$uuid}}"' },
          { text: 'GET: /counterparty-management/counterparties/{{list.body.' },
        ]),
      ),
    );
    await vscode.commands.executeCommand(COMMANDS.selectEnvironment, {
      environment: 'local',
      notebook: doc.uri.toString(),
    });
  });
  after(closeAll);

  it('shows parser and template problems while typing, exact to the character', async () => {
    const cell = doc.cellAt(1);
    const unknown = await diagnosticsOf(cell, 'unknown-key');
    assert.deepEqual([unknown.range.start.line, unknown.range.start.character, unknown.range.end.character], [1, 0, 6]);
    assert.match(unknown.message, /did you mean "headers"/);
    const missing = await diagnosticsOf(cell, 'response-unnamed');
    assert.equal(cell.document.getText(missing.range), '{{lst.body.items}}');
    assert.match(missing.message, /No earlier cell is named "lst"; did you mean "list"?/);
  });

  it('updates diagnostics as the text changes', async () => {
    const cell = doc.cellAt(2);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(cell.document.uri, new vscode.Position(0, 0), 'GET: /twice\n');
    await vscode.workspace.applyEdit(edit);
    const d = await diagnosticsOf(cell, 'duplicate-key');
    assert.equal(d.range.start.line, 1);
    const undo = new vscode.WorkspaceEdit();
    undo.delete(cell.document.uri, new vscode.Range(0, 0, 1, 0));
    await vscode.workspace.applyEdit(undo);
    await waitFor(
      'the problem to clear',
      () => !vscode.languages.getDiagnostics(cell.document.uri).some((x) => x.code === 'duplicate-key'),
    );
  });

  it('offers a quick fix for an unknown key and applies it', async () => {
    const cell = doc.cellAt(1);
    const d = await diagnosticsOf(cell, 'unknown-key');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      cell.document.uri,
      d.range,
    );
    const fix = actions.find((a) => a.title === 'Change to "headers"');
    assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    await vscode.workspace.applyEdit(fix.edit);
    assert.match(cell.document.getText(), /^headers: \{ X-A: b \}$/m);
    await waitFor(
      'the fixed key to stop being reported',
      () => !vscode.languages.getDiagnostics(cell.document.uri).some((x) => x.code === 'unknown-key'),
    );
  });

  it('completes variables, built-ins and response names inside {{ }}', async () => {
    const cell = doc.cellAt(2);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      cell.document.uri,
      positionOf(cell, '{{partyId}}', 2),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const want of ['partyId', '$uuid', 'list'])
      assert.ok(labels.includes(want), `${want} in ${labels.join(', ')}`);
    const secret = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'apiSecret');
    assert.ok(!JSON.stringify(secret ?? {}).includes('hunter2hunter2'), 'a secret-looking value is not shown');
  });

  it('completes body fields of a response that has run', async () => {
    await vscode.commands.executeCommand(COMMANDS.signOut, { all: true });
    await vscode.commands.executeCommand(COMMANDS.authenticate, {
      environment: 'local',
      clientId: 'demo-client',
      clientSecret: 'demo-secret-change-me',
    });
    await runCells(doc, 0);
    const cell = doc.cellAt(3);
    const end = cell.document.lineAt(0).range.end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      cell.document.uri,
      end,
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('items') && labels.includes('total'), labels.join(', '));
  });

  it('completes top-level keys and API domains', async () => {
    const cell = doc.cellAt(0);
    const atEnd = cell.document.lineAt(cell.document.lineCount - 1).range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(cell.document.uri, atEnd, '\n');
    await vscode.workspace.applyEdit(edit);
    const keys = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      cell.document.uri,
      new vscode.Position(cell.document.lineCount - 1, 0),
    );
    const keyLabels = keys.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const want of ['headers', 'body', 'expect', 'apiVersion'])
      assert.ok(
        keyLabels.some((l) => l.startsWith(want)),
        `${want} in ${keyLabels.join(', ')}`,
      );
    assert.ok(!keyLabels.some((l) => l.startsWith('POST')), 'no second method key is offered');
    const paths = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      cell.document.uri,
      positionOf(cell, '/counterparty-management', 1),
    );
    const pathLabels = paths.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(
      pathLabels.some((l) => l.includes('/collateral-management')),
      pathLabels.join(', '),
    );
  });

  it('hovers a variable with its value and source, and the method line with the full URL', async () => {
    const cell = doc.cellAt(2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      cell.document.uri,
      positionOf(cell, '{{partyId}}', 3),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /p-42/);
    assert.match(text, /environment "local"/);
    const method = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      cell.document.uri,
      new vscode.Position(0, 1),
    );
    const methodText = method.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(methodText.includes(`${sandboxUrl}/counterparty-management/counterparties/p-42`), methodText);
  });

  it('copies a request as cURL with $AKKURO_TOKEN and never the token', async () => {
    await vscode.window.showNotebookDocument(doc, { selections: [new vscode.NotebookRange(2, 3)] });
    const command = await vscode.commands.executeCommand<string>(COMMANDS.copyAsCurl);
    assert.ok(command, 'a command was produced');
    assert.match(command, /\$AKKURO_TOKEN/);
    assert.ok(command.includes(`${sandboxUrl}/counterparty-management/counterparties/p-42`), command);
    assert.ok(!/eyJ[\w-]+\.eyJ/.test(command));
    assert.equal(await vscode.env.clipboard.readText(), command);
  });

  it('pastes a cURL command as a request cell, dropping the Authorization header', async () => {
    const curl = `curl -X POST '${sandboxUrl}/counterparty-management/counterparties?dryRun=true' -H 'Authorization: Bearer eyJabc.eyJdef.sig' -H 'Accept: application/json;api-version=2025.1.0' -H 'Content-Type: application/json' --data-raw '{"name":"O\\u0027Brien"}'`;
    const before = doc.cellCount;
    const result = await vscode.commands.executeCommand<{ index: number; cellText: string; notices: string[] }>(
      COMMANDS.pasteCurl,
      { text: curl },
    );
    assert.equal(doc.cellCount, before + 1);
    const text = doc.cellAt(result.index).document.getText();
    assert.match(text, /^POST: \/counterparty-management\/counterparties$/m);
    assert.match(text, /apiVersion: 2025\.1\.0/);
    assert.match(text, /dryRun/);
    assert.ok(!/authorization|eyJ/i.test(text), text);
    assert.ok(result.notices.some((n) => /Authorization/i.test(n)));
  });
});
