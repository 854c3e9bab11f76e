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
    ['environments:\n  x:\n    baseUrl: ftp://a\n', 'env-base-url', /absolute URL/, 3],
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
