import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contract/ids';
import type { ResponseModel } from '../../src/contract/response';
import { normaliseRun } from '../../src/core/compare/normalise';
import { VolatileRule } from '../../src/core/compare/volatile';
import { parseVolatilePattern, type VolatilePattern } from '../../src/core/compare/volatilePath';
import { seededCounterpartyId } from '../../src/sandbox/tenantStore';
import {
  answerQuickPick,
  api,
  closeAll,
  editCell,
  notebookText,
  openNotebook,
  result,
  runCells,
  waitFor,
  writeFile,
  type TestApi,
} from './helpers';

const ENVIRONMENTS = ['keep-a', 'keep-b', 'keep-prod'];
const LIST =
  'name: page\nGET: /counterparty-management/counterparties\nquery: { limit: 1 }\nheaders: { X-Request-Id: "{{$uuid}}" }';
const CREATE = 'POST: /counterparty-management/counterparties\nbody: { name: Kept, type: person }';
const ONE = `# one seeded party\nGET: /counterparty-management/counterparties/${seededCounterpartyId('demo-bank', 'demo-label', 0)}   # keep this comment\n`;

interface Shown {
  comparison: { equal: boolean; left: string; right: string; differences: Array<{ where: string }> };
  left: vscode.Uri;
  right: vscode.Uri;
  title: string;
}

function environmentsFile(url: string): string {
  const env = (name: string, label: string, extra = '') =>
    `  ${name}:\n    baseUrl: ${url}\n    brokerKey: demo-bank\n    labelReferenceId: ${label}\n    volatile: [$..limit]\n${extra}`;
  return `environments:\n${env('keep-a', 'demo-label')}${env('keep-b', 'second-label')}${env('keep-prod', 'demo-label', '    protected: true\n')}`;
}

/** Which run an output shows: each run sends its own X-Request-Id. */
function requestId(r: ResponseModel): string | undefined {
  return r.request.headers.find(([n]) => n.toLowerCase() === 'x-request-id')?.[1];
}

function response(doc: vscode.NotebookDocument, index: number): ResponseModel {
  const r = result(doc, index)?.model;
  assert.ok(r?.kind === 'response', `cell ${index}: ${JSON.stringify(r)}`);
  return r;
}

async function activeDiff(): Promise<vscode.TabInputTextDiff> {
  return waitFor('the diff editor to be the active tab', () => {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return input instanceof vscode.TabInputTextDiff ? input : undefined;
  });
}

