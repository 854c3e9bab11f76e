import assert from 'node:assert/strict';
import fc from 'fast-check';
import { editDistance, nearest } from '../../src/core/text/diagnostic';

/** The plain definition: the first candidate at the smallest distance, if that distance is within the limit. */
function reference(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

describe('nearest ("did you mean")', () => {
  it('suggests the closest name within the limit, and nothing when all are far', () => {
    assert.equal(nearest('party45', ['party4', 'party450', 'party46']), 'party4');
    assert.equal(nearest('Brokerky', ['labelReferenceId', 'brokerKey']), 'brokerKey');
    assert.equal(nearest('x', ['abcdef', 'ghijkl']), undefined);
    assert.equal(nearest('İstanbul', ['istanbul']), 'istanbul', 'a lower case that changes the length');
  });

  it('gives what the plain definition gives, skipping candidates by length', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'c', 'İ'), maxLength: 9 });
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 12 }), (w, candidates) => {
        assert.equal(nearest(w, candidates), reference(w, candidates));
      }),
      { numRuns: 2000 },
    );
  });
});
