import assert from 'node:assert/strict';
import { chooseAccess, type AccessInput, type AccessProblemCode } from '../../src/core/environments/accessChoice';
import {
  clientLabels,
  clientsOf,
  describeClient,
  domainOfCellUrl,
  domainOfUrl,
  labelsOf,
} from '../../src/core/environments/accessModel';
import type { Environment } from '../../src/core/environments/environment';

const base: Environment = {
  name: 'uat-eu',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'yourbank',
  labelReferenceId: 'retail',
  variables: {},
  protected: false,
};

/** The example: onboarding (all labels, two domains), migration (business only, one domain). */
const uat: Environment = {
  ...base,
  labels: ['retail', 'business'],
  clients: [
    {
      name: 'onboarding',
      labels: 'all',
      domains: ['/counterparty-management', '/collateral-management'],
      dailyQuota: 500,
    },
    { name: 'migration', labels: ['business'], domains: ['/migration-assistance'] },
    { name: 'reporting', labels: ['retail'], domains: ['/financing-execution'] },
    { name: 'audit', labels: ['business'], domains: ['/financing-execution'] },
  ],
};

/** One client without domains beside one with: the first takes what no other declares. */
const catchAll: Environment = {
  ...base,
  labels: ['retail'],
  clients: [
    { name: 'main', labels: 'all' },
    { name: 'migration', labels: 'all', domains: ['/migration-assistance'] },
  ],
};

type Expect = { client: string; label: string; clientSource?: string; labelSource?: string } | AccessProblemCode;

const cases: Array<[string, Partial<AccessInput> & { environment?: Environment }, Expect]> = [
  // Without a client:, the path decides.
  [
    'path granted to one client',
    { domain: '/counterparty-management' },
    { client: 'onboarding', label: 'retail', clientSource: 'path', labelSource: 'default' },
  ],
  [
    'a client scoped to one label, on its label',
    { domain: '/migration-assistance', cell: { label: 'business' } },
    {
      client: 'migration',
      label: 'business',
    },
  ],
  ['a client scoped to another label: not sent', { domain: '/migration-assistance' }, 'label-out-of-scope'],
  ['no client declares the domain: not sent', { domain: '/process-orchestration' }, 'no-client'],
  [
    'two clients declare it, the label picks one',
    { domain: '/financing-execution' },
    { client: 'reporting', label: 'retail' },
  ],
  [
    'two clients declare it, the other label picks the other',
    { domain: '/financing-execution', notebook: { label: 'business' } },
    { client: 'audit', label: 'business', labelSource: 'notebook' },
  ],
  [
    'several clients for the same label: not sent',
    {
      environment: {
        ...uat,
        clients: [...uat.clients!, { name: 'second', labels: 'all', domains: ['/counterparty-management'] }],
      },
      domain: '/counterparty-management',
    },
    'several-clients',
  ],
  ['an unknown first segment with several clients', {}, 'domain-unknown'],
  // Naming a client or a label.
  [
    "the cell's client wins over the path",
    { domain: '/counterparty-management', cell: { client: 'onboarding' }, notebook: { client: 'migration' } },
    { client: 'onboarding', label: 'retail', clientSource: 'cell' },
  ],
  [
    "the notebook's client wins over the user's choice",
    { domain: '/collateral-management', notebook: { client: 'onboarding' }, choice: { client: 'reporting' } },
    { client: 'onboarding', label: 'retail', clientSource: 'notebook' },
  ],
  [
    "the user's choice when nothing else names one",
    { domain: '/counterparty-management', choice: { client: 'reporting' } },
    { client: 'reporting', label: 'retail', clientSource: 'choice' },
  ],
  ['an unknown client', { domain: '/counterparty-management', cell: { client: 'onbording' } }, 'unknown-client'],
  ['a named client that is not scoped to the label', { cell: { client: 'migration' } }, 'label-out-of-scope'],
  [
    'label precedence: cell > run > notebook > choice',
    { domain: '/counterparty-management', cell: { label: 'business' }, explicit: { label: 'retail' } },
    { client: 'onboarding', label: 'business', labelSource: 'cell' },
  ],
  [
    "the run's label (--label) wins over the notebook's",
    { domain: '/counterparty-management', explicit: { label: 'business' }, notebook: { label: 'retail' } },
    { client: 'onboarding', label: 'business', labelSource: 'explicit' },
  ],
  [
    "the notebook's label wins over the user's choice",
    { domain: '/counterparty-management', notebook: { label: 'retail' }, choice: { label: 'business' } },
    { client: 'onboarding', label: 'retail', labelSource: 'notebook' },
  ],
  ['an unknown label', { domain: '/counterparty-management', cell: { label: 'wholesale' } }, 'unknown-label'],
  // Environments without clients: one implicit client, as before.
  [
    'no clients: the implicit client for any path',
    { environment: base, domain: '/anything' },
    { client: 'default', label: 'retail', clientSource: 'only' },
  ],
  [
    'no clients: the implicit client when the path is a template',
    { environment: base },
    { client: 'default', label: 'retail', clientSource: 'only' },
  ],
  ['no clients: a cell may not name one', { environment: base, cell: { client: 'x' } }, 'unknown-client'],
  // A client without domains covers what no other declares.
  [
    'catch-all for an undeclared domain',
    { environment: catchAll, domain: '/counterparty-management' },
    {
      client: 'main',
      label: 'retail',
    },
  ],
  [
    'the declaring client first',
    { environment: catchAll, domain: '/migration-assistance' },
    {
      client: 'migration',
      label: 'retail',
    },
  ],
];

