import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  api,
  closeAll,
  notebookText,
  openNotebook,
  plainOutput,
  result,
  runAll,
  runCells,
  waitFor,
  workspaceDir,
  writeFile,
} from './helpers';
import { COMMANDS, NOTEBOOK_TYPE, REQUEST_LANGUAGE } from '../../src/contract/ids';

describe('the notebook: open, run, render, save', () => {
  let sandboxUrl: string;
  before(async () => {
    sandboxUrl = await vscode.commands.executeCommand<string>(COMMANDS.startSandbox, { silent: true });
    assert.match(sandboxUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  });
  afterEach(closeAll);

  it('opens the example notebook through the serializer', async () => {
    const doc = await openNotebook(vscode.Uri.file(path.join(workspaceDir(), 'examples', 'getting-started.akkuro-nb')));
    assert.equal(doc.notebookType, NOTEBOOK_TYPE);
    assert.equal(doc.metadata.environment, 'sandbox');
    assert.equal(doc.cellCount, 17);
    assert.deepEqual(
      doc.getCells().map((c) => c.kind),
      [1, 2, 2, 2, 2, 1, 2, 1, 2, 2, 1, 2, 1, 2, 1, 2, 2],
    );
    for (const c of doc.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code))
      assert.equal(c.document.languageId, REQUEST_LANGUAGE);
    assert.match(doc.cellAt(2).document.getText(), /^# Create a counterparty/);
  });

  it('runs one cell and outputs the response model plus a text fallback', async () => {
    const doc = await openNotebook(vscode.Uri.file(path.join(workspaceDir(), 'examples', 'getting-started.akkuro-nb')));
    await runCells(doc, 1);
    const r = result(doc, 1);
    assert.ok(r);
    assert.equal(r.model.kind, 'response');
    if (r.model.kind !== 'response') return;
    assert.equal(r.model.status, 200);
    assert.equal(r.model.outcome, 'passed');
    assert.equal(r.model.environment.name, 'sandbox');
    assert.deepEqual([r.model.environment.client, r.model.environment.label], ['onboarding', 'demo-label']);
    assert.match(r.text, /· sandbox · label demo-label · client onboarding/);
    assert.equal(r.model.body.view, 'json');
    assert.ok(Array.isArray(JSON.parse(r.model.body.text).items));
    assert.deepEqual(
      r.model.request.headers.find(([n]) => n === 'authorization'),
      ['authorization', 'Bearer ‹redacted›'],
    );
    assert.ok(r.model.assertions.length >= 3 && r.model.assertions.every((a) => a.passed));
    assert.match(r.text, /200 OK/);
    assert.equal(doc.cellAt(1).executionSummary?.success, true);
  });

  it('Run All runs the tour in order, chaining named responses', async () => {
    const doc = await openNotebook(vscode.Uri.file(path.join(workspaceDir(), 'examples', 'getting-started.akkuro-nb')));
    await runAll(doc);
    const requests = [1, 2, 3, 4, 6, 8, 9, 11, 13, 15, 16];
    const statuses = requests.map((i) => {
      const r = result(doc, i)?.model;
      assert.ok(r && r.kind === 'response', `cell ${i}: ${JSON.stringify(r)}`);
      assert.equal(r.outcome, 'passed', `cell ${i} failed: ${plainOutput(doc, i)}`);
      return r.status;
    });
    assert.deepEqual(statuses, [200, 201, 200, 201, 200, 403, 406, 200, 200, 201, 200]);
    // Each request went with the client whose domains cover its path, and its cell's label.
    assert.deepEqual(
      requests.map((i) => {
        const m = result(doc, i)!.model;
        return `${m.environment?.client}@${m.environment?.label}`;
      }),
      [
        'onboarding@demo-label',
        'onboarding@demo-label',
        'onboarding@demo-label',
        'onboarding@demo-label',
        'migration@demo-label',
        'onboarding@demo-label',
        'onboarding@demo-label',
        'onboarding@second-label',
        'onboarding@second-label',
        'migration@demo-label',
        'migration@demo-label',
      ],
    );
    // The paging cell fetched every page and merged their items; the polling cell asked until Completed.
    const everyone = result(doc, 13)!;
    assert.ok(everyone.model.kind === 'response' && everyone.model.sequence?.kind === 'pages');
    assert.match(everyone.model.sequence.summary, /^3 pages · 5 items \(total 5\)$/);
    assert.equal(JSON.parse(everyone.model.body.text).items.length, 5);
    assert.match(everyone.text, /\npages: 3 pages · 5 items \(total 5\)\n {2}✔ page 1: 200 OK/);
    const polled = result(doc, 16)!.model;
    assert.ok(polled.kind === 'response' && polled.sequence?.kind === 'polling');
    assert.deepEqual(
      polled.sequence.exchanges.map((e) => e.detail),
      ['$.status = "Pending"', '$.status = "Pending"', '$.status = "Completed"'],
    );
    const created = result(doc, 2)!.model;
    const fetched = result(doc, 3)!.model;
    assert.ok(created.kind === 'response' && fetched.kind === 'response');
    const ref = JSON.parse(created.body.text).referenceId as string;
    assert.ok(fetched.request.url.endsWith(`/counterparties/${ref}`));
    const forbidden = result(doc, 8)!.model;
    assert.ok(
      forbidden.kind === 'response' && forbidden.problem?.status === 403 && forbidden.problem.detail,
      'the 403 carries its problem detail',
    );
    const orders = requests.map((i) => doc.cellAt(i).executionSummary?.executionOrder ?? 0);
    assert.deepEqual(
      [...orders].sort((a, b) => a - b),
      orders,
      `execution order ${orders}`,
    );
    assert.ok(
      doc.cellAt(2).executionSummary?.timing &&
        doc.cellAt(2).executionSummary!.timing!.endTime >= doc.cellAt(2).executionSummary!.timing!.startTime,
    );
  });

  it('a failing cell stops Run All, so dependent cells are not sent', async () => {
    const test = await api();
    const uri = writeFile(
      'stop-on-failure.akkuro-nb',
      notebookText(
        [
          { text: 'GET: /counterparty-management/counterparties' },
          { text: 'name: missing\nGET: /counterparty-management/counterparties/does-not-exist' },
          { text: 'POST: /counterparty-management/counterparties\nbody: { name: Should Not Exist }' },
        ],
        'sandbox',
      ),
    );
    const doc = await openNotebook(uri);
    const before = test.sandbox()!.stats().requestsByPath['POST /counterparty-management/counterparties'] ?? 0;
    await runAll(doc);
    assert.equal(result(doc, 0)?.model.outcome, 'passed');
    const failed = result(doc, 1)?.model;
    assert.ok(failed?.kind === 'response' && failed.status === 404 && failed.outcome === 'failed');
    assert.equal(doc.cellAt(1).executionSummary?.success, false);
    assert.match(plainOutput(doc, 2), /Not run: cell 2 failed/);
    assert.equal(test.sandbox()!.stats().requestsByPath['POST /counterparty-management/counterparties'] ?? 0, before);
  });

  it('interrupt aborts the request in flight', async () => {
    const uri = writeFile(
      'slow.akkuro-nb',
      notebookText(
        [{ text: 'GET: /counterparty-management/counterparties\nheaders:\n  X-Sandbox-Fault: latency=600000' }],
        'sandbox',
      ),
    );
    const doc = await openNotebook(uri);
    const test = await api();
    const before = test.sandbox()!.stats().apiRequests;
    // The sandbox holds the request for ten minutes: the run ending within the test's timeout shows that the
    // interrupt gave the request up rather than waiting for its answer.
    const running = runCells(doc, 0);
    await waitFor('the request to reach the sandbox', () => test.sandbox()!.stats().apiRequests > before, 20_000);
    await vscode.commands.executeCommand('notebook.cell.cancelExecution', {
      ranges: [{ start: 0, end: 1 }],
      document: doc.uri,
    });
    await running;
    const r = await waitFor('the cancelled output', () => result(doc, 0)?.model);
    assert.equal(r.kind, 'failure');
    assert.equal(r.kind === 'failure' && r.category, 'cancelled');
    assert.equal(test.sandbox()!.stats().apiRequests, before + 1, 'sent once, then given up in flight');
  });

  it('shows cell problems and unknown variables as outputs, sending nothing', async () => {
    const uri = writeFile(
      'bad-cells.akkuro-nb',
      notebookText(
        [{ text: 'GET: /a\nPOST: /b' }, { text: 'GET: /counterparty-management/counterparties/{{nobody.body.id}}' }],
        'sandbox',
      ),
    );
    const doc = await openNotebook(uri);
    await runCells(doc, 0, 2);
    const a = result(doc, 0)!.model;
    assert.ok(a.kind === 'failure' && a.category === 'cell' && a.diagnostics?.[0]?.line === 2, JSON.stringify(a));
    await runCells(doc, 1);
    const b = result(doc, 1)!.model;
    assert.ok(
      b.kind === 'failure' && b.category === 'variable' && /No response named "nobody"/.test(b.message),
      JSON.stringify(b),
    );
  });

  it('carries a large JSON body whole for the tree, keeps it to a preview over responseTreeSize, and opens the full body', async () => {
    const uri = writeFile(
      'large.akkuro-nb',
      notebookText(
        [{ text: 'GET: /counterparty-management/counterparties\nheaders:\n  X-Sandbox-Fault: large-body=5000000' }],
        'sandbox',
      ),
    );
    const doc = await openNotebook(uri);
    await runCells(doc, 0);
    const whole = result(doc, 0)!.model;
    assert.ok(
      whole.kind === 'response' && !whole.body.truncated && whole.body.text.length === 5_000_000 && whole.fullBodyId,
      JSON.stringify({ ...whole, body: undefined }),
    );
    assert.ok(result(doc, 0)!.text.length < 10_000, 'the text/plain fallback stays a readable start');
    const config = vscode.workspace.getConfiguration('akkuro');
    await config.update('responseTreeSize', 1, vscode.ConfigurationTarget.Workspace);
    try {
      await runCells(doc, 0);
    } finally {
      await config.update('responseTreeSize', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const r = result(doc, 0)!.model;
    assert.ok(
      r.kind === 'response' && r.body.truncated && r.body.size >= 5_000_000 && r.fullBodyId,
      JSON.stringify({ ...r, body: undefined }),
    );
    assert.ok(r.body.text.length <= 1024 * 1024);
    const opened = await vscode.commands.executeCommand<string>(COMMANDS.openFullResponse, r.fullBodyId);
    assert.ok(opened?.startsWith('untitled:'), opened);
    const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === opened)!.getText();
    assert.ok(text.length >= 5_000_000, `full body length ${text.length}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a malformed file opens with an error and is never overwritten', async () => {
    const text = 'akkuro-notebook: 1\ncells:\n  - request: "GET: /a"\n  - reqest: oops\n';
    const uri = writeFile('malformed.akkuro-nb', text);
    await assert.rejects(
      Promise.resolve(vscode.workspace.openNotebookDocument(uri)),
      (e: Error) => /not a valid Akkuro notebook/.test(e.message) && /line 4/.test(e.message),
    );
    await vscode.commands.executeCommand('vscode.openWith', uri, NOTEBOOK_TYPE).then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), text);
  });

  it('saving an edited-then-restored notebook writes the original bytes', async () => {
    const original =
      '# my notes\nakkuro-notebook: 1\ncells:\n  - markdown: "# Title"   # a comment\n  - request: "GET: /x\\r\\nname: a  \\t\\n"\n';
    const uri = writeFile('roundtrip.akkuro-nb', original);
    const doc = await openNotebook(uri);
    assert.equal(
      doc.cellAt(1).document.getText().replace(/\r/g, ''),
      'GET: /x\nname: a  \t\n',
      'the editor may normalise line breaks',
    );
    const cellDoc = doc.cellAt(1).document;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(cellDoc.uri, new vscode.Position(0, 0), 'X');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const undo = new vscode.WorkspaceEdit();
    undo.delete(cellDoc.uri, new vscode.Range(0, 0, 0, 1));
    assert.ok(await vscode.workspace.applyEdit(undo));
    assert.ok(await doc.save());
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), original);

    const change = new vscode.WorkspaceEdit();
    change.insert(cellDoc.uri, new vscode.Position(0, 0), '# new\n');
    assert.ok(await vscode.workspace.applyEdit(change));
    assert.ok(await doc.save());
    const saved = fs.readFileSync(uri.fsPath, 'utf8');
    assert.ok(saved.startsWith('akkuro-notebook: 1\ncells:\n'), saved);
    const reopened = await vscode.workspace.openNotebookDocument(uri);
    assert.equal(reopened.cellAt(1).document.getText().replace(/\r/g, ''), '# new\nGET: /x\nname: a  \t\n');
    assert.ok(!/outputs|Bearer|eyJ/.test(saved), 'no outputs or tokens in the file');
  });

  it('New Request Notebook opens a starter notebook that runs against the sandbox', async () => {
    const uri = await vscode.commands.executeCommand<string>(COMMANDS.newNotebook);
    const doc = vscode.workspace.notebookDocuments.find((d) => d.uri.toString() === uri)!;
    assert.equal(doc.notebookType, NOTEBOOK_TYPE);
    await runAll(doc);
    const codeCells = doc.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    assert.ok(codeCells.length >= 3);
    for (const c of codeCells) assert.equal(result(doc, c.index)?.model.outcome, 'passed', plainOutput(doc, c.index));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
