import assert from 'node:assert/strict';
import { parseCommandLine } from '../../src/cli/args';
import { credentialsFor, credentialVariables } from '../../src/cli/credentials';
import { cellLabel } from '../../src/cli/report';
import { attr, text } from '../../src/cli/reporters/junit';
import type { Environment } from '../../src/core/environments/environment';
import { createRunnerEngine } from '../../src/cli/services';

const env = (name: string, extra: Partial<Environment> = {}): Environment => ({
  name,
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'bank',
  labelReferenceId: 'label',
  variables: {},
  protected: false,
  ...extra,
});

describe('cli: command line', () => {
  it('reads every run option', () => {
    const c = parseCommandLine([
      'run',
      'a.akkuro-nb',
      'dir',
      '--env',
      'uat-eu',
      '--env-file',
      'x.yaml',
      '--var',
      'a=1',
      '--var',
      'b=x=y',
      '--bail',
      '--parallel',
      '3',
      '--reporter',
      'junit',
      '--out',
      'r.xml',
      '--allow-protected',
      '--timeout',
      '2s',
    ]);
    assert.deepEqual(c, {
      kind: 'run',
      options: {
        inputs: ['a.akkuro-nb', 'dir'],
        env: 'uat-eu',
        sandbox: false,
        envFile: 'x.yaml',
        variables: { a: '1', b: 'x=y' },
        bail: true,
        parallel: 3,
        reports: [{ reporter: 'junit', out: 'r.xml' }],
        allowProtected: true,
        timeoutMs: 2000,
      },
    });
  });

  it('defaults: console reporter, one notebook at a time; --env sandbox implies --sandbox', () => {
    const c = parseCommandLine(['run', 'a', '--env', 'sandbox']);
    assert.equal(c.kind, 'run');
    if (c.kind !== 'run') return;
    assert.deepEqual(c.options.reports, []);
    assert.equal(c.options.parallel, 1);
    assert.equal(c.options.sandbox, true);
  });

  const bad: Array<[string[], RegExp]> = [
    [['run', 'a', '--nope'], /Unknown option '--nope'/],
    [['run'], /Name at least one notebook/],
    [['test', 'a'], /Unknown command "test"/],
    [['run', 'a', '--parallel', '0'], /--parallel needs a whole number of notebooks from 1 to 64, got "0"/],
    [['run', 'a', '--parallel', '2.5'], /--parallel/],
    [['run', 'a', '--reporter', 'tap'], /--reporter must be one of console, json, junit, html, markdown .*got "tap"/],
    [['run', 'a', '--out', 'x'], /--out writes a json, junit, html or markdown report/],
    [['run', 'a', '--var', 'novalue'], /--var "novalue" must look like name=value/],
    [['run', 'a', '--var', '1x=2'], /--var "1x=2"/],
    [['run', 'a', '--timeout', '30'], /--timeout needs a duration with a unit/],
    [
      ['run', 'a', '--sandbox', '--env', 'uat'],
      /--sandbox runs against the built-in "sandbox" environment, but --env names "uat"/,
    ],
    [['run', 'a', '--env', 'bad name'], /not an environment name/],
  ];
  for (const [argv, message] of bad) {
    it(`refuses ${argv.join(' ')}`, () => {
      const c = parseCommandLine(argv);
      assert.equal(c.kind, 'error');
      if (c.kind === 'error') {
        assert.match(c.message, message);
        assert.match(c.message, /akkuro-nb --help/);
      }
    });
  }

  it('--label takes a white label or "all", and not nothing', () => {
    const one = parseCommandLine(['run', 'a.akkuro-nb', '--label', 'business']);
    assert.equal(one.kind === 'run' && one.options.label, 'business');
    const all = parseCommandLine(['run', 'a.akkuro-nb', '-l', 'all']);
    assert.equal(all.kind === 'run' && all.options.label, 'all');
    const none = parseCommandLine(['run', 'a.akkuro-nb', '--label', ' ']);
    assert.ok(none.kind === 'error' && /--label needs a white label/.test(none.message));
  });

  it('--help, no arguments and --version', () => {
    assert.deepEqual(parseCommandLine([]), { kind: 'help' });
    assert.deepEqual(parseCommandLine(['run', '--help']), { kind: 'help' });
    assert.deepEqual(parseCommandLine(['-v']), { kind: 'version' });
  });
});