describe('access choice: which client and white label a request uses', () => {
  for (const [what, input, expected] of cases) {
    it(what, () => {
      const r = chooseAccess({ environment: uat, ...input });
      if (typeof expected === 'string') {
        assert.equal(r.ok, false, JSON.stringify(r));
        if (!r.ok) assert.equal(r.problem.code, expected, r.problem.message);
        return;
      }
      assert.ok(r.ok, r.ok ? '' : r.problem.message);
      const d = r.decision;
      assert.equal(d.client.name, expected.client);
      assert.equal(d.label, expected.label);
      if (expected.clientSource) assert.equal(d.clientSource, expected.clientSource);
      if (expected.labelSource) assert.equal(d.labelSource, expected.labelSource);
    });
  }

  it('explains the choice in words', () => {
    const r = chooseAccess({ environment: uat, domain: '/collateral-management' });
    assert.ok(r.ok);
    assert.equal(r.decision.clientReason, 'path /collateral-management is granted to onboarding');
    assert.equal(r.decision.labelReason, 'label retail is the first of environment "uat-eu"');
  });

  it('a problem names the clients and what they cover, and suggests clients (with a label when needed)', () => {
    const none = chooseAccess({ environment: uat, domain: '/process-orchestration' });
    assert.ok(!none.ok);
    assert.match(none.problem.message, /No client of environment "uat-eu" is declared for \/process-orchestration/);
    assert.match(none.problem.message, /onboarding \(all labels; \/counterparty-management, \/collateral-management\)/);
    assert.match(none.problem.message, /migration \(business; \/migration-assistance\)/);
    assert.deepEqual(none.problem.at, { key: 'path' });
    assert.deepEqual(
      none.problem.suggestions.find((s) => s.client === 'migration'),
      { client: 'migration', label: 'business' },
      'migration is only usable with its label',
    );
    const scope = chooseAccess({ environment: uat, domain: '/migration-assistance' });
    assert.ok(!scope.ok);
    assert.deepEqual(scope.problem.suggestions, [{ client: 'migration', label: 'business' }]);
    const unknown = chooseAccess({ environment: uat, cell: { client: 'nope' }, domain: '/x' });
    assert.ok(!unknown.ok);
    assert.deepEqual(unknown.problem.at, { key: 'client', source: 'cell' });
  });

  it('warns when a named client does not declare the domain, naming the one that does', () => {
    const r = chooseAccess({ environment: uat, cell: { client: 'onboarding' }, domain: '/migration-assistance' });
    assert.ok(r.ok);
    assert.match(r.decision.warning ?? '', /"onboarding" is not declared for \/migration-assistance.*"migration" is/);
    const fine = chooseAccess({ environment: uat, cell: { client: 'onboarding' }, domain: '/collateral-management' });
    assert.ok(fine.ok && fine.decision.warning === undefined);
  });
});

