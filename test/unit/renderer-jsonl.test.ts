import assert from 'node:assert/strict';
import { splitJsonLines } from '../../src/renderer/jsonl';

describe('renderer JSON Lines splitting', () => {
  it('numbers lines, parses each, keeps bad ones raw and skips blank ones', () => {
    const rows = splitJsonLines('{"a":1}\n\nnot json\r\n[1,2]\n');
    assert.deepEqual(
      rows.map((r) => [r.lineNumber, r.parsed, r.partial]),
      [
        [1, true, false],
        [3, false, false],
        [4, true, false],
      ],
    );
    assert.deepEqual(rows[0].value, { a: 1 });
    assert.equal(rows[1].raw, 'not json');
    assert.deepEqual(rows[2].value, [1, 2]);
  });

  it('reads JSON text sequences (RS-prefixed records)', () => {
    const rows = splitJsonLines('\u001e{"a":1}\n\u001e{"b":2}\n');
    assert.deepEqual(
      rows.map((r) => r.value),
      [{ a: 1 }, { b: 2 }],
    );
  });

  it('marks the last line of a cut-short preview as partial and does not parse it', () => {
    const rows = splitJsonLines('{"a":1}\n{"b":2', true);
    assert.deepEqual(
      rows.map((r) => [r.parsed, r.partial]),
      [
        [true, false],
        [false, true],
      ],
    );
    // "12" would parse, but it may be the start of "12345".
    const numeric = splitJsonLines('{"a":1}\n12', true);
    assert.equal(numeric[1].partial, true);
    assert.equal(numeric[1].parsed, false);
  });

  it('treats a preview that ends on a newline as complete', () => {
    const rows = splitJsonLines('{"a":1}\n{"b":2}\n', true);
    assert.deepEqual(
      rows.map((r) => r.partial),
      [false, false],
    );
  });

  it('returns nothing for an empty body', () => {
    assert.deepEqual(splitJsonLines(''), []);
    assert.deepEqual(splitJsonLines('\n \n'), []);
  });
});
