import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  api,
  closeAll,
  filesContaining,
  notebookText,
  openNotebook,
  result,
  runAll,
  runCells,
  waitFor,
  workspaceDir,
  writeFile,
  type TestApi,
} from './helpers';
import { COMMANDS } from '../../src/contract/ids';

const DEMO = { clientId: 'demo-client', clientSecret: 'demo-secret-change-me' };
const REPORTING = { clientId: 'reporting-client', clientSecret: 'reporting-secret-change-me' };

/** A file environment on the sandbox with two clients; written beside the notebooks of this suite. */
function environmentsFile(url: string): string {
  return `environments:
  multi:
    baseUrl: ${url}
    brokerKey: demo-bank
    labels: [demo-label, second-label]
    apiVersion: 2025.1.0
    clients:
      onboarding:
        labels: all
        domains: [/collateral-management]
      reporting:
        labels: all
        domains: [/counterparty-management]
`;
}

const PARTIES = 'name: parties\nGET: /counterparty-management/counterparties\nquery: { limit: 1 }';
const COLLATERALS = 'GET: /collateral-management/counterparties/{{parties.body.items[0].referenceId}}/collaterals';
const NOWHERE = 'GET: /process-orchestration/processes';

describe('clients and white labels: authenticate, status bar, choice by path, 403 hint', () => {
  let test: TestApi;
  let doc: vscode.NotebookDocument;
  const run = async (index: number) => {
    await runCells(doc, index);
    return result(doc, index)!.model;
  };
  const authenticate = (client: string, creds: { clientId: string; clientSecret: string }) =>
    vscode.commands.executeCommand<{ ok: boolean; message: string; client?: string; whiteLabel?: string }>(
      COMMANDS.authenticate,
      { environment: 'multi', client, ...creds },
    );

  before(async () => {
    test = await api();
    const url = await vscode.commands.executeCommand<string>(COMMANDS.startSandbox, { silent: true });
    writeFile('access/akkuro-environments.yaml', environmentsFile(url));
    doc = await openNotebook(
      writeFile(
        'access/clients.akkuro-nb',
        notebookText([{ text: PARTIES }, { text: COLLATERALS }, { text: NOWHERE }], 'multi'),
      ),
    );
    await waitFor('the status bar to show "multi"', () => test.statusText()?.includes('multi'));
  });
  after(async () => {
    await vscode.commands.executeCommand(COMMANDS.signOut, { all: true });
    await closeAll();
  });

  it('asks each client to sign in, and names the client in the Authenticate action', async () => {
    assert.match(test.statusText() ?? '', /multi · demo-bank\/demo-label · auto · signed out/);
    const r = await run(0);
    assert.ok(r.kind === 'failure' && r.category === 'not-signed-in', JSON.stringify(r));
    assert.match(r.title, /Not signed in as "reporting" to "multi"/);
    assert.deepEqual(r.action?.args, [{ environment: 'multi', client: 'reporting' }]);
  });

  it('authenticates per client, verifying against one of its labels before storing', async () => {
    const wrong = await authenticate('reporting', { ...REPORTING, clientSecret: 'not-the-secret' });
    assert.equal(wrong.ok, false);
    assert.equal(await test.storedSecret('multi/reporting'), undefined, 'refused credentials store nothing');
    const unknown = await authenticate('nobody', REPORTING);
    assert.equal(unknown.ok, false);
    assert.match(unknown.message, /no client "nobody".*onboarding, reporting/);
    const ok = await authenticate('reporting', REPORTING);
    assert.equal(ok.ok, true, ok.message);
    assert.equal(ok.client, 'reporting');
    assert.equal(ok.whiteLabel, 'demo-label');
    assert.match((await test.storedSecret('multi/reporting')) ?? '', /"client":"reporting"/);
    assert.equal(await test.storedSecret('multi/onboarding'), undefined);
    await waitFor('the status bar to count one client of two', () =>
      /multi · demo-bank\/demo-label · auto · 1\/2 clients signed in/.test(test.statusText() ?? ''),
    );
    const parties = await run(0);
    assert.ok(parties.kind === 'response' && parties.status === 200, JSON.stringify(parties));
    assert.deepEqual([parties.environment.client, parties.environment.label], ['reporting', 'demo-label']);
    const collaterals = await run(1);
    assert.ok(collaterals.kind === 'failure' && collaterals.category === 'not-signed-in');
    assert.deepEqual(collaterals.action?.args, [{ environment: 'multi', client: 'onboarding' }]);
    assert.equal((await authenticate('onboarding', DEMO)).ok, true);
    const now = await run(1);
    assert.ok(now.kind === 'response' && now.status === 200, JSON.stringify(now));
    assert.equal(now.environment.client, 'onboarding');
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    assert.deepEqual(filesContaining(workspaceDir(), [DEMO.clientSecret, REPORTING.clientSecret]), []);
  });

  it('chooses the client by path: no covering client is a diagnostic with quick fixes, and is not sent', async () => {
    const cell = doc.cellAt(2);
    const d = await waitFor(
      'the access diagnostic',
      () => vscode.languages.getDiagnostics(cell.document.uri).find((x) => x.code === 'access-no-client'),
      15_000,
    );
    assert.equal(cell.document.getText(d.range), NOWHERE);
    assert.match(d.message, /onboarding \(all labels; \/collateral-management\); reporting/);
    const before = test.sandbox()!.stats().apiRequests;
    const r = await run(2);
    assert.ok(r.kind === 'failure' && r.category === 'client', JSON.stringify(r));
    assert.equal(test.sandbox()!.stats().apiRequests, before, 'nothing was sent');
    // Code actions need the cell's editor model: reveal the cell first.
    await vscode.window.showNotebookDocument(doc, { selections: [new vscode.NotebookRange(2, 3)] });
    await vscode.commands.executeCommand('notebook.cell.edit');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      cell.document.uri,
      d.range,
    );
    assert.deepEqual(
      actions.map((a) => a.title).filter((t) => t.startsWith('Add client')),
      ['Add client: onboarding', 'Add client: reporting'],
    );
    await vscode.workspace.applyEdit(actions.find((a) => a.title === 'Add client: reporting')!.edit!);
    assert.equal(cell.document.getText(), `${NOWHERE}\nclient: reporting`);
    await waitFor(
      'the diagnostic to turn into a warning about the domain',
      () => vscode.languages.getDiagnostics(cell.document.uri).find((x) => x.code === 'client-domain'),
      15_000,
    );
  });

  it('switches white label and client from the status bar commands, and runs with them', async () => {
    await vscode.commands.executeCommand(COMMANDS.selectLabel, { label: 'second-label' });
    await waitFor('the status bar to show the second label', () =>
      /multi · demo-bank\/second-label · auto · /.test(test.statusText() ?? ''),
    );
    const second = await run(0);
    assert.ok(second.kind === 'response' && second.status === 200);
    assert.deepEqual([second.environment.client, second.environment.label], ['reporting', 'second-label']);
    await vscode.commands.executeCommand(COMMANDS.selectClient, { client: 'onboarding' });
    await waitFor('the status bar to show the client', () =>
      /multi · demo-bank\/second-label · onboarding · /.test(test.statusText() ?? ''),
    );
    const named = await run(0);
    assert.ok(named.kind === 'response', JSON.stringify(named));
    assert.equal(named.environment.client, 'onboarding', 'the notebook-wide client wins over the path');
    await waitFor('the status bar to show its token', () =>
      /multi · demo-bank\/second-label · onboarding · token \d+m/.test(test.statusText() ?? ''),
    );
    await vscode.commands.executeCommand(COMMANDS.selectClient, { client: null });
    await vscode.commands.executeCommand(COMMANDS.selectLabel, { label: null });
    await waitFor('the status bar back to auto on the first label', () =>
      /multi · demo-bank\/demo-label · auto · token \d+m/.test(test.statusText() ?? ''),
    );
  });

  it('shows token details per label and client, never a token', async () => {
    const details = await vscode.commands.executeCommand<{
      tokens: Array<{ client: string; label: string; claims: Record<string, unknown>; expiresAt: number }>;
    }>(COMMANDS.showTokenDetails, { environment: 'multi' });
    const pairs = details.tokens.map((t) => `${t.client}@${t.label}`).sort();
    for (const p of [
      'onboarding@demo-label',
      'reporting@demo-label',
      'reporting@second-label',
      'onboarding@second-label',
    ])
      assert.ok(pairs.includes(p), `missing ${p} in ${pairs.join(', ')}`);
    assert.equal(details.tokens.find((t) => t.client === 'reporting')?.claims.sub, 'reporting-client');
    assert.doesNotMatch(JSON.stringify(details), /eyJ[\w-]+\.eyJ/);
  });

  it('signs out of one client, then of the whole environment', async () => {
    const one = await vscode.commands.executeCommand<string[]>(COMMANDS.signOut, {
      environment: 'multi',
      client: 'reporting',
    });
    assert.deepEqual(one, ['multi/reporting']);
    assert.equal(await test.storedSecret('multi/reporting'), undefined);
    assert.ok(await test.storedSecret('multi/onboarding'));
    const r = await run(0);
    assert.ok(r.kind === 'failure' && r.category === 'not-signed-in', 'its token was dropped with it');
    const all = await vscode.commands.executeCommand<string[]>(COMMANDS.signOut, { environment: 'multi' });
    assert.deepEqual(all, ['multi/onboarding']);
    assert.equal(await test.storedSecret('multi/onboarding'), undefined);
  });

  it('a 403 offers the client declared for the domain, and the link writes it into the cell', async () => {
    const sandboxDoc = await openNotebook(
      writeFile(
        'access/forbidden.akkuro-nb',
        notebookText([{ text: 'client: onboarding\nGET: /migration-assistance/migrations' }], 'sandbox'),
      ),
    );
    await runCells(sandboxDoc, 0);
    const r = result(sandboxDoc, 0)!;
    assert.ok(r.model.kind === 'response' && r.model.status === 403, JSON.stringify(r.model));
    assert.match(r.model.hint ?? '', /\/migration-assistance is declared for client "migration"/);
    assert.match(r.text, /→ The API refused client "onboarding"/);
    const action = r.model.action!;
    assert.equal(action.command, COMMANDS.useClient);
    assert.deepEqual(action.args, [{ cell: sandboxDoc.cellAt(0).document.uri.toString(), client: 'migration' }]);
    assert.equal(await vscode.commands.executeCommand(action.command, ...(action.args ?? [])), true);
    assert.equal(sandboxDoc.cellAt(0).document.getText(), 'client: migration\nGET: /migration-assistance/migrations');
    await runCells(sandboxDoc, 0);
    const fixed = result(sandboxDoc, 0)!.model;
    assert.ok(fixed.kind === 'response' && fixed.status === 200, JSON.stringify(fixed));
    await vscode.window.showNotebookDocument(doc);
  });

  it('Run All checks every cell first: a cell without a client stops the run before anything is sent', async () => {
    const nb = await openNotebook(
      writeFile('access/run-all.akkuro-nb', notebookText([{ text: PARTIES }, { text: NOWHERE }], 'multi')),
    );
    const before = test.sandbox()!.stats();
    await runAll(nb);
    const refused = await waitFor('the refused cell to show why', () => result(nb, 1)?.model);
    assert.ok(refused.kind === 'failure' && refused.category === 'client', JSON.stringify(refused));
    assert.match(refused.message, /No client of environment "multi" is declared for \/process-orchestration/);
    assert.equal(nb.cellAt(0).outputs.length, 0, 'the first cell did not run either');
    const after = test.sandbox()!.stats();
    assert.equal(after.apiRequests + after.tokenRequests, before.apiRequests + before.tokenRequests);
    await vscode.window.showNotebookDocument(doc);
  });

  it("reports a mistake in the notebook's client: once, on its first cell, and its quick fix changes the header", async () => {
    const cells = [PARTIES, PARTIES, `client: reporting\n${PARTIES}`, PARTIES];
    const file = writeFile(
      'access/header.akkuro-nb',
      `akkuro-notebook: 1\nenvironment: multi\nclient: onbording\ncells:\n${cells.map((c) => `  - request: ${JSON.stringify(c)}\n`).join('')}`,
    );
    const nb = await openNotebook(file);
    const mentions = () =>
      nb
        .getCells()
        .flatMap((c) => vscode.languages.getDiagnostics(c.document.uri).map((d) => ({ cell: c.index, d })))
        .filter(({ d }) => d.message.includes('"onbording"'));
    const [first] = await waitFor('the header diagnostic', () => (mentions().length ? mentions() : undefined), 15_000);
    assert.deepEqual(
      mentions().map(({ cell, d }) => [cell, d.code]),
      [[0, 'access-header-unknown-client']],
      'one diagnostic for the notebook, not one per cell',
    );
    assert.match(
      first.d.message,
      /^From the notebook file's header, "client: onbording" \(this cell and 2 more use it\): Client "onbording" \(named by the notebook file\) is not a client of environment "multi"/,
    );
    assert.equal(nb.cellAt(0).document.getText(first.d.range), 'GET: /counterparty-management/counterparties');
    await waitFor('the status bar to show the header problem', () =>
      /^\$\(error\) multi · demo-bank\/demo-label · onbording · /.test(test.statusText() ?? ''),
    );
    await vscode.window.showNotebookDocument(nb, { selections: [new vscode.NotebookRange(0, 1)] });
    await vscode.commands.executeCommand('notebook.cell.edit');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      nb.cellAt(0).document.uri,
      first.d.range,
    );
    const change = actions.find((a) => a.title === 'Change the notebook\'s client to "onboarding"');
    assert.ok(change?.command, actions.map((a) => a.title).join(', '));
    assert.ok(actions.some((a) => a.title.startsWith('Remove "client: onbording" from the notebook')));
    await vscode.commands.executeCommand(change.command.command, ...(change.command.arguments ?? []));
    assert.equal(nb.metadata.client, 'onboarding');
    await waitFor('the header diagnostic to go', () => mentions().length === 0 || undefined, 15_000);
    await waitFor('the status bar to lose the error', () =>
      /^\$\(server-environment\) multi · demo-bank\/demo-label · onboarding · /.test(test.statusText() ?? ''),
    );
    await nb.save();
    assert.match(fs.readFileSync(file.fsPath, 'utf8'), /^environment: multi\nclient: onboarding\n/m);
    await vscode.window.showNotebookDocument(doc);
  });

  it('drafts a credentials request as untitled Markdown, without a secret', async () => {
    const uri = await vscode.commands.executeCommand<string>(COMMANDS.draftCredentialsRequest, {
      clientName: 'reporting',
      purpose: 'Monthly portfolio reporting for the risk team',
      labels: 'all',
      domains: ['/counterparty-management', '/financing-execution'],
      requestsPerDay: 200,
    });
    const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)!.getText();
    assert.match(text, /\| Client name \| reporting \|/);
    assert.match(text, /\| API domains \| \/counterparty-management, \/financing-execution \|/);
    assert.match(text, /\| Expected requests per day \| 200 \|/);
    for (const secret of [DEMO.clientSecret, REPORTING.clientSecret]) assert.ok(!text.includes(secret));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