describe('access model', () => {
  it('reads an environment without labels or clients as one label and one implicit client', () => {
    assert.deepEqual(labelsOf(base), ['retail']);
    assert.deepEqual(
      clientsOf(base).map((c) => [c.name, c.implicit]),
      [['default', true]],
    );
    assert.deepEqual(clientsOf({ ...base, brokerKey: undefined, labelReferenceId: undefined }), []);
  });

  it("lists a client's labels in the environment's order and describes it", () => {
    assert.deepEqual(clientLabels(uat.clients![0], uat), ['retail', 'business']);
    assert.deepEqual(clientLabels(uat.clients![1], uat), ['business']);
    assert.equal(describeClient(uat.clients![1], uat), 'migration (business; /migration-assistance)');
  });

  const urls: Array<[string, string | undefined]> = [
    ['https://api.uat.eu.lending.akkuro.io/counterparty-management/counterparties?limit=1', '/counterparty-management'],
    ['https://api.uat.eu.lending.akkuro.io/collateral-management', '/collateral-management'],
    ['https://api.uat.eu.lending.akkuro.io/', undefined],
    ['https://other.example/counterparty-management/x', undefined],
    ['not a url', undefined],
  ];
  for (const [url, domain] of urls) it(`domain of ${url}`, () => assert.equal(domainOfUrl(url, base), domain));

  it('strips the base path of the environment', () => {
    const prefixed = { ...base, baseUrl: 'https://gw.example/api/v1', origin: 'https://gw.example' };
    assert.equal(
      domainOfUrl('https://gw.example/api/v1/counterparty-management/x', prefixed),
      '/counterparty-management',
    );
    assert.equal(
      domainOfCellUrl('https://gw.example/api/v1/collateral-management/x', prefixed),
      '/collateral-management',
    );
  });

  it("strips the environment's base path as it is now, from a URL or from its parts", () => {
    const env = { ...base, baseUrl: 'https://gw.example/api/v1', origin: 'https://gw.example' };
    const parts = new URL('https://gw.example/api/v1/counterparty-management/x');
    assert.equal(domainOfUrl({ origin: parts.origin, pathname: parts.pathname }, env), '/counterparty-management');
    env.baseUrl = 'https://gw.example/api';
    assert.equal(domainOfUrl(parts, env), '/v1');
    assert.equal(domainOfUrl({ origin: 'https://other.example', pathname: parts.pathname }, env), undefined);
  });

  const cellUrls: Array<[string, string | undefined]> = [
    ['/counterparty-management/counterparties', '/counterparty-management'],
    ['/counterparty-management/counterparties/{{party.body.referenceId}}', '/counterparty-management'],
    ['/counterparty-management?limit=1', '/counterparty-management'],
    ['/{{domain}}/counterparties', undefined],
    ['/counterparty-{{kind}}/x', undefined],
    ['/migration-assistance{{suffix}}', undefined],
    ['{{url}}', undefined],
    ['https://api.uat.eu.lending.akkuro.io/migration-assistance/migrations', '/migration-assistance'],
    ['https://{{host}}/migration-assistance/migrations', undefined],
    ['https://other.example/migration-assistance', undefined],
  ];
  for (const [url, domain] of cellUrls)
    it(`domain of the cell URL ${url}`, () => assert.equal(domainOfCellUrl(url, base), domain));
});
