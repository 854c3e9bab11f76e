import assert from 'node:assert/strict';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/demoCredentials';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { seededCounterpartyId } from '../../src/sandbox/tenantStore';
import { buildCli, JWT_SHAPE, notebook, runCli, workspace } from './cli-harness';

const CREDENTIALS = { AKKURO_CLIENT_ID: SANDBOX_CLIENT_ID, AKKURO_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };
/** Every cell sends the environment's `fault` variable to the sandbox's fault injection. */
const LIST = 'name: parties\nGET: /counterparty-management/counterparties\nheaders: { X-Sandbox-Fault: "{{fault}}" }';
const ONE = 'GET: /counterparty-management/counterparties/{{parties.body.items[1].referenceId}}';
const CREATE = 'POST: /counterparty-management/counterparties\nbody: { name: Only In B, type: person }';

function environments(url: string, closedUrl: string): string {
  const env = (name: string, label: string, fault: string, extra = '', base = url) =>
    `  ${name}:\n    baseUrl: ${base}\n    brokerKey: demo-bank\n    labelReferenceId: ${label}\n    apiVersion: 2025.1.0\n    variables: { fault: "${fault}" }\n${extra}`;
  return [
    env('a', 'demo-label', 'latency=0'),
    // Another white label: other seeded ids, the same data otherwise.
    env('b', 'second-label', 'latency=0'),
    env('broken', 'demo-label', 'status=503'),
    env('prod', 'demo-label', 'latency=0', '    protected: true\n'),
    env('down', 'demo-label', 'latency=0', '', closedUrl),
    env('masked', 'second-label', 'latency=0', '    volatile: [$..total]\n'),
    `  bare:\n    baseUrl: ${url}\n    brokerKey: demo-bank\n    labelReferenceId: demo-label\n`,
    `  labelled:\n    baseUrl: ${url}\n    brokerKey: demo-bank\n    labels: [demo-label, second-label]\n    apiVersion: 2025.1.0\n    variables: { fault: "latency=0" }\n`,
  ].join('');
}

