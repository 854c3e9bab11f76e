import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/demoCredentials';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { buildCli, LIST, notebook, runCli, workspace } from './cli-harness';

const LOCAL = { AKKURO_LOCAL_CLIENT_ID: SANDBOX_CLIENT_ID, AKKURO_LOCAL_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };

/** A spec that disagrees with the sandbox on purpose: `name` is an integer and `nickname` is required. */
const WRONG_SPEC = `openapi: 3.1.0
info: { title: Wrong parties, version: 2025.1.0 }
servers: [{ url: https://api.uat.eu.lending.akkuro.io/counterparty-management }]
paths:
  /counterparties:
    get:
      responses:
        '200':
          description: A page
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items: { type: array, maxItems: 1, items: { $ref: 'parts/party.yaml#/Party' } }
`;
const WRONG_PARTY = `Party:
  type: object
  required: [nickname]
  properties:
    name: { type: integer }
`;

const CELLS = [
  `name: list\n${LIST}?limit=2`,
  'GET: /counterparty-management/counterparties/{{list.body.items[0].referenceId}}',
  'POST: /counterparty-management/counterparties\nbody:\n  name: Schema Check\n  type: organisation\nexpect:\n  status: 201',
  'GET: /counterparty-management/counterparties/nope\nexpect:\n  status: 404',
  'GET: /collateral-management/counterparties/{{list.body.items[0].referenceId}}/collaterals',
];

