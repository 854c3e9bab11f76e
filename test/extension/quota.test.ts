import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contract/ids';
import type { RunResult } from '../../src/contract/response';
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

describe('daily quotas: counted per client and UTC day, asked before going over, kept across window sessions', () => {
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

  it('turns the status bar to the warning colour from 80 % of the quota', async () => {
    test.confirmations.respondWith(() => true);
    assert.ok(used() < 4, `this test starts below 80 % of the quota, not at ${used()}/5`);
    while (used() < 4) {
      const n = used();
      await waitFor(`the status bar to show ${n}/5 today`, () => test.statusText()?.endsWith(`· ${n}/5 today`));
      assert.equal(test.statusBackground(), undefined, `no warning colour at ${n}/5`);
      await runCells(doc, 0);
      await waitFor('the request to be counted', () => used() > n || undefined);
    }
    const n = used();
    await waitFor(`the status bar to show ${n}/5 today`, () => test.statusText()?.endsWith(`· ${n}/5 today`));
    assert.equal(test.statusBackground(), 'statusBarItem.warningBackground', `the warning colour at ${n}/5`);
  });

  it('asks before a single paging cell that may pass the quota, and sends nothing when the answer is no', async () => {
    test.confirmations.respondWith((r) => r.kind !== 'budget');
    const before = { used: used(), sent: sent(), asked: test.confirmations.asked.length };
    await runCells(doc, 1);
    const asked = test.confirmations.asked.slice(before.asked);
    assert.equal(asked.length, 1, JSON.stringify(asked));
    const budget = asked.find((r) => r.kind === 'budget') as
      { kind: 'budget'; requests: number; message: string; clients: string[] } | undefined;
    assert.ok(budget, 'the run asked first');
    assert.deepEqual(budget.clients, ['onboarding']);
    assert.ok(budget.requests >= 5, `maxPages 5 at least: ${budget.requests}`);
    assert.match(budget.message, /This run may send up to \d+ requests .*with client "onboarding" of "quota", but/);
    const r = result(doc, 1)!.model;
    assert.ok(r.kind === 'failure' && r.category === 'budget', JSON.stringify(r));
    assert.match(r.message, /Nothing was sent: you chose not to go over the quota/);
    assert.equal(sent(), before.sent, 'nothing reached the sandbox');
    assert.equal(used(), before.used);
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

  // A real reload of the window is restart.test.ts (a suite of its own); this is a second session in the same host.
  it('a new window session reads the counts of the others from global state', async () => {
    const n = used();
    await test.usage.flush();
    await test.usage.restart(`restarted-${Date.now()}`);
    assert.equal(used(), n, 'the new session reads the day so far from global state');
    await runCells(doc, 0);
    await waitFor('one more request to be counted', () => (used() > n ? true : undefined));
    await waitFor('the status bar to follow', () => test.statusText()?.endsWith(`· ${used()}/5 today`));
  });
});

describe('the akkuro.retries setting', () => {
  const FAULT = 'X-Sandbox-Fault: "status=429,retry-after=1,times=5,id={{$uuid}}"';
  const PATH = 'GET /counterparty-management/counterparties';
  let test: TestApi;
  let doc: vscode.NotebookDocument;
  const akkuro = () => vscode.workspace.getConfiguration('akkuro');
  const setRetries = async (n: number | undefined) => {
    await akkuro().update('retries', n, vscode.ConfigurationTarget.Global);
    await waitFor(`akkuro.retries to be ${n ?? 'the default'}`, () => akkuro().get('retries') === (n ?? 2));
  };

  before(async () => {
    test = await api();
    await vscode.commands.executeCommand<string>(COMMANDS.startSandbox, { silent: true });
    doc = await openNotebook(
      writeFile('retries.akkuro-nb', notebookText([{ text: `${LIST}\nheaders:\n  ${FAULT}` }], 'sandbox')),
    );
  });
  after(async () => {
    await setRetries(undefined);
    test.confirmations.respondWith(undefined);
    await closeAll();
  });

  /** Runs the cell whose GET is answered 429 five times, and returns the result and how often it was sent. */
  async function run429(): Promise<{ sent: number; model: RunResult }> {
    const stats = () => test.sandbox()!.stats().requestsByPath[PATH] ?? 0;
    const before = stats();
    await runCells(doc, 0);
    return { sent: stats() - before, model: result(doc, 0)!.model };
  }

  it('sets how many times a 429 GET is retried: 0 sends it once, 1 sends it twice', async () => {
    // The built-in sandbox environment has quotas too: after a long suite, agree to go over them.
    test.confirmations.respondWith(() => true);
    await setRetries(0);
    const once = await run429();
    assert.equal(once.sent, 1, plainOutput(doc, 0));
    assert.ok(once.model.kind === 'response' && once.model.status === 429, JSON.stringify(once.model));
    assert.ok(
      once.model.notes.some((n) => /^Not retried: retries is 0/.test(n)),
      once.model.notes.join('\n'),
    );
    await setRetries(1);
    const twice = await run429();
    assert.equal(twice.sent, 2, plainOutput(doc, 0));
    assert.ok(twice.model.kind === 'response' && twice.model.status === 429, JSON.stringify(twice.model));
    assert.deepEqual(
      twice.model.sequence?.exchanges.map((e) => [e.label, e.status]),
      [
        ['request', 429],
        ['retry 1', 429],
      ],
    );
    assert.ok(
      twice.model.notes.some((n) => /Gave up after 1 retry \(retries: 1\)/.test(n)),
      twice.model.notes.join('\n'),
    );
  });
});