describe('compare and keep: run history, diffs, pin as expectation, Testing view', () => {
  let test: TestApi;
  let doc: vscode.NotebookDocument;
  const requests = (path: string) => test.sandbox()!.stats().requestsByPath[path] ?? 0;

  before(async () => {
    test = await api();
    const url = await vscode.commands.executeCommand<string>(COMMANDS.startSandbox, { silent: true });
    writeFile('keep/akkuro-environments.yaml', environmentsFile(url));
    doc = await openNotebook(
      writeFile('keep/runs.akkuro-nb', notebookText([{ text: LIST }, { text: CREATE }, { text: ONE }], 'keep-a')),
    );
    for (const environment of ENVIRONMENTS) {
      const r = await vscode.commands.executeCommand<{ ok: boolean; message: string }>(COMMANDS.authenticate, {
        environment,
        clientId: 'demo-client',
        clientSecret: 'demo-secret-change-me',
        notebook: doc.uri.toString(),
      });
      assert.ok(r.ok, r.message);
    }
  });
  after(async () => {
    test.confirmations.respondWith(undefined);
    for (const environment of ENVIRONMENTS) await vscode.commands.executeCommand(COMMANDS.signOut, { environment });
    await closeAll();
  });

  it('keeps each run of a cell; the picker shows an earlier one, marked, and the next run is the latest again', async () => {
    const ids: Array<string | undefined> = [];
    for (let i = 0; i < 3; i++) {
      await runCells(doc, 0);
      ids.unshift(requestId(response(doc, 0)));
    }
    assert.equal(new Set(ids).size, 3);
    const latest = response(doc, 0);
    assert.ok(latest.runId, 'the output names its run');
    assert.equal(latest.earlier, undefined);
    // The real quick pick: open it from the output's run id, move to the second run, accept.
    const id = await answerQuickPick(
      vscode.commands.executeCommand<string>(COMMANDS.showRunHistory, { runId: latest.runId }),
      1,
    );
    assert.ok(id && id !== latest.runId, `picked ${id}`);
    const earlier = await waitFor('the earlier run in the output', () => {
      const r = response(doc, 0);
      return r.runId === id ? r : undefined;
    });
    assert.equal(requestId(earlier), ids[1], 'the second newest run is shown');
    assert.ok(earlier.earlier?.ranAt && earlier.earlier.ranAt < latest.startedAt);
    await waitFor('the execution summary to stay', () => doc.cellAt(0).executionSummary?.success === true);
    await runCells(doc, 0);
    assert.equal(response(doc, 0).earlier, undefined);
    assert.ok(!ids.includes(requestId(response(doc, 0))), 'a new run is the latest');
  });

  it('bounds the runs per cell by akkuro.history.size', async () => {
    const config = vscode.workspace.getConfiguration('akkuro');
    await config.update('history.size', 2, vscode.ConfigurationTarget.Workspace);
    try {
      const runIds: Array<string | undefined> = [];
      for (let i = 0; i < 3; i++) {
        await runCells(doc, 0);
        runIds.push(response(doc, 0).runId);
      }
      const show = (id: string | undefined) =>
        vscode.commands.executeCommand<string | undefined>(COMMANDS.showRunHistory, { cell: doc.cellAt(0), show: id });
      assert.equal(await show(runIds[0]), undefined, 'the oldest of three runs is no longer kept');
      assert.equal(await show(runIds[1]), runIds[1]);
      assert.equal(response(doc, 0).runId, runIds[1]);
    } finally {
      await config.update('history.size', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('Compare with Previous Run opens the diff editor on the two runs, normalised and masked', async () => {
    await runCells(doc, 0);
    const before = response(doc, 0);
    await runCells(doc, 1);
    await runCells(doc, 0);
    const after = response(doc, 0);
    const shown = await vscode.commands.executeCommand<Shown>(COMMANDS.compareWithPrevious, doc.cellAt(0));
    assert.ok(shown, 'a comparison was shown');
    const diff = await activeDiff();
    assert.equal(diff.original.toString(), shown.left.toString());
    assert.equal(diff.modified.toString(), shown.right.toString());
    const left = (await vscode.workspace.openTextDocument(shown.left)).getText();
    const right = (await vscode.workspace.openTextDocument(shown.right)).getText();
    const rule = new VolatileRule([
      (parseVolatilePattern('$..limit') as { ok: true; pattern: VolatilePattern }).pattern,
    ]);
    assert.equal(left, normaliseRun(before, rule).text);
    assert.equal(right, normaliseRun(after, rule).text);
    assert.match(left, /"request": "GET \/counterparty-management\/counterparties\?limit=1"/);
    assert.match(left, /"limit": "<volatile integer>"/, "the environment's volatile: paths are masked");
    assert.match(left, /"referenceId": "<volatile string>"/);
    assert.ok(!left.includes('127.0.0.1'), 'origins are not compared');
    assert.deepEqual(
      shown.comparison.differences.map((d) => d.where),
      ['body $.total'],
      'only the total differs: a party was created between the runs',
    );
    assert.match(shown.title, /GET \/counterparty-management\/counterparties: keep-a .* ↔ keep-a /);
  });

  it('Compare with Environment… runs the cell there and diffs; a protected one is asked for first', async () => {
    await runCells(doc, 2);
    const sent = () => requests('GET /counterparty-management/counterparties/{id}');
    test.confirmations.respondWith((r) => r.kind !== 'compare');
    const before = sent();
    const refused = await vscode.commands.executeCommand<Shown | undefined>(COMMANDS.compareWithEnvironment, {
      cell: doc.cellAt(2),
      environment: 'keep-prod',
    });
    assert.equal(refused, undefined);
    assert.ok(test.confirmations.asked.some((a) => a.kind === 'compare' && a.environment === 'keep-prod'));
    assert.equal(sent(), before, 'nothing was sent to the protected environment');

    test.confirmations.respondWith(() => true);
    const prod = await vscode.commands.executeCommand<Shown>(COMMANDS.compareWithEnvironment, {
      cell: doc.cellAt(2),
      environment: 'keep-prod',
    });
    assert.ok(prod.comparison.equal, JSON.stringify(prod.comparison.differences));
    assert.equal(sent(), before + 1);

    const other = await vscode.commands.executeCommand<Shown>(COMMANDS.compareWithEnvironment, {
      cell: doc.cellAt(2),
      environment: 'keep-b',
    });
    const diff = await activeDiff();
    assert.equal(diff.modified.toString(), other.right.toString());
    assert.equal(diff.original.toString(), other.left.toString());
    const left = (await vscode.workspace.openTextDocument(other.left)).getText();
    const right = (await vscode.workspace.openTextDocument(other.right)).getText();
    // Exactly: the request line, status, headers and body, keys sorted at every level; ids (by shape and by
    // name), timestamps, the date and the length masked; the origin left out.
    const request = 'GET /counterparty-management/counterparties/<uuid>';
    const headers = {
      'akkuro-api-version': '2025.1.0',
      'content-length': '<volatile>',
      'content-type': 'application/json',
      date: '<volatile>',
      warning: '299 - "No api-version requested; using latest 2025.1.0"',
    };
    const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
    assert.equal(
      left,
      json({
        request,
        status: '200 OK',
        headers,
        body: {
          countryCode: 'NL',
          createdAt: '<volatile string>',
          name: 'Jane Doe',
          referenceId: '<volatile string>',
          type: 'person',
        },
      }),
    );
    // The counterparty is demo-label's data: a token of the other white label is refused with it (401).
    assert.equal(
      right,
      json({
        request,
        status: '401 Unauthorized',
        headers: {
          ...headers,
          'content-type': 'application/problem+json',
          'www-authenticate': 'Bearer error="invalid_token"',
        },
        body: {
          detail:
            'Counterparty "<uuid>" belongs to white label "demo-label", but the token was issued for "second-label". Get a token from /authentication/token/demo-bank/demo-label.',
          instance: '/counterparty-management/counterparties/<uuid>',
          status: 401,
          title: 'Unauthorized',
          type: 'urn:akkuro-sandbox:problem:wrong-white-label',
        },
      }),
    );
    assert.match(other.title, /keep-a .* ↔ keep-b /);
    assert.ok(other.comparison.differences.some((d) => d.where === 'status'));
  });

  it('Pin Response as Expectation writes expect: in one edit, keeps the rest, the cell then passes; Undo takes it back', async () => {
    await runCells(doc, 2);
    const cell = doc.cellAt(2);
    const original = cell.document.getText();
    const edits: number[] = [];
    const listening = vscode.workspace.onDidChangeTextDocument(
      (e) => e.document === cell.document && e.contentChanges.length && edits.push(e.contentChanges.length),
    );
    const text = await vscode.commands.executeCommand<string>(COMMANDS.pinAsExpectation, { cell, mode: 'values' });
    listening.dispose();
    assert.deepEqual(edits, [1], 'one change, so one undo step');
    assert.equal(cell.document.getText(), text);
    // The original text, comments included, byte for byte; values, and ids and timestamps by their type.
    assert.equal(
      text,
      `${original}expect:\n  status: 200\n  body:\n    $.referenceId: { type: string }\n    $.name: Jane Doe\n    $.type: person\n    $.countryCode: NL\n    $.createdAt: { type: string }\n`,
    );
    await runCells(doc, 2);
    const r = response(doc, 2);
    assert.equal(r.outcome, 'passed');
    assert.ok(r.assertions.length >= 5 && r.assertions.every((a) => a.passed));
    // Undo in the cell's editor takes the whole pin back in one step.
    await editCell(cell);
    await vscode.commands.executeCommand('undo');
    await waitFor('Undo to take the pin back', () => cell.document.getText() === original || undefined);
  });

  it('Pin Response as Expectation asks for values or types only; types only pins each field by its type', async () => {
    // A notebook of its own, so its undo stack holds this test's edits only.
    const pinDoc = await openNotebook(writeFile('keep/pin-types.akkuro-nb', notebookText([{ text: ONE }], 'keep-a')));
    await runCells(pinDoc, 0);
    const cell = pinDoc.cellAt(0);
    const original = cell.document.getText();
    assert.equal(original, ONE);
    // The real quick pick: "Pin values" first, "Pin types only" second.
    const text = await answerQuickPick(
      vscode.commands.executeCommand<string | undefined>(COMMANDS.pinAsExpectation, { cell }),
      1,
    );
    assert.equal(
      text,
      `${ONE}expect:\n  status: 200\n  body:\n    $.referenceId: { type: string }\n    $.name: { type: string }\n    $.type: { type: string }\n    $.countryCode: { type: string }\n    $.createdAt: { type: string }\n`,
    );
    assert.equal(cell.document.getText(), text);
    await runCells(pinDoc, 0);
    const r = response(pinDoc, 0);
    assert.equal(r.outcome, 'passed');
    assert.equal(r.assertions.length, 6, JSON.stringify(r.assertions));
    await editCell(cell);
    await vscode.commands.executeCommand('undo');
    await waitFor('Undo to take the pin back', () => cell.document.getText() === original || undefined);
  });

  it('keeps the history on disk only when asked, in workspace storage, redacted; a new session reads it back', async () => {
    const config = vscode.workspace.getConfiguration('akkuro');
    const file = test.history.file();
    assert.ok(file, 'the test host has workspace storage');
    assert.ok(!file.fsPath.startsWith(vscode.workspace.workspaceFolders![0].uri.fsPath), 'not in the workspace folder');
    await test.history.flush();
    assert.equal(fs.existsSync(file.fsPath), false, 'nothing stored by default');
    const stored = async (what: string, has: (text: string) => boolean) =>
      waitFor(what, async () => {
        await test.history.flush();
        const text = fs.existsSync(file.fsPath) ? fs.readFileSync(file.fsPath, 'utf8') : undefined;
        return text !== undefined && has(text) ? text : undefined;
      });
    await config.update('history.persist', true, vscode.ConfigurationTarget.Workspace);
    try {
      const runs: Array<{ runId: string; requestId: string | undefined }> = [];
      for (let i = 0; i < 2; i++) {
        await runCells(doc, 0);
        const r = response(doc, 0);
        runs.unshift({ runId: r.runId!, requestId: requestId(r) });
      }
      const text = await stored('the stored history with both runs', (t) => runs.every((r) => t.includes(r.runId)));
      const data = JSON.parse(text) as { format: number; cells: Array<{ key: string; entries: unknown[] }> };
      assert.equal(data.format, 1);
      assert.ok(
        data.cells.some((c) => c.key.endsWith('\nname:page') && c.entries.length > 0),
        text.slice(0, 300),
      );
      assert.ok(!text.includes('demo-secret-change-me'), 'no client secret');
      assert.doesNotMatch(text, /eyJ[\w-]{8,}/, 'no token');
      assert.match(text, /Bearer ‹redacted›/);

      // A new window session: memory starts empty and the stored runs are read back.
      const kept = test.history.size();
      assert.equal(await test.history.reload(), kept, 'every stored run is read back');
      assert.equal(test.history.size(), kept);
      for (const [index, run] of runs.entries()) {
        const shown = await vscode.commands.executeCommand<string | undefined>(COMMANDS.showRunHistory, {
          cell: doc.cellAt(0),
          show: run.runId,
        });
        assert.equal(shown, run.runId, `run ${index} of the cell is back`);
        const r = response(doc, 0);
        assert.equal(r.runId, run.runId);
        assert.equal(requestId(r), run.requestId);
        assert.equal(r.status, 200);
        assert.deepEqual(
          r.request.headers.filter(([n]) => n.toLowerCase() === 'authorization'),
          [['authorization', 'Bearer ‹redacted›']],
          'the restored run is redacted',
        );
      }

      await config.update('history.persist', false, vscode.ConfigurationTarget.Workspace);
      await waitFor(
        'turning persistence off to delete the stored file',
        () => !fs.existsSync(file.fsPath) || undefined,
      );
      await config.update('history.persist', true, vscode.ConfigurationTarget.Workspace);
      await stored('the history stored again once turned on', (t) => t.includes(runs[0].runId));

      await vscode.commands.executeCommand(COMMANDS.clearRunHistory);
      assert.equal(fs.existsSync(file.fsPath), false, 'Clear Run History deletes the stored file');
      assert.equal(test.history.size(), 0);
      assert.equal(await test.history.reload(), 0, 'nothing comes back in a new session');
      assert.equal(
        await vscode.commands.executeCommand(COMMANDS.showRunHistory, { cell: doc.cellAt(0), show: runs[0].runId }),
        undefined,
      );
    } finally {
      await config.update('history.persist', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  describe('the Testing view', () => {
    const PASSING =
      'GET: /counterparty-management/counterparties\nquery: { limit: 2 }\nexpect:\n  status: 200\n  body:\n    $.limit: 2';
    const FAILING = 'GET: /counterparty-management/counterparties\nexpect:\n  status: 200\n  body:\n    $.limit: 7';
    let uri: vscode.Uri;
    const item = (id: string) =>
      waitFor(`test item ${id}`, () => {
        const nb = test.tests.controller.items.get(uri.toString());
        return id === uri.toString() ? nb : nb?.children.get(id);
      });

    before(async () => {
      uri = writeFile(
        'keep/tests.akkuro-nb',
        notebookText(
          [{ kind: 'markdown', text: '# Tests' }, { text: PASSING }, { text: LIST }, { text: FAILING }],
          'keep-a',
        ),
      );
      await test.tests.controller.refreshHandler?.(new vscode.CancellationTokenSource().token);
    });

    it('lists the notebook and its request cells with expect:', async () => {
      const nb = await item(uri.toString());
      const ids: string[] = [];
      nb.children.forEach((c) => ids.push(c.id));
      assert.deepEqual(ids.sort(), [`${uri.toString()}#1`, `${uri.toString()}#3`]);
      assert.match((await item(`${uri.toString()}#1`)).label, /^GET \/counterparty-management\/counterparties$/);
    });

    it('runs them through the notebook controller; a failure shows expected and actual at its expect line', async () => {
      const reported = test.tests.reported!;
      reported.length = 0;
      await test.tests.run(
        new vscode.TestRunRequest([await item(uri.toString())]),
        new vscode.CancellationTokenSource().token,
      );
      const byId = new Map(reported.map((r) => [r.id, r]));
      assert.equal(byId.get(`${uri.toString()}#1`)?.state, 'passed');
      const failed = byId.get(`${uri.toString()}#3`);
      assert.equal(failed?.state, 'failed');
      const message = failed!.messages[0];
      assert.equal(message.expectedOutput, '7');
      assert.equal(message.actualOutput, '20');
      assert.match(String(message.message), /expected body \$\.limit to equal 7 but it was 20/);
      const nb = vscode.workspace.notebookDocuments.find((d) => d.uri.toString() === uri.toString())!;
      assert.equal(message.location?.uri.toString(), nb.cellAt(3).document.uri.toString());
      assert.equal(message.location?.range.start.line, 4, 'the "$.limit: 7" line');
      assert.equal(result(nb, 2)?.model.outcome, 'passed', 'the whole notebook ran, the cell without expect too');
    });

    it("Run Test at Cursor (VS Code's testing.runAtCursor) in a cell's expect: runs that test through the Testing service", async () => {
      const nb = await openNotebook(uri);
      const cell = nb.cellAt(3);
      // In an open notebook the item points at the cell's expect: block, which the command looks for.
      await waitFor('the test item at the cell', async () => {
        const i = await item(`${uri.toString()}#3`);
        return i.uri?.toString() === cell.document.uri.toString() && i.range ? i : undefined;
      });
      const reported = test.tests.reported!;
      reported.length = 0;
      const sent = requests('GET /counterparty-management/counterparties');
      await editCell(cell, new vscode.Position(4, 6));
      await vscode.commands.executeCommand('testing.runAtCursor');
      await waitFor('the run to be reported', () => reported.length > 0 || undefined, 20_000);
      assert.deepEqual(
        reported.map((r) => [r.id, r.state]),
        [[`${uri.toString()}#3`, 'failed']],
        'only the test at the cursor ran',
      );
      assert.equal(requests('GET /counterparty-management/counterparties'), sent + 1, 'one request: that cell only');
      const message = reported[0].messages[0];
      assert.equal(message.expectedOutput, '7');
      assert.equal(message.location?.uri.toString(), cell.document.uri.toString());
      assert.equal(message.location?.range.start.line, 4);
    });

    it('Run All from the Testing view asks first for a protected environment, like the notebook', async () => {
      const guarded = writeFile(
        'keep/guarded.akkuro-nb',
        notebookText([{ text: PASSING }, { text: FAILING }], 'keep-prod'),
      );
      await test.tests.controller.refreshHandler?.(new vscode.CancellationTokenSource().token);
      const nb = await waitFor('the guarded notebook', () => test.tests.controller.items.get(guarded.toString()));
      test.confirmations.respondWith((r) => r.kind !== 'run-all');
      const reported = test.tests.reported!;
      reported.length = 0;
      const sent = test.sandbox()!.stats().apiRequests;
      await test.tests.run(new vscode.TestRunRequest([nb]), new vscode.CancellationTokenSource().token);
      assert.ok(test.confirmations.asked.some((a) => a.kind === 'run-all' && a.environment === 'keep-prod'));
      assert.equal(test.sandbox()!.stats().apiRequests, sent, 'nothing was sent');
      assert.deepEqual(
        reported.map((r) => r.state),
        ['errored', 'skipped'],
      );
      assert.match(
        String(reported[0].messages[0].message),
        /Run All not confirmed for protected environment "keep-prod"/,
      );
      test.confirmations.respondWith(undefined);
    });
  });
});
