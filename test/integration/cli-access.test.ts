import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { buildCli, JWT_SHAPE, notebook, runCli, workspace } from './cli-harness';

const CLIENTS = `  multi:
    baseUrl: URL
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
        dailyQuota: 200
`;
const ENV = {
  AKKURO_MULTI_ONBOARDING_CLIENT_ID: 'demo-client',
  AKKURO_MULTI_ONBOARDING_CLIENT_SECRET: 'demo-secret-change-me',
  AKKURO_MULTI_REPORTING_CLIENT_ID: 'reporting-client',
  AKKURO_MULTI_REPORTING_CLIENT_SECRET: 'reporting-secret-change-me',
};
const PARTIES = 'name: parties\nGET: /counterparty-management/counterparties\nquery: { limit: 1 }';
const COLLATERALS = 'GET: /collateral-management/counterparties/{{parties.body.items[0].referenceId}}/collaterals';

describe('akkuro-nb run: clients and white labels (real sandbox, real processes)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let cwd: string;

  before(async () => {
    buildCli();
    sandbox = await startSandbox();
    cwd = workspace(
      sandbox.url,
      {
        'two.akkuro-nb': notebook([PARTIES, COLLATERALS]),
        'nowhere.akkuro-nb': notebook([PARTIES, 'GET: /process-orchestration/processes']),
        'pinned.akkuro-nb': notebook([PARTIES], { environment: 'multi', label: 'nope' }),
        'header.akkuro-nb': notebook([PARTIES, `client: reporting\n${PARTIES}`, PARTIES], {
          environment: 'multi',
          client: 'onbording',
        }),
      },
      CLIENTS.replace('URL', sandbox.url),
    );
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.resetStats());

  it('--label all runs each notebook once per label, one token per client and label, reported per label', async () => {
    const r = await runCli(['run', 'two.akkuro-nb', '--env', 'multi', '--label', 'all', '--reporter', 'json'], {
      cwd,
      env: ENV,
    });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(
      report.notebooks.map((n: { label: string }) => n.label),
      ['demo-label', 'second-label'],
    );
    assert.deepEqual(
      report.notebooks.flatMap((n: { cells: Array<{ result: { environment: { client: string; label: string } } }> }) =>
        n.cells.map((c) => `${c.result.environment.client}@${c.result.environment.label}`),
      ),
      ['reporting@demo-label', 'onboarding@demo-label', 'reporting@second-label', 'onboarding@second-label'],
    );
    assert.deepEqual(sandbox.stats().tokensIssuedBy, {
      'reporting-client demo-bank/demo-label': 1,
      'demo-client demo-bank/demo-label': 1,
      'reporting-client demo-bank/second-label': 1,
      'demo-client demo-bank/second-label': 1,
    });
    assert.match(r.stderr, /two\.akkuro-nb \[label demo-label\]/);
    assert.match(r.stderr, /two\.akkuro-nb \[label second-label\]/);
    for (const out of [r.stdout, r.stderr]) {
      assert.doesNotMatch(out, JWT_SHAPE);
      for (const secret of Object.values(ENV).filter((v) => v.includes('secret'))) assert.ok(!out.includes(secret));
    }
  });

  it('exits 2 before sending anything when no client covers a request, naming the cell and the clients', async () => {
    const r = await runCli(['run', 'nowhere.akkuro-nb', '--env', 'multi'], { cwd, env: ENV });
    assert.equal(r.code, 2, r.stdout);
    assert.match(
      r.stderr,
      /nowhere\.akkuro-nb:line \d+, column \d+ \(cell 2, line 1, column 1\): No client of environment "multi" is declared for \/process-orchestration: onboarding \(all labels; \/collateral-management\); reporting \(all labels; \/counterparty-management\)/,
    );
    assert.equal(sandbox.stats().apiRequests + sandbox.stats().tokenRequests, 0);
  });

  it('exits 2 naming exactly the variables missing for each client a notebook needs', async () => {
    const r = await runCli(['run', 'two.akkuro-nb', '--env', 'multi'], {
      cwd,
      env: {
        AKKURO_MULTI_REPORTING_CLIENT_ID: 'reporting-client',
        // Shared pairs do not count for an environment with several clients.
        AKKURO_MULTI_CLIENT_ID: 'demo-client',
        AKKURO_MULTI_CLIENT_SECRET: 'demo-secret-change-me',
      },
    });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /AKKURO_MULTI_REPORTING_CLIENT_SECRET is not set, but AKKURO_MULTI_REPORTING_CLIENT_ID is: set both for client "reporting" of environment "multi"/,
    );
    assert.match(
      r.stderr,
      /No credentials for client "onboarding" of environment "multi" .*Set AKKURO_MULTI_ONBOARDING_CLIENT_ID and AKKURO_MULTI_ONBOARDING_CLIENT_SECRET/,
    );
    assert.ok(!r.stderr.includes('demo-secret-change-me'));
    assert.equal(sandbox.stats().tokenRequests, 0);
  });

  it('exits 2 for an unknown --label, and for a notebook whose label: is not one of the environment', async () => {
    const bad = await runCli(['run', 'two.akkuro-nb', '--env', 'multi', '--label', 'nope'], { cwd, env: ENV });
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /--label "nope" is not a white label of environment "multi".*demo-label, second-label, or "all"/,
    );
    const pinned = await runCli(['run', 'pinned.akkuro-nb'], { cwd, env: ENV });
    assert.equal(pinned.code, 2);
    assert.match(
      pinned.stderr,
      /pinned\.akkuro-nb has 1 problem in its header; nothing was sent.*\n {2}pinned\.akkuro-nb:line 3, column 8: Label "nope" \(named by the notebook file\) is not a white label of environment "multi"\. Its labels: demo-label, second-label\. Cell 1 uses it\.\n/,
    );
  });

  it("reports a mistake in the notebook's client: once, at its header line, not once per cell", async () => {
    const r = await runCli(['run', 'header.akkuro-nb'], { cwd, env: ENV });
    assert.equal(r.code, 2, r.stdout);
    const lines = r.stderr.split('\n').filter((l) => l.includes('"onbording"'));
    assert.deepEqual(lines, [
      '  header.akkuro-nb:line 3, column 9: Client "onbording" (named by the notebook file) is not a client of environment "multi". Its clients: onboarding (all labels; /collateral-management); reporting (all labels; /counterparty-management). Cells 1 and 3 use it.',
    ]);
    assert.match(r.stderr, /header\.akkuro-nb has 1 problem in its header; nothing was sent/);
    assert.doesNotMatch(r.stderr, /\(cell \d/, 'no problem is reported on a cell');
    assert.equal(sandbox.stats().apiRequests + sandbox.stats().tokenRequests, 0);
  });

  it('reports requests per named client, token requests included, in JSON and JUnit', async () => {
    const r = await runCli(
      [
        'run',
        'two.akkuro-nb',
        '--env',
        'multi',
        '--label',
        'all',
        '--reporter',
        'json',
        '--reporter',
        'junit:per-client.xml',
      ],
      { cwd, env: ENV },
    );
    assert.equal(r.code, 0, r.stderr);
    // Per label: one request and one token request for each client; the run sums the two labels.
    const perLabel = (n: number) => ({
      total: 4 * n,
      tokenRequests: 2 * n,
      byClient: [
        { environment: 'multi', client: 'onboarding', requests: n, tokenRequests: n },
        { environment: 'multi', client: 'reporting', requests: n, tokenRequests: n },
      ],
    });
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.requests, perLabel(2));
    assert.deepEqual(
      report.notebooks.map((nb: { requests: unknown }) => nb.requests),
      [perLabel(1), perLabel(1)],
    );
    const seen = sandbox.stats();
    assert.equal(seen.apiRequests + seen.tokenRequests, report.requests.total, 'what the sandbox saw');
    const xml = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testsuite', 'property'].includes(name),
    }).parse(readFileSync(path.join(cwd, 'per-client.xml'), 'utf8'));
    const props = xml.testsuites.testsuite.map(
      (suite: { properties: { property: Array<{ name: string; value: string }> } }) =>
        Object.fromEntries(
          suite.properties.property.filter((p) => /requests/.test(p.name)).map((p) => [p.name, p.value]),
        ),
    );
    const suite = {
      requests: '4',
      'requests multi/onboarding': '2',
      'token-requests multi/onboarding': '1',
      'requests multi/reporting': '2',
      'token-requests multi/reporting': '1',
    };
    assert.deepEqual(props, [suite, suite]);
  });
});

