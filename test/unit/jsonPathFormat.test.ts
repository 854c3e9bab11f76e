import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatPath } from '../../src/contract/jsonPathFormat';
import { parsePath } from '../../src/core/request/jsonPath';

describe('JSON path formatting (shared by core and renderer)', () => {
  const cases: Array<[Array<string | number>, string]> = [
    [[], '$'],
    [['a', 'b', 0], '$.a.b[0]'],
    [['items', 0, 'name'], '$.items[0].name'],
    [['a b', 0], '$["a b"][0]'],
    [['kyc-level'], '$.kyc-level'],
    [['_id', 'x9'], '$._id.x9'],
    [['naïve', '日本'], '$.naïve.日本'],
    [['b.c'], '$["b.c"]'],
    [['0'], '$["0"]'],
    [['-x'], '$["-x"]'],
    [[''], '$[""]'],
    [['say "hi"'], '$["say \\"hi\\""]'],
    [['back\\slash'], '$["back\\\\slash"]'],
    [['$ref'], '$["$ref"]'],
    [['a[0]'], '$["a[0]"]'],
  ];
  for (const [segments, expected] of cases) {
    it(`${JSON.stringify(segments)} → ${expected}`, () => assert.equal(formatPath(segments), expected));
  }

  it('the core reads every formatted path back to the same segments', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.nat({ max: 1000 })), { maxLength: 6 }), (segments) => {
        const parsed = parsePath(formatPath(segments));
        assert.ok(parsed.ok);
        assert.deepEqual(parsed.segments, segments);
      }),
    );
  });
});
