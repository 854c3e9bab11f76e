import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  api,
  closeAll,
  filesContaining,
  notebookText,
  openNotebook,
  result,
  runCells,
  waitFor,
  workspaceDir,
  writeFile,
  type TestApi,
} from './helpers';
import { COMMANDS } from '../../src/contract/ids';

const SECRET = 'demo-secret-change-me';
const GET_CELL = 'GET: /counterparty-management/counterparties\nquery: { limit: 1 }';
const POST_CELL = 'POST: /counterparty-management/counterparties\nbody: { name: Guarded }';

function environmentsFile(url: string, overrides: Record<string, string> = {}): string {
  const env = (name: string, extra = '') =>
    `  ${name}:\n    baseUrl: ${overrides[name] ?? url}\n    brokerKey: demo-bank\n    labelReferenceId: demo-label\n${extra}`;
  return `environments:\n${env('local')}${env('local2')}${env('guarded', '    protected: true\n')}`;
}

async function authenticate(environment: string, clientSecret = SECRET) {
  return vscode.commands.executeCommand<{
    ok: boolean;
    message: string;
    tenant?: string;
    whiteLabel?: string;
    domains?: string[];
  }>(COMMANDS.authenticate, { environment, clientId: 'demo-client', clientSecret });
}

describe('environments, credentials and tokens', () => {
  let test: TestApi;
  let url: string;
  let doc: vscode.NotebookDocument;
  const tokenRequests = () => test.sandbox()!.stats().tokenRequests;
  const select = (environment: string, notebook = doc) =>
    vscode.commands.executeCommand(COMMANDS.selectEnvironment, { environment, notebook: notebook.uri.toString() });
  const run = async (index = 0) => {
    await runCells(doc, index);
    return result(doc, index)!.model;
  };

  before(async () => {
    test = await api();
    url = await vscode.commands.executeCommand<string>(COMMANDS.startSandbox, { silent: true });
    writeFile('akkuro-environments.yaml', environmentsFile(url));
    doc = await openNotebook(writeFile('env/calls.akkuro-nb', notebookText([{ text: GET_CELL }, { text: POST_CELL }])));
    await select('local');
    await waitFor('the status bar to show "local"', () => test.statusText()?.includes('local'));
  });
  after(async () => {
    await vscode.commands.executeCommand(COMMANDS.signOut, { all: true });
    await closeAll();
  });

  it('says "not signed in" with an Authenticate action instead of an error dialog', async () => {
    const r = await run();
    assert.equal(r.kind, 'failure');
    assert.ok(
      r.kind === 'failure' && r.category === 'not-signed-in' && r.action?.command === COMMANDS.authenticate,
      JSON.stringify(r),
    );
    assert.deepEqual(r.kind === 'failure' && r.action?.args, [{ environment: 'local' }]);
    assert.match(test.statusText() ?? '', /local · demo-bank\/demo-label · signed out/);
  });

  it('refused credentials store nothing', async () => {
    const res = await authenticate('local', 'wrong-secret-value');
    assert.equal(res.ok, false);
    assert.match(res.message, /refused for demo-bank\/demo-label/);
    assert.ok(!res.message.includes('wrong-secret-value'));
    assert.equal(await test.storedSecret('local'), undefined);
  });

  it('authenticates with arguments, keeps the secret in SecretStorage only, and runs', async () => {
    const res = await authenticate('local');
    assert.equal(res.ok, true, res.message);
    assert.equal(res.tenant, 'demo-bank');
    assert.equal(res.whiteLabel, 'demo-label');
    assert.ok(res.domains?.includes('/counterparty-management'));
    assert.ok(!JSON.stringify(res).includes(SECRET));
    assert.match((await test.storedSecret('local')) ?? '', /demo-secret-change-me/);
    const r = await run();
    assert.ok(r.kind === 'response' && r.status === 200, JSON.stringify(r));
    await waitFor('the status bar token state', () =>
      /local · demo-bank\/demo-label · token \d+m/.test(test.statusText() ?? ''),
    );
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    assert.deepEqual(
      filesContaining(workspaceDir(), [SECRET, Buffer.from(`demo-client:${SECRET}`).toString('base64')]),
      [],
    );
  });

  it('shows token details as claims, never the raw token', async () => {
    const details = await vscode.commands.executeCommand<{
      environment: string;
      claims: Record<string, unknown>;
      expiresAt: number;
    }>(COMMANDS.showTokenDetails, { environment: 'local' });
    assert.equal(details.claims.tenant, 'demo-bank');
    assert.ok(details.expiresAt > Date.now());
    assert.ok(!/eyJ[\w-]+\.eyJ/.test(JSON.stringify(details)));
  });

  it("never reuses another environment's token or credentials when switching", async () => {
    const before = tokenRequests();
    await select('local2');
    const r = await run();
    assert.ok(r.kind === 'failure' && r.category === 'not-signed-in', 'local2 must not use the credentials of local');
    assert.equal((await authenticate('local2')).ok, true);
    assert.equal(tokenRequests(), before + 1, 'local2 fetched its own token');
    assert.equal((await run()).kind, 'response');
    await select('local');
    assert.equal((await run()).kind, 'response');
    assert.equal(tokenRequests(), before + 1, 'each environment kept its own cached token');
  });

  it('clears named responses when switching environment', async () => {
    const nb = await openNotebook(
      writeFile(
        'env/named.akkuro-nb',
        notebookText([
          { text: 'name: list\nGET: /counterparty-management/counterparties' },
          { text: 'GET: /counterparty-management/counterparties?limit={{list.body.limit}}' },
        ]),
      ),
    );
    await select('local', nb);
    await runCells(nb, 0, 2);
    assert.equal(result(nb, 1)!.model.kind, 'response');
    await select('local2', nb);
    await runCells(nb, 1);
    const r = result(nb, 1)!.model;
    assert.ok(r.kind === 'failure' && r.category === 'variable', JSON.stringify(r));
    await vscode.window.showNotebookDocument(doc);
  });

  it('stored credentials are not used once baseUrl changes, and no secret goes to the new host', async () => {
    const moved = url.replace('127.0.0.1', 'localhost');
    writeFile('akkuro-environments.yaml', environmentsFile(url, { local: moved }));
    const before = tokenRequests();
    const r = await waitFor('the changed environments file to apply', async () => {
      const m = await run();
      return m.kind === 'failure' && m.category === 'credentials' ? m : undefined;
    });
    assert.ok(
      r.kind === 'failure' && /host changed from http:\/\/127\.0\.0\.1:\d+ to http:\/\/localhost:\d+/.test(r.message),
      r.message,
    );
    assert.equal(r.action?.command, COMMANDS.authenticate);
    assert.equal(tokenRequests(), before, 'no token request was made to the new host');
    // The status bar follows the active notebook a moment after the previous test shows this one again.
    await waitFor(
      'the status bar to say "sign in again"',
      () => /sign in again/.test(test.statusText() ?? '') || undefined,
    );
    writeFile('akkuro-environments.yaml', environmentsFile(url));
    await waitFor('the restored file', async () => ((await run()).kind === 'response' ? true : undefined));
  });

  it('Sign Out removes the credentials and drops the token', async () => {
    assert.deepEqual(await vscode.commands.executeCommand(COMMANDS.signOut, { environment: 'local' }), ['local']);
    assert.equal(await test.storedSecret('local'), undefined);
    const r = await run();
    assert.ok(r.kind === 'failure' && r.category === 'not-signed-in');
  });

  it('a protected environment asks before anything but GET/HEAD, and before Run All', async () => {
    assert.equal((await authenticate('guarded')).ok, true);
    await select('guarded');
    await waitFor('the protected status', () => test.statusText()?.includes('guarded'));
    const posts = () => test.sandbox()!.stats().requestsByPath['POST /counterparty-management/counterparties'] ?? 0;
    const sent = posts();
    test.confirmations.respondWith(() => false);
    assert.equal((await run(0)).kind, 'response', 'GET needs no confirmation');
    const refused = await run(1);
    assert.ok(refused.kind === 'failure' && refused.category === 'blocked', JSON.stringify(refused));
    assert.equal(posts(), sent, 'nothing was sent without confirmation');
    assert.ok(
      test.confirmations.asked.some((a) => a.kind === 'request' && a.environment === 'guarded' && a.method === 'POST'),
    );
    await vscode.commands.executeCommand('notebook.execute', doc.uri);
    assert.ok(test.confirmations.asked.some((a) => a.kind === 'run-all' && a.environment === 'guarded'));
    test.confirmations.respondWith(() => true);
    const allowed = await run(1);
    assert.ok(allowed.kind === 'response' && allowed.status === 201);
    assert.equal(posts(), sent + 1);
    test.confirmations.respondWith(undefined);
  });

  it('shows problems of the environments file as diagnostics in that file', async () => {
    const file = writeFile(
      'akkuro-environments.yaml',
      `${environmentsFile(url)}  broken:\n    baseUrl: ftp://nowhere\n    brokerKy: x\n`,
    );
    const diagnostics = await waitFor('diagnostics in akkuro-environments.yaml', () => {
      const found = vscode.languages.getDiagnostics(file);
      return found.length >= 2 ? found : undefined;
    });
    const typo = diagnostics.find((d) => /did you mean "brokerKey"/.test(d.message));
    assert.ok(typo, diagnostics.map((d) => d.message).join('\n'));
    assert.equal(typo.range.start.line, environmentsFile(url).split('\n').length + 1);
    assert.ok(diagnostics.some((d) => /"baseUrl" must be an https:\/\/ URL .*, not ftp:/.test(d.message)));
    // A notebook pinned to it: the environment is defined, with problems, not unknown.
    const pinned = await openNotebook(writeFile('env/broken.akkuro-nb', notebookText([{ text: GET_CELL }], 'broken')));
    await waitFor('the status bar to say the pinned environment has problems', () =>
      test.statusText()?.includes('broken · has problems'),
    );
    await runCells(pinned, 0);
    const refused = result(pinned, 0)?.model;
    assert.ok(refused?.kind === 'failure', JSON.stringify(refused));
    assert.match(refused.message, /Environment "broken" has problems in akkuro-environments\.yaml and cannot be used/);
    await openNotebook(doc.uri);
    writeFile('akkuro-environments.yaml', environmentsFile(url));
    await waitFor('the diagnostics to clear', () => vscode.languages.getDiagnostics(file).length === 0);
  });

  it('finds an environments file made next to an open notebook, and forgets it once deleted', async () => {
    // The lookup is kept per folder (each probe is a round trip to the workbench); the file watcher clears it.
    const pinned = await openNotebook(writeFile('late/pinned.akkuro-nb', notebookText([{ text: GET_CELL }], 'nearby')));
    const category = async () => {
      await runCells(pinned, 0);
      const m = result(pinned, 0)!.model;
      return m.kind === 'failure' ? m.category : m.kind;
    };
    assert.equal(await category(), 'environment', 'nothing defines "nearby" yet');
    const file = writeFile('late/akkuro-environments.yaml', environmentsFile(url).replace('  local:', '  nearby:'));
    try {
      await waitFor('the new file next to the notebook to apply', async () =>
        (await category()) === 'not-signed-in' ? true : undefined,
      );
    } finally {
      fs.rmSync(file.fsPath);
    }
    await waitFor('the deleted file to stop applying', async () =>
      (await category()) === 'environment' ? true : undefined,
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await openNotebook(doc.uri);
  });

  it('Open Environments File creates a commented template when there is none', async () => {
    const file = path.join(workspaceDir(), 'akkuro-environments.yaml');
    const saved = fs.readFileSync(file, 'utf8');
    fs.rmSync(file);
    try {
      const uri = await vscode.commands.executeCommand<vscode.Uri>(COMMANDS.openEnvironmentsFile, {});
      assert.equal(uri.fsPath, file);
      const text = fs.readFileSync(file, 'utf8');
      for (const host of [
        'api.uat.eu.lending.akkuro.io',
        'api.eu.lending.akkuro.io',
        'api.uat.ch.lending.akkuro.io',
        'api.ch.lending.akkuro.io',
      ])
        assert.ok(text.includes(`https://${host}\n`), host);
      assert.match(text, /^# /m);
      assert.ok(!/secret:/i.test(text.replace(/^#.*$/gm, '')), 'the template has no secret field');
    } finally {
      fs.writeFileSync(file, saved);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('a notebook pin wins over the workspace default, and each notebook keeps its own choice', async () => {
    const pinned = await openNotebook(writeFile('env/pinned.akkuro-nb', notebookText([{ text: GET_CELL }], 'local2')));
    await waitFor('the pinned environment in the status bar', () => test.statusText()?.includes('local2'));
    await vscode.window.showNotebookDocument(doc);
    await waitFor("the other notebook's choice", () => test.statusText()?.includes('guarded'));
    assert.ok(
      fs.readFileSync(path.join(workspaceDir(), 'env', 'calls.akkuro-nb'), 'utf8').indexOf('environment:') < 0,
      'a choice is not written to the file',
    );
    void pinned;
  });
});