describe('akkuro-nb diff (real sandbox, real processes)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let closedUrl: string;

  before(async () => {
    buildCli();
    sandbox = await startSandbox();
    const closed = await startSandbox();
    closedUrl = closed.url;
    await closed.close();
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.resetStats());

  const ws = (cells: string[]) =>
    workspace(sandbox.url, { 'check.akkuro-nb': notebook(cells) }, environments(sandbox.url, closedUrl));

  it('0 when the responses match once ids and timestamps are masked (two white labels, a chained cell)', async () => {
    const cwd = ws([LIST, ONE]);
    const r = await runCli(['diff', 'check.akkuro-nb', '--env', 'a', '--env', 'b'], { cwd, env: CREDENTIALS });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /diff · 1 notebook, 2 requests · a ↔ b/);
    assert.match(r.stdout, /= GET \/counterparty-management\/counterparties {2}same: 200 OK/);
    assert.match(
      r.stdout,
      /= GET \/counterparty-management\/counterparties\/\{\{parties\.body\.items\[1\]\.referenceId\}\} {2}same: 200 OK/,
    );
    assert.match(r.stdout, /^2 same, 0 different \(/m);
    assert.equal(sandbox.stats().requestsByPath['GET /counterparty-management/counterparties'], 2);
  });

  it('compares two white labels of one environment (--env once, --label twice), each with its own token', async () => {
    const chained = await runCli(
      ['diff', 'check.akkuro-nb', '--env', 'labelled', '--label', 'demo-label', '--label', 'second-label'],
      { cwd: ws([LIST, ONE]), env: CREDENTIALS },
    );
    assert.equal(chained.code, 0, chained.stdout + chained.stderr);
    assert.match(chained.stdout, /diff · 1 notebook, 2 requests · labelled · demo-label ↔ labelled · second-label/);
    assert.match(chained.stdout, /^2 same, 0 different \(/m);
    assert.deepEqual(sandbox.stats().tokensIssuedBy, {
      'demo-client demo-bank/demo-label': 1,
      'demo-client demo-bank/second-label': 1,
    });
    // demo-label's own counterparty: the other white label's token is refused with it.
    const own = `GET: /counterparty-management/counterparties/${seededCounterpartyId('demo-bank', 'demo-label', 0)}`;
    const r = await runCli(
      ['diff', 'check.akkuro-nb', '--env', 'labelled', '--label', 'demo-label', '--label', 'second-label'],
      { cwd: ws([own]), env: CREDENTIALS },
    );
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /status: "200 OK" → "401 Unauthorized"/);
    const both = await runCli(
      ['diff', 'check.akkuro-nb', '--env', 'a', '--env', 'labelled', '--label', 'second-label'],
      {
        cwd: ws([LIST]),
        env: CREDENTIALS,
      },
    );
    assert.equal(both.code, 2, 'a has no second-label');
    assert.match(both.stderr, /--label "second-label" is not a white label of environment "a"/);
  });

  it('1 when an environment answers differently (a fault header), with each difference and its place', async () => {
    const cwd = ws([LIST]);
    const r = await runCli(['diff', 'check.akkuro-nb', '--env', 'a', '--env', 'broken'], { cwd, env: CREDENTIALS });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /≠ GET \/counterparty-management\/counterparties {2}\d+ differences/);
    assert.match(r.stdout, /status: "200 OK" → "503 Service Unavailable"/);
    assert.match(r.stdout, /header content-type: "application\/json[^"]*" → "application\/problem\+json[^"]*"/);
    assert.match(r.stdout, /body \$\.items: \[\{.*→ \(missing\)/);
    assert.match(r.stdout, /^0 same, 1 different \(/m);
  });

  it('1 when the data differs (a counterparty only in b), and 0 once the environment marks the field volatile', async () => {
    const cwd = ws([LIST]);
    const seeded = workspace(
      sandbox.url,
      { 'create.akkuro-nb': notebook([CREATE]) },
      environments(sandbox.url, closedUrl),
    );
    const created = await runCli(['run', 'create.akkuro-nb', '--env', 'b'], { cwd: seeded, env: CREDENTIALS });
    assert.equal(created.code, 0, created.stdout + created.stderr);
    const r = await runCli(['diff', 'check.akkuro-nb', '--env', 'a', '--env', 'b'], { cwd, env: CREDENTIALS });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /body \$\.total: 5 → 6/);
    assert.match(r.stdout, /body \$\.items\[5\]: \(missing\) → \{.*"name":"Only In B"/);
    const masked = await runCli(
      ['diff', 'check.akkuro-nb', '--env', 'a', '--env', 'masked', '--var', 'fault=latency=0'],
      {
        cwd,
        env: CREDENTIALS,
      },
    );
    assert.doesNotMatch(masked.stdout, /\$\.total/, 'volatile: [$..total] masks the total');
    assert.match(masked.stdout, /body \$\.items\[5\]/, 'the extra item still shows');
  });

  it('2 for a cell that can change data, before anything is sent; --allow-writes sends it to both', async () => {
    const cwd = ws([LIST, CREATE]);
    const refused = await runCli(['diff', 'check.akkuro-nb', '--env', 'a', '--env', 'b'], { cwd, env: CREDENTIALS });
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /these cells can change data:\n {2}check\.akkuro-nb cell 2: POST \/counterparty-management\/counterparties/,
    );
    assert.match(refused.stderr, /only sends GET and HEAD unless you pass --allow-writes/);
    assert.equal(sandbox.stats().apiRequests + sandbox.stats().tokenRequests, 0, 'nothing was sent');

    const guarded = await runCli(['diff', 'check.akkuro-nb', '--env', 'a', '--env', 'prod', '--allow-writes'], {
      cwd,
      env: CREDENTIALS,
    });
    assert.equal(guarded.code, 2);
    assert.match(guarded.stderr, /to protected "prod"/);
    assert.match(guarded.stderr, /--allow-protected/);
    assert.equal(sandbox.stats().apiRequests, 0);

    const allowed = await runCli(['diff', 'check.akkuro-nb', '--env', 'a', '--env', 'b', '--allow-writes'], {
      cwd,
      env: CREDENTIALS,
    });
    assert.match(allowed.stdout, /POST \/counterparty-management\/counterparties/);
    assert.equal(sandbox.stats().requestsByPath['POST /counterparty-management/counterparties'], 2);
  });

  it('GET to a protected environment needs no flag; a failed request fails the diff and says where', async () => {
    const cwd = ws([LIST]);
    const prod = await runCli(['diff', 'check.akkuro-nb', '--env', 'a', '--env', 'prod'], { cwd, env: CREDENTIALS });
    assert.equal(prod.code, 0, prod.stdout + prod.stderr);
    const down = await runCli(['diff', 'check.akkuro-nb', '--env', 'a', '--env', 'down'], { cwd, env: CREDENTIALS });
    assert.equal(down.code, 1);
    assert.match(
      down.stdout,
      /✘ GET \/counterparty-management\/counterparties\n {6}failed in down: .*token.*(refused|ECONNREFUSED)/i,
    );
    assert.match(down.stdout, /0 same, 0 different, 1 failed/);
    for (const r of [prod, down]) {
      assert.ok(!(r.stdout + r.stderr).includes(SANDBOX_CLIENT_SECRET));
      assert.doesNotMatch(r.stdout + r.stderr, JWT_SHAPE);
    }
  });

  it('2 for bad input: one or the same environment, an unknown one, a broken cell, missing credentials', async () => {
    const cwd = ws([LIST, 'GET: /x\nbogus: 1']);
    const cases: Array<[string[], RegExp, Record<string, string>]> = [
      [['--env', 'a'], /give --env twice/, CREDENTIALS],
      [['--env', 'a', '--env', 'a'], /Both sides are "a": compare two environments, or two white labels/, CREDENTIALS],
      [
        ['--env', 'labelled', '--label', 'second-label'],
        /give --env twice .* or --env once and --label twice/,
        CREDENTIALS,
      ],
      [
        ['--env', 'labelled', '--label', 'all', '--label', 'x'],
        /--label names the white label of both sides/,
        CREDENTIALS,
      ],
      [
        ['--env', 'labelled', '--label', 'demo-label', '--label', 'nope'],
        // diff takes one label per side: the message lists the labels and does not offer "all".
        /--label "nope" is not a white label of environment "labelled"[^\n]*Its labels: [\w-]+(, [\w-]+)*\.\n/,
        CREDENTIALS,
      ],
      [['--env', 'a', '--env', 'nope'], /Unknown environment "nope"/, CREDENTIALS],
      [
        ['--env', 'a', '--env', 'b'],
        /1 problem in 1 cell; nothing was sent[^]*\(cell 2, line 2, column 1\): Unknown key "bogus"/,
        CREDENTIALS,
      ],
      [['--env', 'a', '--env', 'b'], /No credentials for environment "a"/, {}],
      [['--env', 'a', '--env', 'b', '--allow-protected'], /only matters with --allow-writes/, CREDENTIALS],
      [['--env', 'a', '--env', 'bare'], /\{\{fault\}\}|"fault"/, CREDENTIALS],
    ];
    for (const [args, message, env] of cases) {
      const r = await runCli(['diff', 'check.akkuro-nb', ...args], { cwd, env });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
    }
    assert.equal(sandbox.stats().apiRequests + sandbox.stats().tokenRequests, 0);
    const help = await runCli(['diff', '--help'], { cwd });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: akkuro-nb diff/);
  });
});
