import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contract/ids';
import { markerFile, restartPhase, type Marker } from './restartPhase';
import { api, notebookText, openNotebook, result, runCells, waitFor, workspaceDir, writeFile } from './helpers';

const NOTEBOOK = 'restart.akkuro-nb';
const LIST = 'GET: /counterparty-management/counterparties\nquery: { limit: 1 }';
/** RequestUsage writes its counts at most every 500 ms: this is longer, as a person's reload comes later. */
const SAVED_MS = 1500;

async function sandboxRequests(): Promise<{ used: () => number; sent: () => number }> {
  const test = await api();
  await vscode.commands.executeCommand<string>(COMMANDS.startSandbox, { silent: true });
  const sandbox = test.sandbox()!;
  return {
    used: () => test.usage.count('sandbox', 'onboarding'),
    sent: () => sandbox.stats().apiRequests + sandbox.stats().tokenRequests,
  };
}

async function runList(): Promise<void> {
  const doc = await openNotebook(vscode.Uri.file(path.join(workspaceDir(), NOTEBOOK)));
  await runCells(doc, 0);
  const r = result(doc, 0)?.model;
  assert.ok(r?.kind === 'response' && r.status === 200, JSON.stringify(r));
}

if (restartPhase() === 'before')
  describe('daily quotas across a real restart: before the window reloads', () => {
    it('counts the requests of the built-in sandbox client and lets them be saved', async () => {
      writeFile(NOTEBOOK, notebookText([{ text: LIST }], 'sandbox'));
      const { used, sent } = await sandboxRequests();
      assert.equal(used(), 0, 'a fresh profile has counted nothing');
      await runList();
      const n = await waitFor('the requests to be counted', () => (used() > 0 ? used() : undefined));
      assert.equal(n, sent(), 'what the sandbox saw, the token request included');
      // No flush through the test API: the counts are saved the way they are in use.
      await new Promise((resolve) => setTimeout(resolve, SAVED_MS));
      const marker: Marker = { session: vscode.env.sessionId, pid: process.pid, used: n };
      fs.writeFileSync(markerFile(), JSON.stringify(marker));
    });
  });
else
  describe('daily quotas across a real restart: after the window reloaded', () => {
    const marker = (): Marker => JSON.parse(fs.readFileSync(markerFile(), 'utf8')) as Marker;

    it('runs in a new window session and a new extension host', () => {
      assert.notEqual(vscode.env.sessionId, marker().session);
      assert.notEqual(process.pid, marker().pid);
    });

    it('reads the day so far from global state, shows it, and counts on from there', async () => {
      const test = await api();
      const before = marker().used;
      assert.ok(before > 0);
      assert.equal(test.usage.count('sandbox', 'onboarding'), before, 'the counts of the first session');
      const { used, sent } = await sandboxRequests();
      await openNotebook(vscode.Uri.file(path.join(workspaceDir(), NOTEBOOK)));
      await waitFor(`the status bar to show ${before}/1000 today`, () =>
        test.statusText()?.endsWith(` ${before}/1000 today`),
      );
      await runList();
      const n = await waitFor('the new requests to be counted', () => (used() > before ? used() : undefined));
      assert.equal(n - before, sent(), 'this session adds what its sandbox saw, a new token request included');
      await waitFor(`the status bar to show ${n}/1000 today`, () => test.statusText()?.endsWith(` ${n}/1000 today`));
    });
  });
