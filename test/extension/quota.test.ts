import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contract/ids';
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
  writeFile,
  type TestApi,
} from './helpers';

const LIST = 'GET: /counterparty-management/counterparties\nquery: { limit: 1 }';
const PAGES =
  'name: everyone\nlabel: second-label\nGET: /counterparty-management/counterparties\npaginate: { limit: 1, maxPages: 5 }';

/** A file environment on the sandbox whose one client may send 5 requests a day. */
function environmentsFile(url: string): string {
  return `environments:
  quota:
    baseUrl: ${url}
    brokerKey: demo-bank
    labels: [demo-label, second-label]
    apiVersion: 2025.1.0
    clients:
      onboarding:
        labels: all
        domains: [/counterparty-management]
        dailyQuota: 5
`;
}

describe('daily quotas: counted per client and UTC day, asked before going over, kept across restarts', () => {
  let test: TestApi;
  let doc: vscode.NotebookDocument;
  let sandbox: NonNullable<ReturnType<TestApi['sandbox']>>;
  const used = () => test.usage.count('quota', 'onboarding');
  const sent = () => {
    const s = sandbox.stats();
    return s.apiRequests + s.tokenRequests;
  };

  before(async () => {
    test = await api();
    const url = await vscode.commands.executeCommand<string>(COMMANDS.startSandbox, { silent: true });
    sandbox = test.sandbox()!;
    writeFile('quota/akkuro-environments.yaml', environmentsFile(url));
    doc = await openNotebook(
      writeFile('quota/quota.akkuro-nb', notebookText([{ text: LIST }, { text: PAGES }], 'quota')),
    );
    await waitFor('the status bar to show "quota"', () => test.statusText()?.includes('quota'));
    const signedIn = await vscode.commands.executeCommand<{ ok: boolean; message: string }>(COMMANDS.authenticate, {
      environment: 'quota',
      client: 'onboarding',
      clientId: 'demo-client',
      clientSecret: 'demo-secret-change-me',
    });
    assert.ok(signedIn.ok, signedIn.message);
  });
  after(async () => {
    test.confirmations.respondWith(undefined);
    await vscode.commands.executeCommand(COMMANDS.signOut, { all: true });
    await closeAll();
  });

  it('counts every request and token request of the client, and the status bar shows the use against the quota', async () => {
    test.confirmations.respondWith(() => true);
    const before = { used: used(), sent: sent() };
    await runCells(doc, 0);
    assert.equal(result(doc, 0)?.model.outcome, 'passed', plainOutput(doc, 0));
    const n = await waitFor('the request to be counted', () => (used() > before.used ? used() : undefined));
    assert.equal(n - before.used, sent() - before.sent, 'what the sandbox saw, token requests included');
    await waitFor(`the status bar to show ${n}/5 today`, () => test.statusText()?.endsWith(`· ${n}/5 today`));
  });

  it('asks before a run that may pass the quota, says how many, and sends nothing when the answer is no', async () => {
    test.confirmations.respondWith((r) => r.kind !== 'budget');
    const before = { used: used(), sent: sent(), asked: test.confirmations.asked.length };
    await runAll(doc);
    const asked = test.confirmations.asked.slice(before.asked).find((r) => r.kind === 'budget') as
      { kind: 'budget'; requests: number; message: string; clients: string[] } | undefined;
    assert.ok(asked, 'the run asked first');
    assert.deepEqual(asked.clients, ['onboarding']);
    assert.ok(asked.requests >= 6, `it said how many: ${asked.requests}`);
    assert.match(asked.message, /This run may send up to \d+ requests? .*with client "onboarding" of "quota", but/);
    const r = result(doc, 0)!.model;
    assert.ok(r.kind === 'failure' && r.category === 'budget', JSON.stringify(r));
    assert.match(r.message, /Nothing was sent: you chose not to go over the quota/);
    assert.equal(sent(), before.sent, 'nothing reached the sandbox');
    assert.equal(used(), before.used);
  });

  it('goes over only when agreed, and shows each page of the paging cell', async () => {
    test.confirmations.respondWith(() => true);
    await runAll(doc);
    const pages = result(doc, 1)!.model;
    assert.ok(pages.kind === 'response' && pages.sequence?.kind === 'pages', plainOutput(doc, 1));
    assert.match(pages.sequence.summary, /^5 pages · 5 items \(total 5\)$/);
    const n = used();
    assert.ok(n > 5, `over the quota now: ${n}`);
    await waitFor(`the status bar to show ${n}/5 today`, () => test.statusText()?.endsWith(`· ${n}/5 today`));
  });

  it('keeps the counts across a restart (global state)', async () => {
    const n = used();
    await test.usage.flush();
    await test.usage.restart(`restarted-${Date.now()}`);
    assert.equal(used(), n, 'the new session reads the day so far from global state');
    await runCells(doc, 0);
    await waitFor('one more request to be counted', () => (used() > n ? true : undefined));
    await waitFor('the status bar to follow', () => test.statusText()?.endsWith(`· ${used()}/5 today`));
  });
});
