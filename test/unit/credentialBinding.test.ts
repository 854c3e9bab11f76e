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
    // One secret serves every label its client is scoped to: labels are not part of the binding.
    ['another white label', { labelReferenceId: 'l2', labels: ['l2', 'label'] }, undefined],
    ['tokens no longer used', { brokerKey: undefined, labelReferenceId: undefined }, /brokerKey changed/],
  ];
  for (const [what, change, expected] of table) {
    it(what, () => {
      const problem = bindingProblem(stored, { ...uat, ...change });
      if (expected) assert.match(problem!, expected);
      else assert.equal(problem, undefined);
    });
  }

  it('binds a declared client by its name', () => {
    const onboarding = bindingOf(uat, 'onboarding');
    assert.deepEqual(onboarding, { origin: uat.origin, brokerKey: 'bank', client: 'onboarding' });
    assert.equal(bindingProblem(onboarding, uat, 'onboarding'), undefined);
    assert.match(bindingProblem(onboarding, uat, 'migration')!, /stored for client "onboarding", not "migration"/);
    assert.match(
      bindingProblem(onboarding, { ...uat, origin: 'https://evil.example' }, 'onboarding')!,
      /client "onboarding" of "uat-eu".*host changed/,
    );
  });

  it('keeps credentials stored before clients existed working for the implicit client', () => {
    const legacy = { origin: uat.origin, brokerKey: 'bank', labelReferenceId: 'label' };
    assert.equal(bindingProblem(legacy, uat), undefined);
    assert.equal(bindingProblem(legacy, { ...uat, labelReferenceId: 'other' }), undefined);
    assert.match(bindingProblem(legacy, uat, 'onboarding')!, /stored for client "default"/);
  });
});
