import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, closeAll, notebookText, openNotebook, waitFor, workspaceDir, writeFile } from './helpers';

/**
 * The OpenAPI libraries stay out of the extension host until a notebook's environment has specs. Runs first in
 * the suite (suite.ts): every later test may load them.
 */
describe('the OpenAPI libraries load lazily', () => {
  after(async () => {
    await closeAll();
    fs.rmSync(path.join(workspaceDir(), 'lazy'), { recursive: true, force: true });
  });

  it('are not loaded by activation nor by a notebook whose environment lists no specs; the sandbox notebook loads them', async () => {
    const testApi = await api();
    assert.equal(testApi.openApiLoaded(), false, 'loaded by activation');
    writeFile(
      'lazy/akkuro-environments.yaml',
      'environments:\n  local:\n    baseUrl: https://api.example.test\n    brokerKey: demo-bank\n    labelReferenceId: demo-label\n    apiVersion: 2025.1.0\n',
    );
    const plain = await openNotebook(
      writeFile(
        'lazy/plain.akkuro-nb',
        notebookText([{ text: 'GET: /counterparty-management/counterparties/{id}?q={{nope}}' }], 'local'),
      ),
    );
    const cell = plain.cellAt(0).document;
    // The cell's scope (environment, specs) was built: an unknown variable needs the environment to be told.
    await waitFor(
      'diagnostics of the plain notebook',
      () => vscode.languages.getDiagnostics(cell.uri).length > 0,
      15_000,
    );
    await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      cell.uri,
      new vscode.Position(0, 6),
    );
    assert.ok(
      !vscode.languages.getDiagnostics(cell.uri).some((d) => String(d.code).startsWith('contract-')),
      'no contract for this environment',
    );
    assert.equal(testApi.openApiLoaded(), false, 'loaded for a notebook without specs');

    // The check can fail: the built-in sandbox has its own document, so a notebook on it loads them.
    const sandbox = await openNotebook(
      writeFile(
        'lazy/sandbox.akkuro-nb',
        notebookText([{ text: 'GET: /counterparty-management/counterparties/{id}' }], 'sandbox'),
      ),
    );
    await waitFor(
      'a contract warning on the sandbox notebook',
      () =>
        vscode.languages.getDiagnostics(sandbox.cellAt(0).document.uri).some((d) => d.code === 'contract-path-param'),
      15_000,
    );
    assert.equal(testApi.openApiLoaded(), true);
  });
});
