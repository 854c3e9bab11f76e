import assert from 'node:assert/strict';
import { assertionSummary, defaultSection, displayValue, sectionsFor } from '../../src/renderer/sections';
import { assertionFailures, jsonl, okJson, problem403 } from '../fixtures/renderer-fixtures';

describe('renderer sections', () => {
  it('opens Assertions first when any failed, else Body', () => {
    assert.equal(defaultSection(assertionFailures), 'assertions');
    assert.equal(defaultSection(okJson), 'body');
    assert.equal(
      defaultSection({ ...assertionFailures, hint: 'client "migration" is declared for /migration-assistance' }),
      'body',
      'advice on the problem card says more than a failed status assertion',
    );
    assert.equal(defaultSection(problem403), 'body');
    assert.equal(defaultSection({ ...okJson, assertions: [] }), 'body');
  });

  it('offers an Assertions tab only when there are assertions, with a pass count', () => {
    assert.deepEqual(
      sectionsFor(jsonl).map((t) => t.id),
      ['body', 'headers', 'request'],
    );
    const tabs = sectionsFor(assertionFailures);
    assert.deepEqual(
      tabs.map((t) => t.id),
      ['body', 'headers', 'request', 'assertions'],
    );
    assert.deepEqual(tabs[3], { id: 'assertions', label: 'Assertions', badge: '3/4', tone: 'failed' });
    assert.equal(sectionsFor(okJson)[3].tone, 'passed');
    assert.equal(tabs[1].badge, '3');
  });

  it('summarises assertion results', () => {
    assert.deepEqual(assertionSummary(assertionFailures.assertions), {
      passed: 3,
      failed: 1,
      total: 4,
      text: '3 of 4 passed',
    });
    assert.equal(assertionSummary([]).text, '0 of 0 passed');
  });

  it('shows expected and actual values on one bounded line', () => {
    assert.equal(displayValue('Jane'), '"Jane"');
    assert.equal(displayValue({ a: [1, null] }), '{"a":[1,null]}');
    assert.equal(displayValue(undefined), '(missing)');
    assert.equal(displayValue(null), 'null');
    assert.equal(displayValue('x'.repeat(500), 10), `"${'x'.repeat(9)}…`);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(displayValue(cyclic), '[object Object]');
  });
});
