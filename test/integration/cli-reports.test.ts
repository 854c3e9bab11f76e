import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/demoCredentials';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { buildCli, FAILING, JWT_SHAPE, LIST, notebook, runCli, workspace } from './cli-harness';

const LOCAL = { AKKURO_LOCAL_CLIENT_ID: SANDBOX_CLIENT_ID, AKKURO_LOCAL_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };
const NAMED = `name: first\n${LIST}`;
/**
 * A cell that fails before sending (a field the earlier response does not have), so its label comes from
 * the raw text, special characters and all. A static problem would stop the whole run before it starts.
 */
const TRICKY = `GET: /counterparty-management/counterparties?q=<&"'>\nheaders:\n  X-Id: "{{first.body.nope}}"`;

describe('akkuro-nb reports and secrets (real sandbox, real processes)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let cwd: string;

  before(async () => {
    buildCli();
    sandbox = await startSandbox();
    cwd = workspace(sandbox.url, {
      'a.akkuro-nb': notebook([NAMED, FAILING, TRICKY]),
      'b.akkuro-nb': notebook([LIST]),
      'bail.akkuro-nb': notebook([FAILING, LIST]),
    });
  });
  after(() => sandbox.close());

  it('--reporter json writes the documented shape to stdout, the console report to stderr', async () => {
    sandbox.resetStats();
    const r = await runCli(['run', 'a.akkuro-nb', 'b.akkuro-nb', '--env', 'local', '--reporter', 'json'], {
      cwd,
      env: LOCAL,
    });
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as Record<string, any>;
    assert.deepEqual(Object.keys(report).sort(), [
      'durationMs',
      'environment',
      'notebooks',
      'requests',
      'startedAt',
      'summary',
      'version',
    ]);
    assert.equal(report.environment, 'local');
    // Every request the run sent, token requests included, per client: what the sandbox saw.
    const seen = sandbox.stats();
    assert.deepEqual(report.requests, {
      total: seen.apiRequests + seen.tokenRequests,
      tokenRequests: seen.tokenRequests,
      byClient: [
        { environment: 'local', client: 'default', requests: seen.apiRequests, tokenRequests: seen.tokenRequests },
      ],
    });
    assert.equal(
      report.notebooks.reduce((n: number, nb: any) => n + nb.requests.total, 0),
      report.requests.total,
      'each request is counted for the notebook that sent it',
    );
    assert.match(
      r.stderr,
      new RegExp(`· ${report.requests.total} requests \\(default ${seen.apiRequests} \\+ 1 token request\\)`),
    );
    assert.deepEqual(report.summary, { passed: 2, failed: 2, skipped: 0 });
    assert.ok(!Number.isNaN(Date.parse(report.startedAt)));
    assert.equal(typeof report.durationMs, 'number');
    assert.deepEqual(
      report.notebooks.map((n: any) => n.path),
      ['a.akkuro-nb', 'b.akkuro-nb'],
    );
    const [first, second] = report.notebooks[0].cells;
    assert.equal(first.index, 1);
    assert.equal(first.name, 'first');
    assert.equal(first.result.kind, 'response');
    assert.equal(first.result.status, 200);
    assert.equal(first.result.outcome, 'passed');
    assert.equal(second.name, undefined);
    assert.equal(second.result.outcome, 'failed');
    assert.deepEqual(
      second.result.assertions.map((a: any) => [a.target, a.expected, a.actual, a.passed]),
      [['status', 299, 200, false]],
    );
    assert.match(r.stderr, /^2 passed, 2 failed/m);
  });

  it('--reporter junit --out writes valid XML with the right counts; the console still prints', async () => {
    const r = await runCli(
      ['run', 'a.akkuro-nb', 'b.akkuro-nb', '--env', 'local', '--reporter', 'junit', '--out', 'junit.xml'],
      { cwd, env: LOCAL },
    );
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^2 passed, 2 failed/m);
    assert.match(r.stdout, /JUnit report written to junit\.xml/);
    const xml = readFileSync(path.join(cwd, 'junit.xml'), 'utf8');
    assert.equal(XMLValidator.validate(xml), true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(xml);
    const root = doc.testsuites;
    assert.equal(root.tests, '4');
    assert.equal(root.failures, '2');
    const [a, b] = root.testsuite;
    assert.equal(a.name, 'a.akkuro-nb');
    assert.equal(a.tests, '3');
    assert.equal(a.failures, '2');
    assert.equal(b.tests, '1');
    assert.equal(b.failures, '0');
    // Requests sent per client, token requests included: the first notebook fetched the one token of the run.
    const props = (suite: any) =>
      Object.fromEntries(([] as any[]).concat(suite.properties.property).map((p: any) => [p.name, p.value]));
    assert.deepEqual(
      [props(a).requests, props(a)['requests local/default'], props(a)['token-requests local/default']],
      ['3', '3', '1'],
    );
    assert.deepEqual([props(b).requests, props(b)['requests local/default']], ['1', '1']);
    const cases = a.testcase;
    assert.equal(cases[0].classname, 'a.akkuro-nb');
    assert.match(cases[0].name, /^first: GET http:\/\/127\.0\.0\.1:\d+\/counterparty-management\/counterparties$/);
    assert.equal(cases[0].failure, undefined);
    assert.match(cases[0].time, /^\d+\.\d{3}$/);
    assert.equal(cases[1].failure.message, 'expected status 299 but it was 200');
    assert.match(cases[1].failure['#text'], /expected: 299\s+actual: {3}200/);
    assert.equal(
      cases[2].name,
      `GET /counterparty-management/counterparties?q=<&"'>`,
      'special characters survive escaping',
    );
    assert.equal(cases[2].failure.type, 'variable');
    assert.match(cases[2].failure['#text'], /line 3, column 10: Response "first" has no body\.nope/);
  });

  it('junit marks cells not run after --bail as skipped', async () => {
    const r = await runCli(['run', 'bail.akkuro-nb', '--env', 'local', '--bail', '--reporter', 'junit'], {
      cwd,
      env: LOCAL,
    });
    assert.equal(r.code, 1);
    assert.equal(XMLValidator.validate(r.stdout), true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout);
    assert.equal(doc.testsuites.testsuite.skipped, '1');
    assert.equal(
      doc.testsuites.testsuite.testcase[1].skipped.message,
      'not run: --bail stopped the run after a failure',
    );
  });

  it('never prints a secret or a token: stdout, stderr and report files', async () => {
    // The echo endpoint sends back what it gets: a secret smuggled into a header and a body must come back redacted.
    const leak = `POST: /__sandbox/echo\nauth: none\nheaders:\n  X-Copy: "{{secret}}"\nbody:\n  s: "{{secret}}"`;
    const dir = workspace(sandbox.url, { 'leak.akkuro-nb': notebook([LIST, leak, FAILING]) });
    const secret = 'extra-secret-for-leak-check';
    const env = { ...LOCAL, AKKURO_OTHER_CLIENT_ID: 'someone', AKKURO_OTHER_CLIENT_SECRET: secret };
    const outputs: string[] = [];
    for (const [reporter, out] of [['console'], ['json', 'r.json'], ['junit', 'r.xml'], ['json']] as const) {
      const args = [
        'run',
        'leak.akkuro-nb',
        '--env',
        'local',
        '--var',
        `secret=${secret}`,
        '--reporter',
        reporter,
        ...(out ? ['--out', out] : []),
      ];
      const r = await runCli(args, { cwd: dir, env });
      assert.equal(r.code, 1, r.stderr);
      outputs.push(r.stdout, r.stderr);
      if (out) outputs.push(readFileSync(path.join(dir, out), 'utf8'));
    }
    assert.ok(
      outputs.some((t) => /"x-copy\\?": ?\\?"‹redacted›/.test(t)),
      'the echoed secret was there to redact',
    );
    for (const text of outputs) {
      assert.ok(!text.includes(secret), 'an env secret leaked');
      assert.ok(!text.includes(SANDBOX_CLIENT_SECRET), 'the client secret leaked');
      assert.ok(
        !text.includes(Buffer.from(`${SANDBOX_CLIENT_ID}:${SANDBOX_CLIENT_SECRET}`).toString('base64')),
        'the Basic credentials leaked',
      );
      assert.doesNotMatch(text, JWT_SHAPE, 'a token leaked');
    }
  });

  it('--help and --version answer without running anything', async () => {
    const help = await runCli(['--help'], { cwd });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: akkuro-nb run <notebook\|folder>\.\.\. \[options\]/);
    assert.match(help.stdout, /AKKURO_<ENV>_CLIENT_ID/);
    const version = await runCli(['--version'], { cwd });
    assert.equal(version.code, 0);
    assert.equal(
      version.stdout.trim(),
      JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')).version,
    );
  });
});
