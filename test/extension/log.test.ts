import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, closeAll, notebookText, openNotebook, result, runCells, waitFor, writeFile } from './helpers';
import { COMMANDS } from '../../src/contract/ids';
import { SANDBOX_CREDENTIALS } from '../../src/core/environments/sandboxEnvironment';

// Required last by suite.ts: by then the log holds what the whole suite did (tokens fetched, renewed
// after a 401, dropped on sign-out; requests to the sandbox and to hosts that do not answer).
describe('the "Akkuro Notebooks" log', () => {
  after(closeAll);

  const logText = async () => {
    const file = path.join((await api()).logDir, 'Akkuro Notebooks.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  };

  it('has one line per request and per token event', async () => {
    const doc = await openNotebook(
      writeFile(
        'logged.akkuro-nb',
        notebookText([{ text: 'GET: /counterparty-management/counterparties?limit=3' }], 'sandbox'),
      ),
    );
    await runCells(doc, 0);
    const url =
      result(doc, 0)?.model.kind === 'response'
        ? (result(doc, 0)!.model as { request: { url: string } }).request.url
        : '';
    assert.match(url, /limit=3$/);
    const line = await waitFor('the request line in the log file', async () =>
      (await logText()).split('\n').find((l) => l.includes(`GET ${url} →`)),
    );
    assert.match(
      line,
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[info\] \[sandbox · client onboarding · label demo-label\] GET http:\/\/127\.0\.0\.1:\d+\/counterparty-management\/counterparties\?limit=3 → 200 in \d+ ms, \d+ bytes, token attached$/,
    );
    const text = await logText();
    for (const event of [
      /\[info\] \[sandbox · client onboarding · label demo-label\] token requested for demo-bank\/demo-label from http:\/\/127\.0\.0\.1:\d+$/m,
      /\[info\] \[sandbox · client onboarding · label demo-label\] token received for demo-bank\/demo-label from http:\/\/127\.0\.0\.1:\d+, expires \d{4}-/m,
      /\[warning\] \[local · client default · label demo-label\] token dropped for demo-bank\/demo-label from http:\/\/127\.0\.0\.1:\d+: credentials changed or signed out$/m,
      /\[warning\] \[[^\]]+\] GET \S+ → 40\d in \d+ ms/m,
      // Authenticate gets a token before it stores credentials: that token shows too, and a refused one, with the
      // client by its name like the run's own token events ("default": an environment without clients:).
      /\[info\] \[local · client default · label demo-label\] token received for demo-bank\/demo-label/m,
      /\[error\] \[local · client default · label demo-label\] token request failed for demo-bank\/demo-label from \S+: The client id\/secret was refused/m,
    ])
      assert.match(text, event);
    // Sign-out names the client like every other token line, never by its id.
    assert.doesNotMatch(text, /client demo-client[^\n]*token dropped/);
  });

  it('holds no secret, no Basic credentials and no token', async () => {
    const text = await logText();
    assert.ok(text.split('\n').length > 10, `the log is too short to prove anything:\n${text}`);
    const basic = Buffer.from(`${SANDBOX_CREDENTIALS.clientId}:${SANDBOX_CREDENTIALS.clientSecret}`).toString('base64');
    assert.ok(!text.includes(SANDBOX_CREDENTIALS.clientSecret), 'the client secret is in the log');
    assert.ok(!text.includes('wrong-secret-value'), 'a refused secret is in the log');
    assert.ok(!text.includes(basic), 'the Basic credentials are in the log');
    assert.doesNotMatch(text, /eyJ[\w-]+\.eyJ[\w-]+\./, 'a JWT is in the log');
  });

  it('"Akkuro: Show Log" shows it', async () => {
    await vscode.commands.executeCommand(COMMANDS.showLog);
    const shown = await waitFor('the log in the Output panel', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'output'),
    );
    assert.match(decodeURIComponent(shown.document.uri.toString()), /Akkuro Notebooks/);
  });
});
