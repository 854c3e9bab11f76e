import assert from 'node:assert/strict';
import { bindingOf, bindingProblem } from '../../src/core/auth/credentialBinding';
import type { Environment } from '../../src/core/environments/environment';

const uat: Environment = {
  name: 'uat-eu',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'bank',
  labelReferenceId: 'label',
  variables: {},
  protected: false,
};

describe('credential binding', () => {
  const stored = bindingOf(uat);
  const table: Array<[string, Partial<Environment>, RegExp | undefined]> = [
    ['unchanged', {}, undefined],
    ['api version and variables do not matter', { apiVersion: '2025.1.0', variables: { a: 'b' } }, undefined],
    [
      'another host',
      { origin: 'https://evil.example' },
      /host changed from https:\/\/api\.uat\.eu\.lending\.akkuro\.io to https:\/\/evil\.example/,
    ],
    ['another tenant', { brokerKey: 'other' }, /brokerKey changed from "bank" to "other"/],
    ['another white label', { labelReferenceId: 'l2' }, /labelReferenceId changed/],
    ['tokens no longer used', { brokerKey: undefined, labelReferenceId: undefined }, /brokerKey changed/],
  ];
  for (const [what, change, expected] of table) {
    it(what, () => {
      const problem = bindingProblem(stored, { ...uat, ...change });
      if (expected) assert.match(problem!, expected);
      else assert.equal(problem, undefined);
    });
  }
});
