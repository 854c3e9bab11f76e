import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { api, closeAll, waitFor, writeFile } from './helpers';

// Line 5 misspells a cell kind; line 7 holds a second problem.
const MALFORMED = [
  'akkuro-notebook: 1',
  'cells:',
  '  - request: |',
  '      GET: /counterparty-management/counterparties',
  '  - reqest: |',
  '      GET: /collateral-management/collaterals',
  '  - markdown: 3',
  '',
].join('\n');

describe('a malformed notebook file', () => {
  afterEach(async () => {
    (await api()).notebookFileProblems.answerWith(undefined);
    await closeAll();
  });

  it('says what is wrong in a notification, with the way to the text', async () => {
    const test = await api();
    const uri = writeFile('broken-cells.akkuro-nb', MALFORMED);
    await vscode.commands.executeCommand('vscode.open', uri); // what a click in the Explorer does
    const failure = await waitFor('the notification about broken-cells.akkuro-nb', () =>
      test.notebookFileProblems.failures.find((f) => f.uri === uri.toString()),
    );
    assert.match(
      failure.message,
      /^"broken-cells\.akkuro-nb" is not a valid Akkuro notebook, so it was not opened \(nothing was changed\)\./,
    );
    assert.match(failure.message, /line 5, column 5: Unknown key `reqest` in cell 2 .*did you mean `request`\?/);
    assert.match(failure.message, /line 7, column 15: The markdown text of cell 3 must be text/);
    assert.deepEqual(failure.actions, ['Open in Text Editor', 'Show All Problems']);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), MALFORMED, 'the file was changed');
  });

  it('"Open in Text Editor" shows the text at the first problem, with the loader\'s checks as diagnostics', async () => {
    const test = await api();
    test.notebookFileProblems.answerWith('Open in Text Editor');
    const uri = writeFile('broken-cells-text.akkuro-nb', MALFORMED);
    await vscode.commands.executeCommand('vscode.open', uri);
    const editor = await waitFor('the file as text', () =>
      vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()
        ? vscode.window.activeTextEditor
        : undefined,
    );
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [4, 4]);
    const problems = () =>
      vscode.languages
        .getDiagnostics(uri)
        .filter((d) => d.source === 'Akkuro notebook file')
        .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);
    assert.deepEqual(await waitFor('the diagnostics', () => (problems().length ? problems() : undefined)), [
      '5:5 unknown-key',
      '7:15 bad-cell-text',
    ]);
    const failedTab = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .some((t) => t.input instanceof vscode.TabInputNotebook && t.input.uri.toString() === uri.toString());
    await waitFor('the notebook tab that could not open to close', () => !failedTab() || undefined);

    // The quick fix of the first problem, then the second fixed by hand: the checks follow the text.
    const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(4, 4, 4, 10),
    );
    const fix = fixes.find((f) => f.title === 'Change to request');
    assert.ok(fix?.edit, JSON.stringify(fixes.map((f) => f.title)));
    await vscode.workspace.applyEdit(fix.edit);
    await waitFor('one problem left', () => (problems().length === 1 ? true : undefined));
    await editor.edit((e) => e.replace(new vscode.Range(6, 14, 6, 15), '"three"'));
    await waitFor('no problem left', () => (problems().length === 0 ? true : undefined));
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), MALFORMED, 'nothing is written until the user saves');
  });
});
