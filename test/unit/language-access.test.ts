import assert from 'node:assert/strict';
import type { Environment } from '../../src/core/environments/environment';
import { applyEdits, setCellKeys } from '../../src/core/language/cellEdits';
import { completions } from '../../src/core/language/completion';
import { cellDiagnostics } from '../../src/core/language/diagnostics';
import type { CellDiagnostic } from '../../src/core/language/languageTypes';
import { hover } from '../../src/core/language/hover';
import type { CellScope } from '../../src/core/language/languageTypes';

const environment: Environment = {
  name: 'uat-eu',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'yourbank',
  labelReferenceId: 'retail',
  labels: ['retail', 'business'],
  clients: [
    { name: 'onboarding', labels: 'all', domains: ['/counterparty-management', '/collateral-management'] },
    { name: 'migration', labels: ['business'], domains: ['/migration-assistance'] },
  ],
  apiVersion: '2025.1.0',
  variables: {},
  protected: false,
};
const scope: CellScope = { environment, earlierNames: new Set(), responses: new Map() };

const access = (text: string, s: CellScope = scope): CellDiagnostic[] =>
  cellDiagnostics(text, s).filter((d) => d.code.startsWith('access-') || d.code === 'client-domain');

describe('language: client and white label of a cell', () => {
  it('says on the method line that no client covers the path, naming the clients, with a fix per client', () => {
    const text = 'GET: /process-orchestration/processes\n';
    const [d] = access(text);
    assert.equal(d.code, 'access-no-client');
    assert.equal(d.severity, 'error');
    assert.deepEqual(
      [d.line, d.column, text.slice(d.offset, d.endOffset)],
      [1, 1, 'GET: /process-orchestration/processes'],
    );
    assert.match(d.message, /onboarding \(all labels; \/counterparty-management, \/collateral-management\)/);
    assert.deepEqual(
      d.fixes.map((f) => f.title),
      ['Add client: onboarding', 'Add client: migration and label: business'],
    );
    assert.equal(
      applyEdits(text, d.fixes[1].edits),
      'GET: /process-orchestration/processes\nclient: migration\nlabel: business\n',
    );
  });

  it('a path whose client is scoped to another label: fix adds the client and its label', () => {
    const text = 'name: runs\r\nGET: /migration-assistance/migrations\r\n';
    const [d] = access(text);
    assert.equal(d.code, 'access-label-out-of-scope');
    assert.equal(d.line, 2);
    assert.equal(
      applyEdits(text, d.fixes[0].edits),
      'name: runs\r\nGET: /migration-assistance/migrations\r\nclient: migration\r\nlabel: business\r\n',
    );
    assert.deepEqual(access(text, { ...scope, access: { notebook: { label: 'business' } } }), []);
  });

  it('points at a misspelt client: value and offers the nearest name', () => {
    const text = 'client: onbording\nGET: /counterparty-management/counterparties\n';
    const [d] = access(text);
    assert.equal(d.code, 'access-unknown-client');
    assert.equal(text.slice(d.offset, d.endOffset), 'onbording');
    assert.equal(d.fixes[0].title, 'Change to "onboarding"');
    assert.equal(applyEdits(text, d.fixes[0].edits).split('\n')[0], 'client: onboarding');
  });

  it('warns when the cell names a client that does not declare the domain', () => {
    const text = 'client: onboarding\nGET: /migration-assistance/migrations\n';
    const [d] = access(text);
    assert.equal(d.code, 'client-domain');
    assert.equal(d.severity, 'warning');
    assert.equal(text.slice(d.offset, d.endOffset), 'onboarding');
    assert.match(d.message, /"migration" is/);
  });

  it('is silent for valid cells, paths only the run can resolve, other origins and auth: none', () => {
    for (const text of [
      'GET: /counterparty-management/counterparties',
      'GET: /{{domain}}/things',
      'GET: https://example.com/process-orchestration',
      'auth: none\nGET: /process-orchestration/x',
      'label: business\nGET: /migration-assistance/migrations',
    ])
      assert.deepEqual(access(text), [], text);
  });

  it('says client: and label: have no effect in an environment without tokens', () => {
    const plain = { ...environment, brokerKey: undefined, labelReferenceId: undefined, labels: undefined };
    const d = access('client: onboarding\nGET: /x', { ...scope, environment: plain });
    assert.deepEqual(
      d.map((x) => [x.code, x.severity]),
      [['access-no-tokens', 'warning']],
    );
  });

  it('hovers the method line with the client and label and why', async () => {
    const text = 'GET: /collateral-management/counterparties/x/collaterals';
    const h = await hover({ ...scope, text, offset: 1 });
    assert.match(h!.contents, /client `onboarding` of environment "uat-eu" \(yourbank\/retail\) is attached/);
    assert.match(h!.contents, /path \/collateral-management is granted to onboarding; label retail is the first/);
    const refused = await hover({ ...scope, text: 'GET: /process-orchestration/x', offset: 1 });
    assert.match(refused!.contents, /\*\*not sent\*\*: No client/);
    const later = await hover({ ...scope, text: 'GET: /{{d}}/x', offset: 1 });
    assert.match(later!.contents, /chosen when the cell runs/);
  });

  it('completes client: and label: values from the environment', () => {
    const labels = completions({ ...scope, text: 'label: ', offset: 7 }).map((i) => [i.label, i.detail]);
    assert.deepEqual(labels, [
      ['retail', 'white label (the default)'],
      ['business', 'white label'],
    ]);
    const clients = completions({ ...scope, text: 'client: ', offset: 8 }).map((i) => i.label);
    assert.deepEqual(clients, ['onboarding', 'migration']);
    const keys = completions({ ...scope, text: 'GET: /x\n', offset: 8 }).map((i) => i.label);
    assert.ok(keys.includes('client') && keys.includes('label'));
  });
});

describe('cell edits: setCellKeys', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['GET: /a\n', { client: 'x' }, 'GET: /a\nclient: x\n'],
    ['client: y  # old\nGET: /a', { client: 'x' }, 'client: x  # old\nGET: /a'],
    ['# c\nGET: /a\nbody: {}\n', { client: 'x', label: 'l' }, '# c\nGET: /a\nclient: x\nlabel: l\nbody: {}\n'],
    ['label: a\nGET: /a', { client: 'x', label: 'b' }, 'label: b\nGET: /a\nclient: x'],
    ['name: n', { client: 'x' }, 'client: x\nname: n'],
  ];
  for (const [text, values, expected] of cases)
    it(`${JSON.stringify(text)} + ${JSON.stringify(values)}`, () =>
      assert.equal(applyEdits(text, setCellKeys(text, values)), expected));
});
