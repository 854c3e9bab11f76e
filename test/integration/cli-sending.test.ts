import assert from 'node:assert/strict';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/demoCredentials';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { buildCli, LIST, notebook, runCli, workspace } from './cli-harness';

const LOCAL = { AKKURO_LOCAL_CLIENT_ID: SANDBOX_CLIENT_ID, AKKURO_LOCAL_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };
const PAGES = 'GET: /counterparty-management/counterparties\npaginate: { limit: 2, maxPages: 10 }';
const UNAVAILABLE =
  'GET: /counterparty-management/counterparties\nheaders:\n  X-Sandbox-Fault: "status=503,retry-after=0"';

describe('akkuro-nb run: --budget, --retries, --delay (real sandbox, real processes)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  before(async () => {
    buildCli();
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.resetStats());

  const sent = () => sandbox.stats().apiRequests + sandbox.stats().tokenRequests;

  it('--budget refuses a run that may send more, before anything is sent, and says where the requests go', async () => {
    const cwd = workspace(sandbox.url, { 'a.akkuro-nb': notebook([LIST, PAGES]), 'b.akkuro-nb': notebook([LIST]) });
    const r = await runCli(['run', 'a.akkuro-nb', 'b.akkuro-nb', '--env', 'local', '--budget', '12'], {
      cwd,
      env: LOCAL,
    });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /This run may send up to 13 requests .* more than --budget 12\. Nothing was sent\./);
    assert.match(r.stderr, /a\.akkuro-nb: up to 12\n {2}b\.akkuro-nb: up to 1/);
    assert.equal(sent(), 0);
  });

  it('--budget refuses a cell whose own bound is over it, at its line and column', async () => {
    const cwd = workspace(sandbox.url, { 'a.akkuro-nb': notebook([PAGES]) });
    const r = await runCli(['run', 'a.akkuro-nb', '--env', 'local', '--budget', '5'], { cwd, env: LOCAL });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /a\.akkuro-nb:line \d+, column \d+ \(cell 1, line 2, column 33\): This cell may send 10 requests \(maxPages 10\), more than --budget 5/,
    );
    assert.equal(sent(), 0);
  });

  it('a run within --budget runs, and reports what it sent against the budget', async () => {
    const cwd = workspace(sandbox.url, { 'a.akkuro-nb': notebook([LIST, PAGES]) });
    const r = await runCli(['run', 'a.akkuro-nb', '--env', 'local', '--budget', '12', '--reporter', 'json'], {
      cwd,
      env: LOCAL,
    });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { budget: number; requests: { total: number } };
    assert.equal(report.budget, 12);
    assert.equal(report.requests.total, sent());
    assert.ok(report.requests.total <= 12);
    assert.match(r.stderr, new RegExp(`· ${report.requests.total} requests .* of --budget 12`));
  });

  it('--retries sets the default for cells without retries:, and the console shows why it stopped', async () => {
    const cwd = workspace(sandbox.url, { 'a.akkuro-nb': notebook([UNAVAILABLE]) });
    const r = await runCli(['run', 'a.akkuro-nb', '--env', 'local', '--retries', '1'], { cwd, env: LOCAL });
    assert.equal(r.code, 1);
    assert.equal(sandbox.stats().requestsByPath['GET /counterparty-management/counterparties'], 2);
    assert.match(r.stdout, /Gave up after 1 retry \(retries: 1\): still 503 Service Unavailable/);
  });

  it('--delay and --retries reject what they cannot read', async () => {
    const cwd = workspace(sandbox.url, { 'a.akkuro-nb': notebook([LIST]) });
    const delay = await runCli(['run', 'a.akkuro-nb', '--env', 'local', '--delay=-1s'], { cwd, env: LOCAL });
    assert.equal(delay.code, 2);
    assert.match(delay.stderr, /--delay needs the least time between two requests/);
    const retries = await runCli(['run', 'a.akkuro-nb', '--env', 'local', '--retries', '11'], { cwd, env: LOCAL });
    assert.equal(retries.code, 2);
    assert.match(retries.stderr, /--retries needs a whole number from 0 to 10/);
    const budget = await runCli(['run', 'a.akkuro-nb', '--env', 'local', '--budget', '0'], { cwd, env: LOCAL });
    assert.equal(budget.code, 2);
    assert.match(budget.stderr, /--budget needs the most requests the run may send/);
  });

  it('--delay spaces the requests and the pages show the pacing wait', async () => {
    const cwd = workspace(sandbox.url, { 'a.akkuro-nb': notebook([PAGES]) });
    // Long enough that no page takes longer on a loaded machine (a page slower than the delay needs no wait).
    const r = await runCli(['run', 'a.akkuro-nb', '--env', 'local', '--delay', '400ms', '--reporter', 'json'], {
      cwd,
      env: LOCAL,
    });
    assert.equal(r.code, 0, r.stderr);
    const cell = JSON.parse(r.stdout).notebooks[0].cells[0].result;
    const reasons = cell.sequence.exchanges.slice(1).map((e: { waited?: { reason: string } }) => e.waited?.reason);
    assert.ok(reasons.length >= 2);
    for (const reason of reasons) assert.equal(reason, 'pacing (--delay 400 ms)');
  });
});