describe('cli: credentials', () => {
  it('names the variables after the environment', () => {
    assert.deepEqual(credentialVariables('uat-eu'), {
      id: 'AKKURO_UAT_EU_CLIENT_ID',
      secret: 'AKKURO_UAT_EU_CLIENT_SECRET',
    });
  });

  it('prefers the per-environment pair and never mixes pairs', () => {
    const processEnv = {
      AKKURO_UAT_EU_CLIENT_ID: 'own',
      AKKURO_UAT_EU_CLIENT_SECRET: 'own-secret',
      AKKURO_CLIENT_ID: 'gen',
      AKKURO_CLIENT_SECRET: 'gen-secret',
    };
    assert.deepEqual(credentialsFor(env('uat-eu'), processEnv), {
      ok: true,
      credentials: { clientId: 'own', clientSecret: 'own-secret' },
      source: 'AKKURO_UAT_EU_CLIENT_ID/AKKURO_UAT_EU_CLIENT_SECRET',
    });
    const half = credentialsFor(env('uat-eu'), {
      AKKURO_UAT_EU_CLIENT_ID: 'own',
      AKKURO_CLIENT_ID: 'gen',
      AKKURO_CLIENT_SECRET: 'gen-secret',
    });
    assert.deepEqual(half, {
      ok: false,
      message:
        'AKKURO_UAT_EU_CLIENT_SECRET is not set, but AKKURO_UAT_EU_CLIENT_ID is: set both for environment "uat-eu".',
    });
    assert.deepEqual(credentialsFor(env('prod'), processEnv), {
      ok: true,
      credentials: { clientId: 'gen', clientSecret: 'gen-secret' },
      source: 'AKKURO_CLIENT_ID/AKKURO_CLIENT_SECRET',
    });
  });

  it('says exactly what to set when nothing is set; empty values count as unset', () => {
    const r = credentialsFor(env('prod-eu'), { AKKURO_PROD_EU_CLIENT_ID: '' });
    assert.equal(r.ok, false);
    if (!r.ok)
      assert.match(
        r.message,
        /Set AKKURO_PROD_EU_CLIENT_ID and AKKURO_PROD_EU_CLIENT_SECRET, or AKKURO_CLIENT_ID and AKKURO_CLIENT_SECRET/,
      );
  });

  it('the built-in sandbox uses its demo client unless its own pair is set', () => {
    const sandbox = env('sandbox', { builtin: true });
    const demo = credentialsFor(sandbox, { AKKURO_CLIENT_ID: 'real', AKKURO_CLIENT_SECRET: 'real-secret' });
    assert.equal(demo.ok && demo.credentials.clientId, 'demo-client');
    const own = credentialsFor(sandbox, {
      AKKURO_SANDBOX_CLIENT_ID: 'limited-client',
      AKKURO_SANDBOX_CLIENT_SECRET: 'limited-secret-change-me',
    });
    assert.equal(own.ok && own.credentials.clientId, 'limited-client');
  });

  const twoClients = env('uat-eu', {
    labels: ['retail', 'business'],
    clients: [
      { name: 'onboarding', labels: 'all', domains: ['/counterparty-management'] },
      { name: 'data-migration', labels: ['business'], domains: ['/migration-assistance'] },
    ],
  });

  it('names per-client variables after the environment and the client (upper-cased, - → _)', () => {
    assert.deepEqual(credentialVariables('uat-eu', 'data-migration'), {
      id: 'AKKURO_UAT_EU_DATA_MIGRATION_CLIENT_ID',
      secret: 'AKKURO_UAT_EU_DATA_MIGRATION_CLIENT_SECRET',
    });
  });

  it('a declared client uses its own pair; with several clients the shared pairs are never used', () => {
    const [onboarding, migration] = twoClients.clients!;
    const processEnv = {
      AKKURO_UAT_EU_ONBOARDING_CLIENT_ID: 'on',
      AKKURO_UAT_EU_ONBOARDING_CLIENT_SECRET: 'on-secret',
      AKKURO_UAT_EU_CLIENT_ID: 'shared',
      AKKURO_UAT_EU_CLIENT_SECRET: 'shared-secret',
      AKKURO_CLIENT_ID: 'gen',
      AKKURO_CLIENT_SECRET: 'gen-secret',
    };
    assert.deepEqual(credentialsFor(twoClients, processEnv, onboarding), {
      ok: true,
      credentials: { clientId: 'on', clientSecret: 'on-secret' },
      source: 'AKKURO_UAT_EU_ONBOARDING_CLIENT_ID/AKKURO_UAT_EU_ONBOARDING_CLIENT_SECRET',
    });
    const missing = credentialsFor(twoClients, processEnv, migration);
    assert.equal(missing.ok, false);
    assert.equal(
      !missing.ok && missing.message,
      'No credentials for client "data-migration" of environment "uat-eu" (bank on api.uat.eu.lending.akkuro.io: data-migration (business; /migration-assistance)). Set AKKURO_UAT_EU_DATA_MIGRATION_CLIENT_ID and AKKURO_UAT_EU_DATA_MIGRATION_CLIENT_SECRET, in the environment of this process (never in files or arguments).',
    );
    const half = credentialsFor(twoClients, { AKKURO_UAT_EU_DATA_MIGRATION_CLIENT_ID: 'm' }, migration);
    assert.match(
      !half.ok ? half.message : '',
      /^AKKURO_UAT_EU_DATA_MIGRATION_CLIENT_SECRET is not set, but AKKURO_UAT_EU_DATA_MIGRATION_CLIENT_ID is/,
    );
  });

  it('an environment with one declared client also takes the existing forms', () => {
    const one = env('uat-eu', { clients: [{ name: 'onboarding', labels: 'all' }] });
    const r = credentialsFor(one, { AKKURO_UAT_EU_CLIENT_ID: 'shared', AKKURO_UAT_EU_CLIENT_SECRET: 'shared-secret' });
    assert.equal(r.ok && r.credentials.clientId, 'shared');
  });

  it("the sandbox's declared clients sign in with their own demo clients", () => {
    const sandbox = env('sandbox', {
      builtin: true,
      labels: ['demo-label', 'second-label'],
      clients: [
        { name: 'onboarding', labels: 'all', domains: ['/counterparty-management'] },
        { name: 'migration', labels: ['demo-label'], domains: ['/migration-assistance'] },
      ],
    });
    const m = credentialsFor(sandbox, {}, sandbox.clients![1]);
    assert.equal(m.ok && m.credentials.clientId, 'migration-client');
    const own = credentialsFor(
      sandbox,
      { AKKURO_SANDBOX_MIGRATION_CLIENT_ID: 'limited-client', AKKURO_SANDBOX_MIGRATION_CLIENT_SECRET: 's3cret-value' },
      sandbox.clients![1],
    );
    assert.equal(own.ok && own.credentials.clientId, 'limited-client');
  });

  it("the runner's engine knows every client secret of the process environment before anything runs", async () => {
    const engine = createRunnerEngine({
      AKKURO_A_CLIENT_ID: 'ida',
      AKKURO_A_CLIENT_SECRET: 'secret-a-123',
      AKKURO_A_ONBOARDING_CLIENT_SECRET: 'secret-o-789',
      AKKURO_B_CLIENT_ID: '',
      AKKURO_B_CLIENT_SECRET: 'secret-b-321',
      AKKURO_CLIENT_SECRET: 'secret-g-456',
      OTHER_SECRET: 'not-ours-789',
    });
    try {
      const basic = Buffer.from('ida:secret-a-123').toString('base64');
      assert.equal(
        engine.redactor.redact(`secret-a-123 secret-g-456 ${basic} secret-o-789 secret-b-321 not-ours-789`),
        '‹redacted› ‹redacted› ‹redacted› ‹redacted› ‹redacted› not-ours-789',
      );
    } finally {
      await engine.close();
    }
  });
});

describe('cli: labels and XML escaping', () => {
  it('labels a cell by what was sent, else by its method line', () => {
    assert.equal(cellLabel('name: x\nPOST: "/a?b=1"  # note\n', undefined, 3), 'POST /a?b=1');
    assert.equal(cellLabel('name: x\n', undefined, 3), 'cell 3');
  });

  it('escapes XML text and attributes, shows control characters escaped, drops what XML cannot hold', () => {
    assert.equal(text(`a<b>&c\u0001\u001b[2J\uD800`), 'a&lt;b&gt;&amp;c\\x01\\x1b[2J\uFFFD');
    assert.equal(attr(`"it's"\n\t`), '&quot;it&apos;s&quot;&#10;&#9;');
    assert.equal(text('😀'), '😀');
  });
});
