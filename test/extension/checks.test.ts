import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SandboxStats } from '../../src/sandbox/stats';
import { COMMANDS } from '../../src/contract/ids';
import {
  closeAll,
  notebookText,
  openNotebook,
  plainOutput,
  result,
  runAll,
  runCells,
  workspaceDir,
  writeFile,
} from './helpers';

const CREATE = 'name: party\nPOST: /counterparty-management/counterparties\nbody: { name: Jane Doe, type: person }';

/** Read from the sandbox itself, as any client would: what reached it, token requests included. */
async function sent(sandboxUrl: string): Promise<number> {
  const stats = (await (await fetch(`${sandboxUrl}/__sandbox/stats`)).json()) as SandboxStats;
  return stats.apiRequests + stats.tokenRequests;
}

// Issue 11, items 2 and 8, in VS Code: problems found before sending, and the bodyFile rule.
describe('checks before sending', () => {
  let sandboxUrl: string;
  before(async () => {
    sandboxUrl = await vscode.commands.executeCommand<string>(COMMANDS.startSandbox, { silent: true });
  });
  afterEach(closeAll);

  it('Run All shows the problems of every cell instead of starting, and sends nothing', async () => {
    const doc = await openNotebook(
      writeFile(
        'static-problems.akkuro-nb',
        notebookText(
          [
            { text: CREATE },
            { kind: 'markdown', text: '# then' },
            { text: 'GET: /counterparty-management/counterparties\nPOST: /counterparty-management/counterparties' },
            { text: 'GET: /counterparty-management/counterparties/{{party.body.referenceId}}/{{nobody}}' },
          ],
          'sandbox',
        ),
      ),
    );
    const before = await sent(sandboxUrl);
    await runAll(doc);
    assert.equal(await sent(sandboxUrl), before, 'no token request and no API request');
    assert.equal(doc.cellAt(0).outputs.length, 0, 'the first cell did not run');
    assert.equal(doc.cellAt(0).executionSummary?.executionOrder, undefined);
    const twoMethods = result(doc, 2)!.model;
    assert.ok(
      twoMethods.kind === 'failure' && twoMethods.category === 'cell' && twoMethods.diagnostics?.[0]?.line === 2,
      JSON.stringify(twoMethods),
    );
    assert.match(plainOutput(doc, 2), /Not run: this cell has a problem\nline 2, column 1: Two method keys/);
    const unknown = result(doc, 3)!.model;
    assert.ok(unknown.kind === 'failure' && unknown.category === 'variable', JSON.stringify(unknown));
    assert.match(unknown.message, /Unknown variable "nobody"/);
    assert.doesNotMatch(unknown.message, /party/, 'party is named by an earlier cell of the run');
    assert.equal(doc.cellAt(3).executionSummary?.success, false);
  });

  it('a notebook without problems still runs all its cells', async () => {
    const doc = await openNotebook(
      writeFile(
        'static-clean.akkuro-nb',
        notebookText(
          [{ text: CREATE }, { text: 'GET: /counterparty-management/counterparties/{{party.body.referenceId}}' }],
          'sandbox',
        ),
      ),
    );
    await runAll(doc);
    for (const i of [0, 1]) assert.equal(result(doc, i)?.model.outcome, 'passed', plainOutput(doc, i));
  });

  describe('a body file outside the workspace', () => {
    const outside = path.join(path.dirname(workspaceDir()), `akkuro-outside-${process.pid}.txt`);
    before(() => {
      fs.writeFileSync(outside, 'root:x:0:0:NOT-FOR-THE-NETWORK');
      fs.mkdirSync(path.join(workspaceDir(), 'uploads'), { recursive: true });
      fs.rmSync(path.join(workspaceDir(), 'uploads', 'link-out'), { force: true });
      fs.symlinkSync(outside, path.join(workspaceDir(), 'uploads', 'link-out'));
    });
    after(() => fs.rmSync(outside, { force: true }));

    for (const [what, file, name] of [
      ['../ out of the workspace', `../../${path.basename(outside)}`, 'dotdot'],
      ['a symlink that points out', 'link-out', 'symlink'],
    ]) {
      it(`is refused when its cell runs: ${what}`, async () => {
        const doc = await openNotebook(
          writeFile(
            `uploads/out-${name}.akkuro-nb`,
            notebookText([{ text: `POST: /counterparty-management/counterparties\nbodyFile: ${file}` }], 'sandbox'),
          ),
        );
        const before = await sent(sandboxUrl);
        await runCells(doc, 0);
        const r = result(doc, 0)!.model;
        assert.ok(r.kind === 'failure' && r.category === 'body-file', JSON.stringify(r));
        assert.match(r.message, /resolves to .*akkuro-outside-\d+\.txt, outside .*; body files must be inside/);
        assert.equal(await sent(sandboxUrl), before);
        assert.ok(!JSON.stringify(r).includes('NOT-FOR-THE-NETWORK'));
      });
    }

    it('stops Run All before its first cell', async () => {
      const doc = await openNotebook(
        writeFile(
          'uploads/out-all.akkuro-nb',
          notebookText(
            [{ text: CREATE }, { text: 'POST: /counterparty-management/counterparties\nbodyFile: link-out' }],
            'sandbox',
          ),
        ),
      );
      const before = await sent(sandboxUrl);
      await runAll(doc);
      assert.equal(await sent(sandboxUrl), before);
      assert.equal(doc.cellAt(0).outputs.length, 0);
      const r = result(doc, 1)!.model;
      assert.ok(r.kind === 'failure' && r.category === 'body-file', JSON.stringify(r));
      assert.match(r.message, /line 2, column 11: "bodyFile: link-out" cannot be used: it resolves to .*, outside/);
    });
  });
});
