import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'parse5';
import { attr, text } from '../../src/cli/reporters/junit';
import { escapeHtml } from '../../src/cli/reporters/htmlTemplate';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/demoCredentials';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { junitSchemaErrors } from '../fixtures/junitSchema';
import { buildCli, FAILING, JWT_SHAPE, LIST, notebook, runCli, workspace } from './cli-harness';

const LOCAL = { AKKURO_LOCAL_CLIENT_ID: SANDBOX_CLIENT_ID, AKKURO_LOCAL_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };
const ALL_REPORTERS = [
  '--reporter',
  'console',
  '--reporter',
  'junit:report.xml',
  '--reporter',
  'json:report.json',
  '--reporter',
  'html:report.html',
  '--reporter',
  'markdown:summary.md',
];
const REPORT_FILES = ['report.xml', 'report.json', 'report.html', 'summary.md'];

/** Every element and attribute of an HTML document, as the browser's parser builds it. */
function htmlElements(source: string): Array<{ tag: string; attrs: Array<{ name: string; value: string }> }> {
  const out: Array<{ tag: string; attrs: Array<{ name: string; value: string }> }> = [];
  const walk = (n: any) => {
    if (n.tagName) out.push({ tag: n.tagName, attrs: n.attrs });
    for (const c of [...(n.childNodes ?? []), ...(n.content ? [n.content] : [])]) walk(c);
  };
  walk(parse(source));
  return out;
}

