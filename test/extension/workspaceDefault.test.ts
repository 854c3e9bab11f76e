import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, closeAll, notebookText, openNotebook, waitFor, workspaceDir, writeFile } from './helpers';
import { COMMANDS } from '../../src/contract/ids';

describe('Select Environment with no notebook open', () => {
  const file = () => path.join(workspaceDir(), 'akkuro-environments.yaml');
  let before: string | undefined;
  const setting = () =>
    vscode.workspace.getConfiguration('akkuro').inspect<string>('defaultEnvironment')?.workspaceValue;

  beforeEach(async () => {
    before = fs.existsSync(file()) ? fs.readFileSync(file(), 'utf8') : undefined;
    const url = await vscode.commands.executeCommand<string>(COMMANDS.startSandbox, { silent: true });
    writeFile(
      'akkuro-environments.yaml',
      `environments:\n  team:\n    baseUrl: ${url}\n    brokerKey: demo-bank\n    labelReferenceId: demo-label\n`,
    );
    await closeAll();
  });
  afterEach(async () => {
    await vscode.workspace
      .getConfiguration('akkuro')
      .update('defaultEnvironment', undefined, vscode.ConfigurationTarget.Workspace);
    if (before === undefined) fs.rmSync(file(), { force: true });
    else fs.writeFileSync(file(), before);
    await closeAll();
  });

  it('sets the workspace default, which an unpinned notebook then uses', async () => {
    assert.equal(vscode.window.activeNotebookEditor, undefined);
    // The environments file was just rewritten: its new environment is known once the file watcher reloads it.
    await waitFor('"team" to be set as the workspace default', async () =>
      (await vscode.commands.executeCommand(COMMANDS.selectEnvironment, { environment: 'team' })) === 'team'
        ? true
        : undefined,
    );
    assert.equal(setting(), 'team');
    await openNotebook(
      writeFile('unpinned.akkuro-nb', notebookText([{ text: 'GET: /counterparty-management/counterparties' }])),
    );
    const test = await api();
    await waitFor('the status bar to show "team"', () =>
      /\bteam · demo-bank\/demo-label/.test(test.statusText() ?? ''),
    );
  });

  it('refuses an environment that does not exist, changing nothing', async () => {
    assert.equal(await vscode.commands.executeCommand(COMMANDS.selectEnvironment, { environment: 'nope' }), undefined);
    assert.equal(setting(), undefined);
  });
});
