import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import YAML from 'yaml';
import { parseEnvironmentsFile } from '../../src/core/environments/environmentsFile';

/**
 * The JSON schema that editors with a YAML language server use for akkuro-environments.yaml must accept
 * what the parser accepts and refuse what it refuses, for the access keys at least.
 */
const schema = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'media', 'akkuro-environments.schema.json'), 'utf8'),
) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const head = 'environments:\n  uat-eu:\n    baseUrl: https://api.uat.eu.lending.akkuro.io\n    brokerKey: yourbank\n';
const cases: Array<[string, string, boolean]> = [
  ['the one-label form', `${head}    labelReferenceId: yourlabel\n`, true],
  [
    'labels and clients',
    `${head}    labels: [retail, business]\n    clients:\n      onboarding:\n        labels: all\n        domains: [/counterparty-management]\n        dailyQuota: 500\n      migration:\n        labels: [business]\n        domains: [/migration-assistance]\n      bare:\n`,
    true,
  ],
  ['labels and labelReferenceId together', `${head}    labels: [a]\n    labelReferenceId: a\n`, false],
  [
    'a domain without its slash',
    `${head}    labels: [a]\n    clients:\n      m: { domains: [counterparty-management] }\n`,
    false,
  ],
  ['an unknown client key', `${head}    labels: [a]\n    clients:\n      m: { domain: [/a] }\n`, false],
  ['a daily quota of zero', `${head}    labels: [a]\n    clients:\n      m: { dailyQuota: 0 }\n`, false],
  ['client labels as text', `${head}    labels: [a]\n    clients:\n      m: { labels: a }\n`, false],
  ['an empty labels list', `${head}    labels: []\n`, false],
  ['a client name with a space', `${head}    labels: [a]\n    clients:\n      "on boarding": {}\n`, false],
  ['a tenant without labels', `${head}`, false],
  ['a minInterval', `${head}    labelReferenceId: a\n    minInterval: 200ms\n`, true],
  ['a minInterval without a unit', `${head}    labelReferenceId: a\n    minInterval: 200\n`, false],
];

describe('akkuro-environments.schema.json', () => {
  for (const [what, text, valid] of cases)
    it(`${valid ? 'accepts' : 'refuses'} ${what}, like the parser`, () => {
      assert.equal(validate(YAML.parse(text)), valid, JSON.stringify(validate.errors));
      const errors = parseEnvironmentsFile(text).diagnostics.filter((d) => d.severity === 'error');
      assert.equal(errors.length === 0, valid, JSON.stringify(errors));
    });
});