describe('akkuro-nb reports, several at once (real sandbox, real processes)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  before(async () => {
    buildCli();
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());

  it('writes console, JUnit, JSON, HTML and Markdown reports in one run', async () => {
    const cwd = workspace(sandbox.url, { 'a.akkuro-nb': notebook([`name: first\n${LIST}`, FAILING]) });
    const r = await runCli(['run', 'a.akkuro-nb', '--env', 'local', ...ALL_REPORTERS], { cwd, env: LOCAL });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^1 passed, 1 failed \(/m);
    for (const line of [
      'JUnit report written to report.xml',
      'JSON report written to report.json',
      'HTML report written to report.html',
      'Markdown report written to summary.md',
    ])
      assert.ok(r.stdout.includes(line), line);

    const xml = readFileSync(path.join(cwd, 'report.xml'), 'utf8');
    assert.deepEqual(await junitSchemaErrors(xml), []);
    assert.match(xml, /<failure message="expected status 299 but it was 200" type="assertion">/);
    assert.match(xml, /<property name="api-version" value="2025\.1\.0"\/>/);

    const json = JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8'));
    assert.deepEqual(json.summary, { passed: 1, failed: 1, skipped: 0 });

    const html = readFileSync(path.join(cwd, 'report.html'), 'utf8');
    const elements = htmlElements(html);
    assert.equal(elements.filter((e) => e.tag === 'script').length, 0);
    assert.deepEqual(
      elements.flatMap((e) => e.attrs.filter((a) => /^on/i.test(a.name))),
      [],
      'no event-handler attributes',
    );
    assert.equal(elements.filter((e) => e.tag === 'details').length, 2);
    assert.match(html, /expected status 299 but it was 200/);

    const md = readFileSync(path.join(cwd, 'summary.md'), 'utf8');
    assert.match(md, /^## ✘ akkuro-nb: 1 passed, 1 failed\n/);
    assert.match(
      md,
      /\| `a\.akkuro-nb` \| 2 \| `GET \/counterparty-management\/counterparties` \| `200 OK` \| `expected status 299 but it was 200` \|/,
    );
  });

  it('makes the folders of report paths, as CI paths like reports/junit.xml expect', async () => {
    const cwd = workspace(sandbox.url, { 'a.akkuro-nb': notebook([LIST]) });
    const r = await runCli(['run', 'a.akkuro-nb', '--env', 'local', '-r', 'junit:reports/ci/junit.xml'], {
      cwd,
      env: LOCAL,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(path.join(cwd, 'reports', 'ci', 'junit.xml'), 'utf8'), /<testsuites /);
  });

  it('sends one report to stdout and the console report to stderr', async () => {
    const cwd = workspace(sandbox.url, { 'a.akkuro-nb': notebook([LIST]) });
    const r = await runCli(['run', 'a.akkuro-nb', '--env', 'local', '--reporter', 'json', '-r', 'html:r.html'], {
      cwd,
      env: LOCAL,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).summary, { passed: 1, failed: 0, skipped: 0 });
    assert.match(r.stderr, /^1 passed, 0 failed/m);
    assert.match(r.stderr, /HTML report written to r\.html/);
    assert.ok(existsSync(path.join(cwd, 'r.html')));
  });

  it('appends the Markdown summary to GITHUB_STEP_SUMMARY by itself, run after run', async () => {
    const cwd = workspace(sandbox.url, { 'ok.akkuro-nb': notebook([LIST]), 'bad.akkuro-nb': notebook([FAILING]) });
    const summary = path.join(cwd, 'step-summary.md');
    writeFileSync(summary, '# Earlier step\n');
    const env = { ...LOCAL, GITHUB_STEP_SUMMARY: summary };
    assert.equal((await runCli(['run', 'ok.akkuro-nb', '--env', 'local'], { cwd, env })).code, 0);
    assert.equal((await runCli(['run', 'bad.akkuro-nb', '--env', 'local'], { cwd, env })).code, 1);
    const text = readFileSync(summary, 'utf8');
    assert.ok(text.startsWith('# Earlier step\n\n## ✔'), 'appended, not overwritten');
    assert.match(text, /## ✔ akkuro-nb: 1 passed, 0 failed\n[\s\S]*The request passed\./);
    assert.match(text, /## ✘ akkuro-nb: 0 passed, 1 failed\n[\s\S]*\| `bad\.akkuro-nb` \| 1 \|/);
    assert.ok(text.indexOf('✔ akkuro-nb') < text.indexOf('✘ akkuro-nb'));
  });

  it('a step summary that cannot be written is a warning, not a failed run', async () => {
    const cwd = workspace(sandbox.url, { 'ok.akkuro-nb': notebook([LIST]) });
    mkdirSync(path.join(cwd, 'a-folder'));
    const r = await runCli(['run', 'ok.akkuro-nb', '--env', 'local'], {
      cwd,
      env: { ...LOCAL, GITHUB_STEP_SUMMARY: path.join(cwd, 'a-folder') },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: Could not append the summary to GITHUB_STEP_SUMMARY/);
  });

  it('checks every report target before sending anything (exit 2)', async () => {
    const cwd = workspace(sandbox.url, { 'a.akkuro-nb': notebook([LIST]) });
    sandbox.resetStats();
    const r = await runCli(
      ['run', 'a.akkuro-nb', '--env', 'local', '-r', 'junit:r.xml', '-r', 'html:a.akkuro-nb/r.html', '-r', 'json:.'],
      { cwd, env: LOCAL },
    );
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /The html report a\.akkuro-nb\/r\.html cannot be written: a\.akkuro-nb is a file, not a folder\./,
    );
    assert.match(r.stderr, /The json report \. is a folder; name a file, e.g\. report\.json\./);
    assert.equal(sandbox.stats().apiRequests, 0, 'nothing was sent');
    assert.equal(existsSync(path.join(cwd, 'r.xml')), false);
  });

  it('no report file, step summary or output holds the client secret, the Basic value or a token issued in the run', async () => {
    // The echo endpoint returns what it gets: secrets smuggled into headers and bodies come back for the reports to show.
    const leak = [
      'POST: /__sandbox/echo',
      'auth: none',
      'headers:',
      '  X-Copy: "{{secret}} {{client}}"',
      '  Authorization: "Basic {{basic}}"',
      'body:',
      '  s: "{{secret}}"',
      '  c: "{{client}}"',
      '  b: "{{basic}}"',
      'expect:',
      '  status: 299',
    ].join('\n');
    // A cell that never runs (after --bail) reaches the reports as written: the reports' own redaction must catch it.
    const written = `GET: /counterparty-management/counterparties?pasted=${SANDBOX_CLIENT_SECRET}`;
    const cwd = workspace(sandbox.url, { 'leak.akkuro-nb': notebook([LIST, leak, written]) });
    const other = `Leak<&>"'+/=%-secret-42`;
    const basic = Buffer.from(`${SANDBOX_CLIENT_ID}:${SANDBOX_CLIENT_SECRET}`).toString('base64');
    const summary = path.join(cwd, 'step-summary.md');
    const env = {
      ...LOCAL,
      AKKURO_OTHER_CLIENT_ID: 'someone',
      AKKURO_OTHER_CLIENT_SECRET: other,
      GITHUB_STEP_SUMMARY: summary,
    };
    const vars = ['--var', `secret=${other}`, '--var', `client=${SANDBOX_CLIENT_SECRET}`, '--var', `basic=${basic}`];
    const tokensBefore = sandbox.issuedTokens().length;
    const outputs: Array<[string, string]> = [];
    for (const run of [ALL_REPORTERS, ['--reporter', 'html'], ['--reporter', 'markdown'], ['--reporter', 'junit']]) {
      const r = await runCli(['run', 'leak.akkuro-nb', '--env', 'local', '--bail', ...vars, ...run], { cwd, env });
      assert.equal(r.code, 1, r.stderr);
      outputs.push([`stdout of ${run.join(' ')}`, r.stdout], [`stderr of ${run.join(' ')}`, r.stderr]);
    }
    for (const file of [...REPORT_FILES, 'step-summary.md'])
      outputs.push([file, readFileSync(path.join(cwd, file), 'utf8')]);

    const tokens = sandbox.issuedTokens().slice(tokensBefore);
    assert.equal(tokens.length, 4, 'one token per run, each to look for');
    assert.ok(
      outputs.some(([, t]) => t.includes('‹redacted›')) &&
        readFileSync(path.join(cwd, 'report.html'), 'utf8').includes('‹redacted›'),
      'the smuggled values reached the reports, redacted',
    );
    const forms = (s: string) => [
      s,
      escapeHtml(s),
      text(s),
      attr(s),
      JSON.stringify(s).slice(1, -1),
      encodeURIComponent(s),
    ];
    const secrets: Array<[string, string]> = [
      ['the other client secret', other],
      ['the client secret', SANDBOX_CLIENT_SECRET],
      ['the Basic value', basic],
      ...tokens.map((t, i): [string, string] => [`token ${i + 1}`, t]),
    ];
    for (const [where, content] of outputs) {
      for (const [what, secret] of secrets)
        for (const form of forms(secret)) assert.ok(!content.includes(form), `${what} in ${where}`);
      assert.doesNotMatch(content, JWT_SHAPE, `a JWT in ${where}`);
    }
  });
});
