import assert from 'node:assert/strict';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/demoCredentials';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { seededCounterpartyId } from '../../src/sandbox/tenantStore';
import { buildCli, FAILING, LIST, notebook, runCli, workspace } from './cli-harness';

const LOCAL = { AKKURO_LOCAL_CLIENT_ID: SANDBOX_CLIENT_ID, AKKURO_LOCAL_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };
const GUARDED = { AKKURO_GUARDED_CLIENT_ID: SANDBOX_CLIENT_ID, AKKURO_GUARDED_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };
const CREATE =
  'POST: /counterparty-management/counterparties\nbody:\n  name: Jane Doe\n  type: person\nexpect:\n  status: 201';
const POSTS = 'POST /counterparty-management/counterparties';

describe('akkuro-nb run (real sandbox, real processes)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  before(async () => {
    buildCli();
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.resetStats());

  describe('exit codes', () => {
    it('0 when every request passes, with --sandbox and its demo credentials', async () => {
      const cwd = workspace(sandbox.url, { 'ok.akkuro-nb': notebook([LIST, `${LIST}\nexpect:\n  status: 200`]) });
      const r = await runCli(['run', 'ok.akkuro-nb', '--sandbox'], { cwd });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /✔ GET http:\/\/127\.0\.0\.1:\d+\/counterparty-management\/counterparties {2}200 OK/);
      assert.match(r.stdout, /^2 passed, 0 failed \(\d/m);
    });

    it('1 when an assertion fails, printing expected and actual', async () => {
      const cwd = workspace(sandbox.url, { 'bad.akkuro-nb': notebook([LIST, FAILING]) });
      const r = await runCli(['run', 'bad.akkuro-nb', '--env', 'local'], { cwd, env: LOCAL });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /✘ GET .* 200 OK/);
      assert.match(r.stdout, /expected status 299 but it was 200/);
      assert.match(r.stdout, /^1 passed, 1 failed \(/m);
    });

    it('2 for a malformed notebook, with positioned diagnostics and the path, before any request', async () => {
      const cwd = workspace(sandbox.url, {
        'good.akkuro-nb': notebook([LIST]),
        'broken.akkuro-nb': 'akkuro-notebook: 1\ncells:\n  - request: "unclosed\n',
      });
      const r = await runCli(['run', 'good.akkuro-nb', 'broken.akkuro-nb', '--env', 'local'], { cwd, env: LOCAL });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /broken\.akkuro-nb is not a valid notebook/);
      assert.match(r.stderr, /broken\.akkuro-nb:line \d+, column \d+: /);
      assert.equal(sandbox.stats().apiRequests + sandbox.stats().tokenRequests, 0);
    });

    it('2 for a notebook that cannot be read, and for a broken environments file', async () => {
      const cwd = workspace(sandbox.url, {
        'ok.akkuro-nb': notebook([LIST]),
        'broken-envs.yaml': 'environments:\n  local:\n    baseUrl: ftp://nowhere\n',
      });
      const missing = await runCli(['run', 'ok.akkuro-nb', 'nope.akkuro-nb', '--env', 'local'], { cwd, env: LOCAL });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /Cannot read notebook nope\.akkuro-nb: no such file or folder/);
      const envs = await runCli(['run', 'ok.akkuro-nb', '--env', 'local', '--env-file', 'broken-envs.yaml'], {
        cwd,
        env: LOCAL,
      });
      assert.equal(envs.code, 2);
      assert.match(
        envs.stderr,
        /broken-envs\.yaml:line 3, column 14: "baseUrl" must be an https:\/\/ URL such as https:\/\/api\.uat\.eu\.lending\.akkuro\.io, not ftp: /,
      );
      assert.equal(sandbox.stats().apiRequests + sandbox.stats().tokenRequests, 0);
    });

    it('2 for an unknown environment, listing the known ones', async () => {
      const cwd = workspace(sandbox.url, { 'ok.akkuro-nb': notebook([LIST]) });
      const r = await runCli(['run', 'ok.akkuro-nb', '--env', 'staging'], { cwd, env: LOCAL });
      assert.equal(r.code, 2);
      assert.match(
        r.stderr,
        /Unknown environment "staging" in akkuro-environments\.yaml\. Known: local, guarded, sandbox/,
      );
    });

    it('2 for a notebook pinned to an environment the file does not define, naming the notebook and the fixes', async () => {
      const cwd = workspace(sandbox.url, {
        'ok.akkuro-nb': notebook([LIST]),
        'sub/pinned.akkuro-nb': notebook([LIST], { environment: 'staging' }),
      });
      const r = await runCli(['run', 'ok.akkuro-nb', 'sub/pinned.akkuro-nb'], { cwd, env: LOCAL });
      assert.equal(r.code, 2);
      assert.match(
        r.stderr,
        /sub\/pinned\.akkuro-nb is pinned to environment "staging", which akkuro-environments\.yaml does not define\. Known: local, guarded, sandbox .*change the notebook's "environment:", or pass --env <name>\./,
      );
      assert.equal(sandbox.stats().apiRequests + sandbox.stats().tokenRequests, 0);
    });

    it('2 for a missing credential, naming the variables to set, before any request', async () => {
      const cwd = workspace(sandbox.url, { 'ok.akkuro-nb': notebook([LIST]) });
      const r = await runCli(['run', 'ok.akkuro-nb', '--env', 'local'], { cwd });
      assert.equal(r.code, 2);
      assert.match(
        r.stderr,
        /Set AKKURO_LOCAL_CLIENT_ID and AKKURO_LOCAL_CLIENT_SECRET, or AKKURO_CLIENT_ID and AKKURO_CLIENT_SECRET/,
      );
      const half = await runCli(['run', 'ok.akkuro-nb', '--env', 'local'], {
        cwd,
        env: { AKKURO_LOCAL_CLIENT_ID: SANDBOX_CLIENT_ID },
      });
      assert.equal(half.code, 2);
      assert.match(half.stderr, /AKKURO_LOCAL_CLIENT_SECRET is not set/);
      assert.equal(sandbox.stats().tokenRequests, 0);
    });

    it('2 for a bad flag or a bad flag value', async () => {
      const cwd = workspace(sandbox.url, { 'ok.akkuro-nb': notebook([LIST]) });
      const unknown = await runCli(['run', 'ok.akkuro-nb', '--sandbox', '--retry', '3'], { cwd });
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /Unknown option '--retry'/);
      const parallel = await runCli(['run', 'ok.akkuro-nb', '--sandbox', '--parallel', 'many'], { cwd });
      assert.equal(parallel.code, 2);
      assert.match(parallel.stderr, /--parallel needs a whole number/);
    });
  });

  describe('credentials from the process environment', () => {
    it('uses the per-environment pair over the generic one', async () => {
      const cwd = workspace(sandbox.url, { 'ok.akkuro-nb': notebook([LIST]) });
      const r = await runCli(['run', 'ok.akkuro-nb', '--env', 'local'], {
        cwd,
        env: { ...LOCAL, AKKURO_CLIENT_ID: 'nobody', AKKURO_CLIENT_SECRET: 'not-the-secret' },
      });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(sandbox.stats().tokensIssued, 1);
    });

    it('falls back to AKKURO_CLIENT_ID/AKKURO_CLIENT_SECRET', async () => {
      const cwd = workspace(sandbox.url, { 'ok.akkuro-nb': notebook([LIST]) });
      const r = await runCli(['run', 'ok.akkuro-nb', '--env', 'local'], {
        cwd,
        env: { AKKURO_CLIENT_ID: SANDBOX_CLIENT_ID, AKKURO_CLIENT_SECRET: SANDBOX_CLIENT_SECRET },
      });
      assert.equal(r.code, 0, r.stdout + r.stderr);
    });

    it('exits 1 with the refused message when the token endpoint refuses them', async () => {
      const cwd = workspace(sandbox.url, { 'ok.akkuro-nb': notebook([LIST]) });
      const r = await runCli(['run', 'ok.akkuro-nb', '--env', 'local'], {
        cwd,
        env: { AKKURO_LOCAL_CLIENT_ID: SANDBOX_CLIENT_ID, AKKURO_LOCAL_CLIENT_SECRET: 'wrong-secret-123' },
      });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /Credentials refused/);
      assert.match(r.stdout, /The client id\/secret was refused for demo-bank\/demo-label/);
      assert.equal(sandbox.stats().apiRequests, 0);
    });
  });

  describe('running', () => {
    it('--bail stops after the first failure: later cells are not sent', async () => {
      const cwd = workspace(sandbox.url, { 'bail.akkuro-nb': notebook([FAILING, LIST, LIST, LIST]) });
      const r = await runCli(['run', 'bail.akkuro-nb', '--env', 'local', '--bail'], { cwd, env: LOCAL });
      assert.equal(r.code, 1);
      assert.equal(sandbox.stats().apiRequests, 1);
      assert.match(r.stdout, /^0 passed, 1 failed, 3 skipped/m);
      sandbox.resetStats();
      const all = await runCli(['run', 'bail.akkuro-nb', '--env', 'local'], { cwd, env: LOCAL });
      assert.equal(all.code, 1);
      assert.equal(sandbox.stats().apiRequests, 4);
      assert.match(all.stdout, /^3 passed, 1 failed \(/m);
    });

    it('--parallel 4 over 4 notebooks shares one token: exactly 1 token request', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 4; i++) files[`suite/n${i}.akkuro-nb`] = notebook([LIST, LIST, LIST]);
      const cwd = workspace(sandbox.url, files);
      const r = await runCli(['run', 'suite', '--env', 'local', '--parallel', '4'], { cwd, env: LOCAL });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(sandbox.stats().tokenRequests, 1);
      assert.equal(sandbox.stats().apiRequests, 12);
      assert.match(r.stdout, /^12 passed, 0 failed/m);
      const order = ['n0', 'n1', 'n2', 'n3'].map((n) => r.stdout.indexOf(`suite/${n}.akkuro-nb`));
      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        order,
        'notebooks are printed in command-line order',
      );
      assert.ok(order.every((i) => i >= 0));
    });

    it('refuses POST to a protected environment without --allow-protected (exit 1), sends it with the flag', async () => {
      const cwd = workspace(sandbox.url, { 'write.akkuro-nb': notebook([LIST, CREATE]) });
      const refused = await runCli(['run', 'write.akkuro-nb', '--env', 'guarded'], { cwd, env: GUARDED });
      assert.equal(refused.code, 1);
      assert.match(refused.stdout, /Not sent to protected environment "guarded"/);
      assert.match(refused.stdout, /--allow-protected/);
      assert.equal(sandbox.stats().requestsByPath[POSTS], undefined);
      assert.equal(sandbox.stats().apiRequests, 1, 'the GET still ran');
      const allowed = await runCli(['run', 'write.akkuro-nb', '--env', 'guarded', '--allow-protected'], {
        cwd,
        env: GUARDED,
      });
      assert.equal(allowed.code, 0, allowed.stdout);
      assert.equal(sandbox.stats().requestsByPath[POSTS], 1);
    });

    it('--var sets a variable and overrides the environment one', async () => {
      const id = seededCounterpartyId('demo-bank', 'demo-label', 0);
      const extra = `  withvar:\n    baseUrl: ${sandbox.url}\n    brokerKey: demo-bank\n    labelReferenceId: demo-label\n    variables:\n      partyId: not-a-party\n`;
      const cwd = workspace(
        sandbox.url,
        { 'v.akkuro-nb': notebook(['GET: /counterparty-management/counterparties/{{partyId}}']) },
        extra,
      );
      const env = { AKKURO_CLIENT_ID: SANDBOX_CLIENT_ID, AKKURO_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };
      const missing = await runCli(['run', 'v.akkuro-nb', '--env', 'local'], { cwd, env });
      assert.equal(missing.code, 2, 'an unknown variable is found before the run starts');
      assert.match(
        missing.stderr,
        /v\.akkuro-nb:line 4, column 52 \(cell 1, line 1, column 46\): Unknown variable "partyId"/,
      );
      const fromEnv = await runCli(['run', 'v.akkuro-nb', '--env', 'withvar'], { cwd, env });
      assert.equal(fromEnv.code, 1);
      assert.match(fromEnv.stdout, /404 Not Found/);
      const overridden = await runCli(['run', 'v.akkuro-nb', '--env', 'withvar', '--var', `partyId=${id}`], {
        cwd,
        env,
      });
      assert.equal(overridden.code, 0, overridden.stdout);
      assert.match(overridden.stdout, new RegExp(`/counterparties/${id} {2}200 OK`));
    });

    it('finds the environments file upward from the notebook, and notes an overridden pin', async () => {
      const cwd = workspace(sandbox.url, { 'deep/er/pinned.akkuro-nb': notebook([LIST], { environment: 'guarded' }) });
      const r = await runCli(['run', 'deep/er/pinned.akkuro-nb', '--env', 'local'], { cwd, env: LOCAL });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /pinned to environment "guarded"; running it against "local"/);
      assert.match(r.stdout, /deep\/er\/pinned\.akkuro-nb {2}local /);
    });

    it('SIGINT aborts the in-flight request, prints the summary and exits 130', async () => {
      const slow = `${LIST}\nheaders:\n  X-Sandbox-Fault: latency=5000`;
      const cwd = workspace(sandbox.url, { 'slow.akkuro-nb': notebook([slow, LIST]) });
      const r = await runCli(['run', 'slow.akkuro-nb', '--env', 'local'], {
        cwd,
        env: LOCAL,
        onSpawn: (child) => {
          const poll = setInterval(() => {
            if (sandbox.stats().apiRequests >= 1) {
              clearInterval(poll);
              child.kill('SIGINT');
            }
          }, 20);
          child.on('close', () => clearInterval(poll));
        },
      });
      assert.equal(r.code, 130, r.stdout + r.stderr);
      assert.match(
        r.stdout,
        /✘ GET .*counterparties {2}Cancelled/,
        'the slow request was aborted, not awaited to its 200',
      );
      assert.match(r.stdout, /Interrupted/);
      assert.match(r.stdout, /^0 passed, 1 failed, 1 skipped/m);
      assert.equal(sandbox.stats().apiRequests, 1, 'the next cell was not sent');
    });
  });
});
