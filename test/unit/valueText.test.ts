import assert from 'node:assert/strict';
import { showValue as reportValue } from '../../src/cli/reporters/cellFacts';
import { MISSING, showValue as differenceValue } from '../../src/core/compare/compareRuns';
import { valueText } from '../../src/contract/valueText';
import { displayValue } from '../../src/renderer/sections';

describe('valueText: a value as one short line, the same in the renderer, the reports and comparisons', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const table: Array<[unknown, number, string]> = [
    ['Jane', 20, '"Jane"'],
    [200, 20, '200'],
    [null, 20, 'null'],
    [{ a: [1, null] }, 20, '{"a":[1,null]}'],
    [undefined, 20, '(missing)'],
    ['x'.repeat(50), 10, `"${'x'.repeat(9)}…`],
    [cyclic, 20, '[object Object]'],
    [10n, 20, '10'],
  ];
  for (const [value, max, want] of table) it(`${String(want)}`, () => assert.equal(valueText(value, max), want));

  it('each face keeps its own bound and word for nothing', () => {
    const long = 'y'.repeat(5000);
    assert.equal(displayValue(long).length, 201);
    assert.equal(reportValue(long).length, 2001);
    assert.equal(reportValue(undefined), '(nothing)');
    assert.equal(differenceValue(long).length, 81);
    assert.equal(differenceValue(MISSING), '(missing)');
  });
});