describe('akkuro-nb run: a broken client in the environments file', function () {
  this.timeout(60_000);
  before(buildCli);

  it('exits 2 with the file, line and column of each mistake, and sends nothing', async () => {
    const sandbox = await startSandbox();
    try {
      const cwd = workspace(
        sandbox.url,
        { 'a.akkuro-nb': notebook([PARTIES], { environment: 'multi' }) },
        CLIENTS.replace('URL', sandbox.url).replace(
          'labels: all\n        domains: [/collateral-management]',
          'labels: [retail]\n        domains: [collateral-management]',
        ),
      );
      const r = await runCli(['run', 'a.akkuro-nb'], { cwd, env: ENV });
      assert.equal(r.code, 2);
      assert.match(
        r.stderr,
        /akkuro-environments\.yaml:line 20, column 18: Client "onboarding" names white label "retail", which is not in the labels of environment "multi" \(demo-label, second-label\)/,
      );
      assert.match(
        r.stderr,
        /akkuro-environments\.yaml:line 21, column 19: The domain "collateral-management" must be written with one leading slash/,
      );
      assert.match(
        r.stderr,
        /Environment "multi" in akkuro-environments\.yaml cannot be used until the problems above are fixed/,
      );
      assert.equal(sandbox.stats().apiRequests + sandbox.stats().tokenRequests, 0);
    } finally {
      await sandbox.close();
    }
  });
});
