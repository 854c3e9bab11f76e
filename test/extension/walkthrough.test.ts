import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseNotebookFile } from '../../src/core/notebook/notebookFile';
import { answerQuickPick, closeAll, openNotebook, waitFor, workspaceDir } from './helpers';
import { COMMANDS, NOTEBOOK_TYPE } from '../../src/contract/ids';

describe("the walkthrough's buttons", () => {
  afterEach(closeAll);

  it('"Open Example Notebook" opens an untitled copy of the example, pinned to the sandbox, cursor in its first request', async () => {
    const uri = await vscode.commands.executeCommand<string>(COMMANDS.openExample);
    const editor = vscode.window.activeNotebookEditor;
    assert.equal(editor?.notebook.uri.toString(), uri);
    const doc = editor.notebook;
    assert.equal(doc.notebookType, NOTEBOOK_TYPE);
    assert.ok(doc.isUntitled);
    assert.equal(doc.metadata.environment, 'sandbox');
    const example = fs.readFileSync(path.join(workspaceDir(), 'examples', 'getting-started.akkuro-nb'), 'utf8');
    const parsed = parseNotebookFile(example);
    assert.ok(parsed.ok);
    assert.equal(doc.cellCount, parsed.notebook.cells.length);
    assert.ok(example.includes(doc.cellAt(1).document.getText().split('\n')[0]));
    assert.equal(editor.selection.start, 1);
    await waitFor(
      'the cursor in the first request cell',
      () =>
        vscode.window.activeTextEditor?.document.uri.toString() === doc.cellAt(1).document.uri.toString() || undefined,
    );
  });

  it('"Copy CI Command" copies the runner command for the active notebook and its environment', async () => {
    await openNotebook(vscode.Uri.file(path.join(workspaceDir(), 'examples', 'getting-started.akkuro-nb')));
    const command = await vscode.commands.executeCommand<string>(COMMANDS.copyCiCommand);
    assert.equal(command, 'akkuro-nb run examples/getting-started.akkuro-nb --sandbox');
    assert.equal(await vscode.env.clipboard.readText(), command);
    // A white label picked in the status bar is the notebook's in VS Code only: the command carries it to CI.
    await vscode.commands.executeCommand(COMMANDS.selectLabel, { label: 'second-label' });
    try {
      const labelled = await vscode.commands.executeCommand<string>(COMMANDS.copyCiCommand);
      assert.equal(labelled, 'akkuro-nb run examples/getting-started.akkuro-nb --sandbox --label second-label');
    } finally {
      await vscode.commands.executeCommand(COMMANDS.selectLabel, { label: null });
    }
  });

  it('Show Token Details with no notebook open asks which environment, among those with tokens', async () => {
    assert.equal(vscode.window.activeNotebookEditor, undefined);
    // The built-in sandbox is listed first.
    const details = await answerQuickPick(
      vscode.commands.executeCommand<{ environment: string } | undefined>(COMMANDS.showTokenDetails),
    );
    assert.equal(details?.environment, 'sandbox');
  });
});