describe('akkuro-nb --check-schema (real sandbox, real processes)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let cwd: string;

  before(async () => {
    buildCli();
    sandbox = await startSandbox();
    cwd = workspace(sandbox.url, {
      'all.akkuro-nb': notebook(CELLS),
      'asks.akkuro-nb': notebook([`${LIST}\nexpect:\n  schema: true`]),
      'wrong/akkuro-environments.yaml': `specs: [specs/*.yaml, missing/*.yaml]\nenvironments:\n  local:\n    baseUrl: ${sandbox.url}\n    brokerKey: demo-bank\n    labelReferenceId: demo-label\n    apiVersion: 2025.1.0\n`,
      'wrong/specs/parties.yaml': WRONG_SPEC,
      'wrong/specs/parts/party.yaml': WRONG_PARTY,
      'wrong/specs/broken.yaml': 'openapi: 3.1.0\ninfo: { title: x, version: 2025.1.0\npaths: {}\n',
      'unusable/akkuro-environments.yaml': `specs: [specs/*.yaml]\nenvironments:\n  local:\n    baseUrl: ${sandbox.url}\n    brokerKey: demo-bank\n    labelReferenceId: demo-label\n`,
      'unusable/specs/broken.yaml': 'openapi: 3.1.0\ninfo: { title: x, version: 2025.1.0\npaths: {}\n',
      'unusable/asks.akkuro-nb': notebook([`${LIST}\nexpect:\n  schema: true`]),
      'wrong/list.akkuro-nb': notebook([
        `${LIST}?limit=3`,
        'GET: /counterparty-management/counterparties/unknown-in-spec\nexpect: { status: 404 }',
      ]),
    });
  });
  after(() => sandbox.close());

  it('checks every sandbox response against the document the sandbox serves, and all pass', async () => {
    const r = await runCli(['run', 'all.akkuro-nb', '--sandbox', '--check-schema', '--reporter', 'json'], { cwd });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const cells = JSON.parse(r.stdout).notebooks[0].cells as Array<{
      result: { assertions: Array<{ target: string; passed: boolean; message: string }> };
    }>;
    assert.equal(cells.length, CELLS.length);
    for (const c of cells) {
      const schema = c.result.assertions.filter((a) => a.target === 'schema');
      assert.equal(schema.length, 1, JSON.stringify(c.result.assertions));
      assert.ok(schema[0].passed);
    }
    assert.match(
      cells[3].result.assertions.find((a) => a.target === 'schema')!.message,
      /body matches the schema of GET \/counterparty-management\/counterparties\/\{counterpartyId\} \(Akkuro Lending sandbox 2025\.1\.0\) → 404/,
    );
  });

  it('a deliberately wrong spec gives the expected violations with JSON paths (console, JSON, JUnit)', async () => {
    const json = await runCli(['run', 'list.akkuro-nb', '--env', 'local', '--check-schema', '--reporter', 'json'], {
      cwd: `${cwd}/wrong`,
      env: LOCAL,
    });
    assert.equal(json.code, 1, json.stderr);
    const cells = JSON.parse(json.stdout).notebooks[0].cells;
    const failed = (cells[0].result.assertions as Array<{ passed: boolean; target: string; message: string }>).filter(
      (a) => !a.passed,
    );
    assert.deepEqual(
      failed.map((a) => a.message),
      [
        '$.items must NOT have more than 1 items',
        '$.items[0].nickname is required but missing',
        '$.items[0].name must be an integer but is a string ("Jane Doe")',
        '$.items[1].nickname is required but missing',
        '$.items[1].name must be an integer but is a string ("Acme Lending B.V.")',
        '$.items[2].nickname is required but missing',
        '$.items[2].name must be an integer but is a string ("Müller & Söhne GmbH")',
      ],
    );
    assert.equal(failed[1].target, 'schema $.items[0].nickname');
    // Not in the spec: --check-schema skips it rather than failing the run for it.
    assert.equal(cells[1].result.outcome, 'passed');
    assert.match(
      json.stderr,
      /akkuro-environments\.yaml line 1, column 9 \(specs "specs\/\*\.yaml"\): An OpenAPI document could not be used.*specs\/broken\.yaml line 3, column 1/,
    );
    assert.match(json.stderr, /line 1, column 23 \(specs "missing\/\*\.yaml"\): "missing\/\*\.yaml" matches no file/);

    const console = await runCli(['run', 'list.akkuro-nb', '--env', 'local', '--check-schema'], {
      cwd: `${cwd}/wrong`,
      env: LOCAL,
    });
    assert.equal(console.code, 1);
    assert.match(console.stdout, /✘ \$\.items\[0\]\.nickname is required but missing/);
    const junit = await runCli(['run', 'list.akkuro-nb', '--env', 'local', '--check-schema', '--reporter', 'junit'], {
      cwd: `${cwd}/wrong`,
      env: LOCAL,
    });
    assert.match(junit.stdout, /\$\.items\[0\]\.name must be an integer/);
  });

  it('loads the OpenAPI libraries only for a run that checks schemas (require.cache at exit)', async () => {
    // Preloaded into the runner: at exit, says whether dist/openapiLibraries.js was ever required.
    const probe = path.join(cwd, 'openapi-probe.cjs');
    writeFileSync(
      probe,
      `process.on('exit', () => process.stderr.write('\\nopenapiLibraries loaded: ' + Object.keys(require.cache).some((k) => k.endsWith('openapiLibraries.js')) + '\\n'));\n`,
    );
    const loaded = (r: { stderr: string }) => /\nopenapiLibraries loaded: (true|false)\n/.exec(r.stderr)?.[1];
    const plain = await runCli(['run', 'all.akkuro-nb', '--sandbox'], { cwd, nodeArgs: ['--require', probe] });
    assert.equal(plain.code, 0, plain.stderr + plain.stdout);
    assert.equal(loaded(plain), 'false', plain.stderr);
    const checked = await runCli(['run', 'all.akkuro-nb', '--sandbox', '--check-schema'], {
      cwd,
      nodeArgs: ['--require', probe],
    });
    assert.equal(checked.code, 0, checked.stderr + checked.stdout);
    assert.equal(loaded(checked), 'true', checked.stderr);
  });

  it('without --check-schema, only cells with expect: { schema: true } are checked; without specs they fail saying why', async () => {
    const plain = await runCli(['run', 'list.akkuro-nb', '--env', 'local', '--reporter', 'json'], {
      cwd: `${cwd}/wrong`,
      env: LOCAL,
    });
    assert.equal(plain.code, 0, plain.stdout);
    assert.doesNotMatch(plain.stderr, /OpenAPI/, 'specs are not even loaded');
    const asks = await runCli(['run', 'asks.akkuro-nb', '--env', 'local', '--reporter', 'json'], { cwd, env: LOCAL });
    assert.equal(asks.code, 1);
    const a = JSON.parse(asks.stdout).notebooks[0].cells[0].result.assertions.find(
      (x: { target: string }) => x.target === 'schema',
    );
    assert.match(a.message, /Environment "local" lists no OpenAPI documents: add "specs: \[specs\/\*\.yaml\]"/);
    // Listed, but not one usable: the failure and the note say so, not that the environment lists none.
    const unusable = await runCli(['run', 'asks.akkuro-nb', '--env', 'local', '--check-schema', '--reporter', 'json'], {
      cwd: `${cwd}/unusable`,
      env: LOCAL,
    });
    assert.equal(unusable.code, 1);
    const u = JSON.parse(unusable.stdout).notebooks[0].cells[0].result.assertions.find(
      (x: { target: string }) => x.target === 'schema',
    );
    const none = /None of the OpenAPI documents that "specs:" lists for environment "local" could be used/;
    assert.match(u.message, none);
    assert.match(unusable.stderr, new RegExp(`--check-schema: ${none.source}`));
    const sandboxAsks = await runCli(['run', 'asks.akkuro-nb', '--sandbox'], { cwd });
    assert.equal(sandboxAsks.code, 0, sandboxAsks.stdout);
  });
});
