import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/demoCredentials';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { buildCli, LIST, notebook, runCli, workspace } from './cli-harness';
import { startRecordingServer, type RecordingServer } from './recording-server';

const LOCAL = { AKKURO_LOCAL_CLIENT_ID: SANDBOX_CLIENT_ID, AKKURO_LOCAL_CLIENT_SECRET: SANDBOX_CLIENT_SECRET };
const CREATE = 'name: party\nPOST: /counterparty-management/counterparties\nbody:\n  name: Jane Doe\n  type: person';

// Problems a notebook has before it runs are found before anything is sent (issue 11, item 8): the POST
// in the first cell used to go out before the second cell's problem was reported.
describe('akkuro-nb run: every cell is checked before the first request', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  before(async () => {
    buildCli();
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.resetStats());

  const sent = () => sandbox.stats().apiRequests + sandbox.stats().tokenRequests;

  const cases: Array<[string, string, RegExp]> = [
    [
      'two method keys',
      'GET: /a\nPOST: /b',
      /bad\.akkuro-nb:line 11, column 7 \(cell 2, line 2, column 1\): Two method keys: GET on line 1 and POST on line 2/,
    ],
    [
      'a duplicate key',
      `${LIST}\nname: a\nname: b`,
      /bad\.akkuro-nb:line 12, column 7 \(cell 2, line 3, column 1\): "name" appears twice/,
    ],
    [
      'an unknown variable',
      `${LIST}/{{partyId}}`,
      /bad\.akkuro-nb:line 10, column 52 \(cell 2, line 1, column 46\): Unknown variable "partyId"/,
    ],
    [
      'a response that no earlier cell names',
      `GET: /counterparty-management/counterparties/{{paty.body.referenceId}}`,
      /No earlier cell is named "paty"; did you mean "party"\?/,
    ],
    ['an unknown built-in', `${LIST}?x={{$uid}}`, /Unknown built-in "\$uid"; did you mean "\$uuid"\?/],
  ];
  for (const [what, cell, message] of cases) {
    it(`${what} in cell 2: exit 2, the POST in cell 1 is not sent`, async () => {
      const cwd = workspace(sandbox.url, { 'bad.akkuro-nb': notebook([CREATE, cell]) });
      const r = await runCli(['run', 'bad.akkuro-nb', '--env', 'local'], { cwd, env: LOCAL });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /bad\.akkuro-nb has 1 problem in 1 cell; nothing was sent/);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '', 'the run did not start');
      assert.equal(sent(), 0);
    });
  }

  it('a problem in the last of several notebooks stops them all, and every problem is listed', async () => {
    const cwd = workspace(sandbox.url, {
      'a.akkuro-nb': notebook([CREATE]),
      'b.akkuro-nb': notebook([LIST, 'GET: /a\nbdy: {}', `${LIST}/{{nope}}`]),
    });
    const r = await runCli(['run', 'a.akkuro-nb', 'b.akkuro-nb', '--env', 'local', '--parallel', '2'], {
      cwd,
      env: LOCAL,
    });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /b\.akkuro-nb has 2 problems in 2 cells/);
    assert.match(
      r.stderr,
      /b\.akkuro-nb:line 7, column 7 \(cell 2, line 2, column 1\): Unknown key "bdy"; did you mean "body"\?/,
    );
    assert.match(r.stderr, /b\.akkuro-nb:line 9, column 52 \(cell 3, line 1, column 46\): Unknown variable "nope"/);
    assert.doesNotMatch(r.stderr, /a\.akkuro-nb has/);
    assert.equal(sent(), 0);
  });

  it('a notebook without problems runs as before, chaining its named response', async () => {
    const cwd = workspace(sandbox.url, {
      'ok.akkuro-nb': notebook([CREATE, 'GET: /counterparty-management/counterparties/{{party.body.referenceId}}']),
    });
    const r = await runCli(['run', 'ok.akkuro-nb', '--env', 'local'], { cwd, env: LOCAL });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(sandbox.stats().apiRequests, 2);
  });

  it('control characters a notebook puts in its own text are shown escaped in the problem', async () => {
    const cwd = workspace(sandbox.url, { 'esc.akkuro-nb': notebook([`${LIST}\nheaders:\n  "X\\e[2J": a`]) });
    const r = await runCli(['run', 'esc.akkuro-nb', '--env', 'local'], { cwd, env: LOCAL });
    assert.equal(r.code, 2, r.stderr);
    assert.ok(!r.stderr.includes('\x1b'), JSON.stringify(r.stderr));
    assert.match(r.stderr, /"X\\x1b\[2J" is not a valid header name/);
  });
});

// YAML aliases and tags (issue 11, item 7), as a server receives them.
describe('akkuro-nb run: YAML aliases and tags in what is sent', function () {
  this.timeout(60_000);
  let server: RecordingServer;
  let cwd: string;

  before(async () => {
    buildCli();
    server = await startRecordingServer();
    cwd = workspace(server.url, {}, `  plain:\n    baseUrl: ${server.url}\n    apiVersion: 2025.1.0\n`);
  });
  after(() => server.close());
  beforeEach(() => (server.requests.length = 0));

  it('sends a body with aliases and a merge key resolved', async () => {
    writeFileSync(
      path.join(cwd, 'alias.akkuro-nb'),
      notebook([
        'POST: /parties\nbody:\n  base: &base { type: person, country: NL }\n  party: { <<: *base, name: Jane }\n  again: *base',
      ]),
    );
    const r = await runCli(['run', 'alias.akkuro-nb', '--env', 'plain'], { cwd });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(JSON.parse(server.requests[0].body), {
      base: { type: 'person', country: 'NL' },
      party: { type: 'person', country: 'NL', name: 'Jane' },
      again: { type: 'person', country: 'NL' },
    });
  });

  it('refuses !!binary and an unknown tag before anything is sent, at the tag', async () => {
    writeFileSync(
      path.join(cwd, 'tags.akkuro-nb'),
      notebook(['GET: /first', 'POST: /parties\nbody:\n  photo: !!binary aGVsbG8=\n  kind: !party person']),
    );
    const r = await runCli(['run', 'tags.akkuro-nb', '--env', 'plain'], { cwd });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /tags\.akkuro-nb:line 8, column 16 \(cell 2, line 3, column 10\): The YAML tag !!binary/);
    assert.match(r.stderr, /tags\.akkuro-nb:line 9, column 15 \(cell 2, line 4, column 9\): The YAML tag !party/);
    assert.deepEqual(server.requests, []);
  });
});
