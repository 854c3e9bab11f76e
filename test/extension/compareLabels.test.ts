import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contract/ids';
import { seededCounterpartyId } from '../../src/sandbox/tenantStore';
import {
  answerQuickPick,
  api,
  closeAll,
  notebookText,
  openNotebook,
  result,
  runCells,
  writeFile,
  type TestApi,
} from './helpers';

const PARTY = seededCounterpartyId('demo-bank', 'demo-label', 0);
const CELLS = [
  `name: party\nGET: /counterparty-management/counterparties/${PARTY}`,
  'GET: /counterparty-management/counterparties/{{party.body.referenceId}}\nexpect:\n  status: 200',
  'label: demo-label\nGET: /counterparty-management/counterparties\nquery: { limit: 1 }',
];

interface Shown {
  comparison: { equal: boolean; differences: Array<{ where: string }> };
  right: vscode.Uri;
  title: string;
}

describe('Compare with Environment… to another white label', () => {
  let test: TestApi;
  let doc: vscode.NotebookDocument;
  const stats = () => test.sandbox()!.stats();

  before(async () => {
    test = await api();
    await vscode.commands.executeCommand<string>(COMMANDS.startSandbox, { silent: true });
    doc = await openNotebook(
      writeFile(
        'labels/compare.akkuro-nb',
        notebookText(
          CELLS.map((text) => ({ text })),
          'sandbox',
        ),
      ),
    );
  });
  after(closeAll);

  it("offers the environment's other white label first and runs the cell with it; the notebook's own named response stays", async () => {
    await runCells(doc, 0);
    assert.equal(result(doc, 0)?.model.outcome, 'passed');
    const tokens = (key: string) => stats().tokensIssuedBy[key] ?? 0;
    const before = tokens('demo-client demo-bank/second-label');
    // The real quick pick: its first item is the sandbox's other label (separators cannot be picked).
    const other = await answerQuickPick(
      vscode.commands.executeCommand<Shown | undefined>(COMMANDS.compareWithEnvironment, doc.cellAt(0)),
    );
    assert.ok(other, 'a comparison was shown');
    assert.match(other.title, /: sandbox · demo-label .* ↔ sandbox · second-label /);
    // At least one: the 401 below drops that token and the request is sent once more with a new one.
    assert.ok(tokens('demo-client demo-bank/second-label') > before, "a token for the other label's client");
    const right = (await vscode.workspace.openTextDocument(other.right)).getText();
    // The counterparty is demo-label's data: the other white label's token is refused with it.
    assert.match(right, /"status": "401 Unauthorized"/);
    assert.ok(other.comparison.differences.some((d) => d.where === 'status'));
    // The cell's status bar still describes the run its output shows (demo-label, 200), not the comparison's 401.
    const status = test.cellStatus(doc.cellAt(0));
    assert.ok(
      status.some((i) => /white label demo-label/.test(i.tooltip)),
      JSON.stringify(status),
    );
    assert.ok(
      status.some((i) => /^\$\(pass\) 200 · /.test(i.text)),
      JSON.stringify(status),
    );
    assert.ok(
      status.some((i) => i.text === '$(history) 2'),
      JSON.stringify(status),
    );
    // The other label's 401 did not replace the notebook's `party`: the next cell still reads demo-label's party.
    await runCells(doc, 1);
    const next = result(doc, 1)?.model;
    assert.equal(next?.kind === 'response' && next.status, 200, JSON.stringify(next));
  });

  it('asked for a label by argument, compares with it; a cell that names its label is not run with another', async () => {
    const byArgument = await vscode.commands.executeCommand<Shown | undefined>(COMMANDS.compareWithEnvironment, {
      cell: doc.cellAt(0),
      label: 'second-label',
    });
    assert.match(byArgument?.title ?? '', /sandbox · demo-label .* ↔ sandbox · second-label /);
    const sent = stats().apiRequests;
    const refused = await vscode.commands.executeCommand<Shown | undefined>(COMMANDS.compareWithEnvironment, {
      cell: doc.cellAt(2),
      label: 'second-label',
    });
    assert.equal(refused, undefined);
    assert.equal(stats().apiRequests, sent, 'nothing was sent');
  });
});
