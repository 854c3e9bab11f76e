import assert from 'node:assert/strict';
import { isProductionHost } from '../../src/core/environments/environment';
import { parseEnvironmentsFile } from '../../src/core/environments/environmentsFile';

const GOOD = `environments:
  uat-eu:
    baseUrl: https://api.uat.eu.lending.akkuro.io/
    brokerKey: yourbank
    labelReferenceId: yourlabel
    apiVersion: 2025.1.0
    variables: { partyId: 0b6f, limit: 50 }
  prod-eu:
    baseUrl: https://api.eu.lending.akkuro.io
    brokerKey: yourbank
    labelReferenceId: yourlabel
  local:
    baseUrl: http://127.0.0.1:4010
    protected: true
default: uat-eu
`;

describe('environments', () => {
  it('reads environments, normalises baseUrl and origin, keeps variables as text', () => {
    const { file, diagnostics } = parseEnvironmentsFile(GOOD);
    assert.deepEqual(diagnostics, []);
    assert.equal(file.defaultEnvironment, 'uat-eu');
    const uat = file.environments.find((e) => e.name === 'uat-eu')!;
    assert.equal(uat.baseUrl, 'https://api.uat.eu.lending.akkuro.io');
    assert.equal(uat.origin, 'https://api.uat.eu.lending.akkuro.io');
    assert.deepEqual(uat.variables, { partyId: '0b6f', limit: '50' });
    assert.equal(uat.protected, false);
    const prod = file.environments.find((e) => e.name === 'prod-eu')!;
    assert.equal(prod.protected, true);
    assert.match(prod.protectedReason!, /production/);
    assert.equal(file.environments.find((e) => e.name === 'local')!.protected, true);
  });

  it('reads minInterval (pacing) as a duration, and says what is wrong with one that is not', () => {
    const base = 'environments:\n  local:\n    baseUrl: http://127.0.0.1:4010\n';
    const ok = parseEnvironmentsFile(`${base}    minInterval: 250ms\n`);
    assert.deepEqual(ok.diagnostics, []);
    assert.equal(ok.file.environments[0].minIntervalMs, 250);
    const bad = parseEnvironmentsFile(`${base}    minInterval: -1s\n`);
    assert.equal(bad.diagnostics[0].code, 'env-min-interval');
    assert.equal(bad.diagnostics[0].line, 4);
    assert.match(
      bad.diagnostics[0].message,
      /"minInterval" must be the least time between two requests, .*, not "-1s"/,
    );
  });

  const hosts: Array<[string, boolean]> = [
    ['api.eu.lending.akkuro.io', true],
    ['api.ch.lending.akkuro.io', true],
    ['API.EU.LENDING.AKKURO.IO', true],
    ['api.uat.eu.lending.akkuro.io', false],
    ['api.uat.ch.lending.akkuro.io', false],
    ['example.com', false],
    ['lending.akkuro.io.evil.com', false],
    ['uatlending.akkuro.io', false],
  ];
  for (const [host, prod] of hosts)
    it(`production host ${host} → ${prod}`, () => assert.equal(isProductionHost(host), prod));

  const bad: Array<[string, string, RegExp, number]> = [
    ['environments:\n  x:\n    baseUrl: ftp://a\n', 'env-base-url', /must be an https:\/\/ URL .*, not ftp:/, 3],
    ['environments:\n  x:\n    baseUrl: api.uat.eu\n', 'env-base-url', /must be an absolute URL/, 3],
    ['environments:\n  x:\n    baseUrl: http://example.com\n', 'env-base-url-https', /https/, 3],
    ['environments:\n  x:\n    baseUrl: https://a.b\n    brokerKy: t\n', 'unknown-key', /did you mean "brokerKey"/, 4],
    ['environments:\n  x:\n    baseUrl: https://a.b\n    brokerKey: t\n', 'env-identity-pair', /both "brokerKey"/, 2],
    ['environments:\n  x:\n    baseUrl: https://a.b\n    apiVersion: v1\n', 'api-version', /2025\.1\.0/, 4],
    ['environments:\n  sandbox:\n    baseUrl: https://a.b\n', 'env-reserved', /built-in/, 2],
    ['environments:\n  x:\n    brokerKey: t\n    labelReferenceId: l\n', 'env-base-url-missing', /no "baseUrl"/, 2],
    ['environmnts:\n  x: {}\n', 'unknown-key', /did you mean "environments"/, 1],
    ['environments: [a]\n', 'env-environments', /mapping/, 1],
    ['environments:\n  x:\n    baseUrl: https://a.b\n  x:\n    baseUrl: https://c.d\n', 'duplicate-key', /twice/, 4],
    [
      'environments:\n  x:\n    baseUrl: https://a.b\n    variables: { "a b": 1 }\n',
      'variable-name',
      /Variable name/,
      4,
    ],
    ['environments:\n  x:\n    baseUrl: https://a.b\ndefault: y\n', 'env-default-unknown', /not defined/, 4],
    ['environments:\n  x:\n    baseUrl: "https://a.b\n', 'yaml-missing-char', /YAML/, 3],
  ];
  for (const [text, code, message, line] of bad) {
    it(`reports ${code} at line ${line}`, () => {
      const { diagnostics } = parseEnvironmentsFile(text);
      const d = diagnostics.find((x) => x.code === code);
      assert.ok(d, `expected ${code} in ${JSON.stringify(diagnostics)}`);
      assert.match(d.message, message);
      assert.equal(d.line, line);
    });
  }

  it('keeps valid environments when another one is broken', () => {
    const { file, diagnostics } = parseEnvironmentsFile(
      'environments:\n  ok:\n    baseUrl: https://a.b\n  broken:\n    baseUrl: 3\n',
    );
    assert.deepEqual(
      file.environments.map((e) => e.name),
      ['ok'],
    );
    assert.equal(diagnostics.length, 1);
  });

  it('warns that protected: false cannot unprotect production', () => {
    const { file, diagnostics } = parseEnvironmentsFile(
      'environments:\n  p:\n    baseUrl: https://api.eu.lending.akkuro.io\n    protected: false\n',
    );
    assert.equal(file.environments[0].protected, true);
    assert.equal(diagnostics[0].severity, 'warning');
  });

  it('reads volatile: paths; a bad one is reported at its line and column', () => {
    const { file, diagnostics } = parseEnvironmentsFile(
      'environments:\n  x:\n    baseUrl: https://a.b\n    volatile: [$.createdAt, $..referenceId, "$.items[*].id"]\n',
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      file.environments[0].volatile?.map((p) => p.source),
      ['$.createdAt', '$..referenceId', '$.items[*].id'],
    );
    const cases: Array<[string, string, number, number]> = [
      ['    volatile: $.a\n', 'env-volatile', 4, 15],
      ['    volatile:\n      - $.ok\n      - 3\n', 'env-volatile', 6, 9],
      ['    volatile:\n      - $.ok\n      - $.a b\n', 'env-volatile-path', 6, 12],
      ['    volatile: ["$.a[x]"]\n', 'env-volatile-path', 4, 20],
    ];
    for (const [yaml, code, line, column] of cases) {
      const parsed = parseEnvironmentsFile(`environments:\n  x:\n    baseUrl: https://a.b\n${yaml}`);
      const d = parsed.diagnostics.find((x) => x.code === code);
      assert.ok(d, `${code} for ${JSON.stringify(yaml)}: ${JSON.stringify(parsed.diagnostics)}`);
      assert.deepEqual([d.line, d.column], [line, column], d.message);
      assert.match(d.message, /volatile/i);
    }
  });
});

