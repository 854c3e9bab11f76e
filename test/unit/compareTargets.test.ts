import assert from 'node:assert/strict';
import { compareTargets, labelIn, sameSide, sideTitle } from '../../src/core/compare/compareTargets';
import { parseEnvironmentsFile } from '../../src/core/environments/environmentsFile';
import type { Environment } from '../../src/core/environments/environment';

const FILE = `environments:
  uat-eu:
    baseUrl: https://api.uat.eu.lending.akkuro.io
    brokerKey: bank
    labels: [retail, business]
  uat-ch:
    baseUrl: https://api.uat.ch.lending.akkuro.io
    brokerKey: bank
    labels: [retail, business, private]
  prod-eu:
    baseUrl: https://api.eu.lending.akkuro.io
    brokerKey: bank
    labelReferenceId: retail
  open:
    baseUrl: https://example.org
`;

function environments(): Environment[] {
  const { file, diagnostics } = parseEnvironmentsFile(FILE);
  assert.deepEqual(diagnostics, []);
  return file.environments;
}

function env(name: string): Environment {
  return environments().find((e) => e.name === name)!;
}

describe('compare targets: other environments and other white labels', () => {
  const cases: Array<{
    what: string;
    here: { environment: string; label?: string };
    cellLabel?: string;
    want: string[];
  }> = [
    {
      what: "the current environment's other labels first, then each label of every other environment",
      here: { environment: 'uat-eu', label: 'retail' },
      want: [
        'label uat-eu · business',
        'environment uat-ch · retail',
        'environment uat-ch · business',
        'environment uat-ch · private',
        'environment prod-eu',
        'environment open',
      ],
    },
    {
      what: 'the label the notebook runs with is the one left out',
      here: { environment: 'uat-ch', label: 'business' },
      want: [
        'label uat-ch · retail',
        'label uat-ch · private',
        'environment uat-eu · retail',
        'environment uat-eu · business',
        'environment prod-eu',
        'environment open',
      ],
    },
    {
      what: 'a cell that names its label runs with it everywhere: other environments only, with that label',
      here: { environment: 'uat-eu', label: 'business' },
      cellLabel: 'business',
      want: ['environment uat-ch · business', 'environment prod-eu', 'environment open'],
    },
    {
      what: 'from an environment without labels, every label of the others',
      here: { environment: 'open' },
      want: [
        'environment uat-eu · retail',
        'environment uat-eu · business',
        'environment uat-ch · retail',
        'environment uat-ch · business',
        'environment uat-ch · private',
        'environment prod-eu',
      ],
    },
  ];
  for (const c of cases)
    it(c.what, () => {
      const got = compareTargets(environments(), c.here, c.cellLabel).map((t) => `${t.group} ${t.title}`);
      assert.deepEqual(got, c.want);
    });

  it('says which targets are protected, with the explicit label where the environment has one', () => {
    const prod = compareTargets(environments(), { environment: 'uat-eu', label: 'retail' }, undefined).find(
      (t) => t.environment === 'prod-eu',
    );
    assert.deepEqual(
      { label: prod?.label, protected: prod?.protected, baseUrl: prod?.baseUrl },
      { label: 'retail', protected: true, baseUrl: 'https://api.eu.lending.akkuro.io' },
    );
  });

  it('works out the label a cell runs with by the access rule', () => {
    const table: Array<[string, string | undefined, object, string | undefined]> = [
      ['uat-eu', undefined, {}, 'retail'],
      ['uat-eu', undefined, { choice: { label: 'business' } }, 'business'],
      ['uat-eu', undefined, { notebook: { label: 'business' }, choice: { label: 'retail' } }, 'business'],
      ['uat-eu', 'retail', { explicit: { label: 'business' } }, 'retail'],
      ['uat-eu', 'private', {}, undefined],
      ['open', undefined, {}, undefined],
    ];
    for (const [name, cellLabel, preferences, want] of table)
      assert.equal(
        labelIn(env(name), cellLabel, preferences),
        want,
        `${name} ${cellLabel} ${JSON.stringify(preferences)}`,
      );
  });

  it('titles and compares sides', () => {
    assert.equal(sideTitle({ environment: 'uat-eu', label: 'retail' }), 'uat-eu · retail');
    assert.equal(sideTitle({ environment: 'open' }), 'open');
    assert.ok(sameSide({ environment: 'a', label: 'x' }, { environment: 'a', label: 'x' }));
    assert.ok(!sameSide({ environment: 'a', label: 'x' }, { environment: 'a', label: 'y' }));
    assert.ok(!sameSide({ environment: 'a' }, { environment: 'b' }));
  });
});
