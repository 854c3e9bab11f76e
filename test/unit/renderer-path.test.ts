import assert from 'node:assert/strict';
import { formatPath } from '../../src/renderer/path';

describe('renderer path formatting', () => {
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
});