describe('environments: white labels and clients', () => {
  const ACCESS = `environments:
  uat-eu:
    baseUrl: https://api.uat.eu.lending.akkuro.io
    brokerKey: yourbank
    labels: [retail, business]          # the first is the default
    clients:
      onboarding:
        labels: all
        domains: [/counterparty-management, /collateral-management]
        dailyQuota: 500
        description: Web shop onboarding
      migration:
        labels: [business]
        domains: [/migration-assistance]
`;

  it('reads labels, clients with their scope, domains and daily quota', () => {
    const { file, diagnostics } = parseEnvironmentsFile(ACCESS);
    assert.deepEqual(diagnostics, []);
    const env = file.environments[0];
    assert.deepEqual(env.labels, ['retail', 'business']);
    assert.equal(env.labelReferenceId, 'retail', 'the first label is the default');
    assert.deepEqual(env.clients, [
      {
        name: 'onboarding',
        labels: 'all',
        domains: ['/counterparty-management', '/collateral-management'],
        dailyQuota: 500,
      },
      { name: 'migration', labels: ['business'], domains: ['/migration-assistance'] },
    ]);
  });

  it('keeps labelReferenceId as the one-label form, with one implicit client', () => {
    const { file, diagnostics } = parseEnvironmentsFile(GOOD);
    assert.deepEqual(diagnostics, []);
    const uat = file.environments.find((e) => e.name === 'uat-eu')!;
    assert.deepEqual(uat.labels, ['yourlabel']);
    assert.equal(uat.clients, undefined);
  });

  it('reads a client without settings as scoped to all labels, with no domains declared', () => {
    const { file, diagnostics } = parseEnvironmentsFile(
      'environments:\n  x:\n    baseUrl: https://a.b\n    brokerKey: t\n    labels: [a]\n    clients:\n      main:\n',
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(file.environments[0].clients, [{ name: 'main', labels: 'all' }]);
  });

  const head = 'environments:\n  x:\n    baseUrl: https://a.b\n    brokerKey: t\n';
  const bad: Array<[string, string, string, RegExp, number, number, string?]> = [
    ['labels as text', `${head}    labels: retail\n`, 'env-labels', /must be a list/, 5, 13, '[retail]'],
    ['an empty labels list', `${head}    labels: []\n`, 'env-labels', /empty/, 5, 13],
    ['a label listed twice', `${head}    labels: [a, a]\n`, 'env-labels-duplicate', /twice/, 5, 17],
    [
      'labels and labelReferenceId together',
      `${head}    labels: [a]\n    labelReferenceId: a\n`,
      'env-labels-twice',
      /both "labels" and "labelReferenceId"/,
      6,
      5,
    ],
    [
      "a client's label that is not the environment's",
      `${head}    labels: [retail, business]\n    clients:\n      m:\n        labels: [busines]\n`,
      'env-client-label-unknown',
      /"busines", which is not in the labels of environment "x" \(retail, business\)/,
      8,
      18,
      'business',
    ],
    [
      'a domain without its leading slash',
      `${head}    labels: [a]\n    clients:\n      m:\n        domains: [counterparty-management]\n`,
      'env-domain',
      /leading slash/,
      8,
      19,
      '/counterparty-management',
    ],
    [
      'a domain of several segments',
      `${head}    labels: [a]\n    clients:\n      m:\n        domains: [/counterparty-management/counterparties]\n`,
      'env-domain',
      /one path segment/,
      8,
      19,
    ],
    [
      'two clients with the same name',
      `${head}    labels: [a]\n    clients:\n      m: {}\n      m: {}\n`,
      'duplicate-key',
      /Client "m" is defined twice/,
      8,
      7,
    ],
    [
      'a client name that cannot be a variable name',
      `${head}    labels: [a]\n    clients:\n      "on boarding": {}\n`,
      'env-client-name',
      /AKKURO_<ENV>_<CLIENT>_CLIENT_ID/,
      7,
      7,
    ],
    [
      'a daily quota that is not a whole number',
      `${head}    labels: [a]\n    clients:\n      m: { dailyQuota: 1.5 }\n`,
      'env-client-quota',
      /whole number of requests per day/,
      7,
      24,
    ],
    [
      'a misspelt client key',
      `${head}    labels: [a]\n    clients:\n      m: { domain: [/a] }\n`,
      'unknown-key',
      /did you mean "domains"/,
      7,
      12,
      'domains',
    ],
    ['an empty clients mapping', `${head}    labels: [a]\n    clients: {}\n`, 'env-clients', /empty/, 6, 14],
    [
      'clients without labels',
      'environments:\n  x:\n    baseUrl: https://a.b\n    clients:\n      m: {}\n',
      'env-clients-identity',
      /needs "brokerKey" \(tenant\) and "labels"/,
      4,
      5,
    ],
    [
      'a client label list as text',
      `${head}    labels: [a]\n    clients:\n      m: { labels: a }\n`,
      'env-client-labels',
      /"all" or a list/,
      7,
      20,
      '[a]',
    ],
  ];
  for (const [what, text, code, message, line, column, fix] of bad) {
    it(`reports ${what} at line ${line}, column ${column}`, () => {
      const { diagnostics, file } = parseEnvironmentsFile(text);
      const d = diagnostics.find((x) => x.code === code);
      assert.ok(d, `expected ${code} in ${JSON.stringify(diagnostics)}`);
      assert.match(d.message, message);
      assert.deepEqual([d.line, d.column], [line, column]);
      if (fix) assert.equal(d.fix?.replacement, fix);
      assert.equal(d.severity, 'error');
      assert.equal(file.environments.length, 0, 'an environment with an error is left out');
    });
  }

  it('warns (and keeps the environment) when two clients declare a domain for the same labels', () => {
    const { file, diagnostics } = parseEnvironmentsFile(
      `${head}    labels: [a, b]\n    clients:\n      one: { domains: [/x] }\n      two: { labels: [a], domains: [/x] }\n      three: { labels: [b], domains: [] }\n`,
    );
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.line]).sort((a, b) => Number(a[2]) - Number(b[2])),
      [
        ['env-domain-shared', 'warning', 8],
        ['env-client-domains-empty', 'warning', 9],
      ],
    );
    assert.equal(file.environments.length, 1);
  });

  const shared: Array<[string, string, Array<[line: number, column: number, message: string]>]> = [
    [
      'two clients',
      `${head}    labels: [a]\n    clients:\n      one: { domains: [/x] }\n      two: { domains: [/x] }\n`,
      [[8, 24, 'Clients "one" and "two" both declare /x']],
    ],
    [
      'three clients: the third names both earlier ones',
      `${head}    labels: [a, b]\n    clients:\n      one: { domains: [/x] }\n      two: { domains: [/y, /x] }\n      three: { labels: [a], domains: [/x] }\n`,
      [
        [8, 28, 'Clients "one" and "two" both declare /x'],
        [9, 39, 'Clients "one", "two" and "three" all declare /x'],
      ],
    ],
    [
      'three clients, one scoped to other labels: only those that overlap',
      `${head}    labels: [a, b]\n    clients:\n      one: { labels: [a], domains: [/x] }\n      two: { labels: [b], domains: [/x] }\n      three: { domains: [/x] }\n`,
      [[9, 26, 'Clients "one", "two" and "three" all declare /x']],
    ],
  ];
  for (const [what, text, expected] of shared) {
    it(`warns once per later client that shares a domain: ${what}`, () => {
      const { file, diagnostics } = parseEnvironmentsFile(text);
      assert.deepEqual(
        diagnostics.filter((d) => d.code === 'env-domain-shared').map((d) => [d.line, d.column, d.message]),
        expected.map(
          ([line, column, m]) =>
            [
              line,
              column,
              `${m} for the same white labels: requests to /x must name their client with "client:".`,
            ] as const,
        ),
      );
      assert.ok(diagnostics.every((d) => d.severity === 'warning'));
      assert.equal(file.environments.length, 1);
    });
  }
});
