import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatPath, type PathSegment } from '../../src/contract/jsonPathFormat';
import { getAtPath, parsePath } from '../../src/core/request/jsonPath';

describe('jsonPath', () => {
  describe('parsePath accepts the supported subset', () => {
    const cases: Array<[string, PathSegment[]]> = [
      ['$', []],
      ['$.a.b', ['a', 'b']],
      ['$.items[0].name', ['items', 0, 'name']],
      ['$.items[-1]', ['items', -1]],
      ['$["key with spaces"]', ['key with spaces']],
      ["$['quoted']", ['quoted']],
      ['$.a["b.c"]', ['a', 'b.c']],
      ['$.a[ 2 ]', ['a', 2]],
      ['$.x-request-id.snake_case.k9', ['x-request-id', 'snake_case', 'k9']],
      ['$.naïve.日本語.Ωmega', ['naïve', '日本語', 'Ωmega']],
      ['$.𝒳', ['𝒳']],
      ['$.a.0', ['a', '0']],
      ['$.$ref', ['$ref']],
      ['$[""]', ['']],
      ['$["a\\"b"]', ['a"b']],
      ["$['it\\'s']", ["it's"]],
      ['$["tab\\there"]', ['tab\there']],
      ['$["\\u00e9"]', ['é']],
      ['a.b[0]', ['a', 'b', 0]],
      ['items[0]', ['items', 0]],
      ['[0].name', [0, 'name']],
      ['party.body.items[0].name', ['party', 'body', 'items', 0, 'name']],
      ['party.headers.content-type', ['party', 'headers', 'content-type']],
      ['$uuid', ['$uuid']],
    ];
    for (const [expr, segments] of cases) {
      it(expr, () => assert.deepEqual(parsePath(expr), { ok: true, segments }));
    }
  });

  describe('parsePath rejects with where and what', () => {
    // [expression, 0-based index, a fragment the message must contain]
    const cases: Array<[string, number, RegExp]> = [
      ['', 0, /empty.*\$\.name/],
      ['$.items[0', 7, /^unclosed \[ at character 8: write items\[0\] or \["key"\]$/],
      ['items[', 5, /unclosed \[ at character 6/],
      ['$.items[*]', 7, /wildcard \[\*\].*not supported/],
      ['$.items.*', 8, /wildcard \.\* .*not supported/],
      ['$..name', 1, /recursive descent.*not supported/],
      ['$.items[?(@.a)]', 7, /filter.*not supported/],
      ['$.items[0:2]', 7, /slices.*not supported/],
      ['$.items[0,1]', 7, /unions.*not supported/],
      ['$.items[1.5]', 8, /whole number/],
      ['$.items[-]', 9, /digit after "-"/],
      ['$.', 2, /expected a key after "\." at character 2/],
      ['$.a. b', 4, /expected a key.*brackets/],
      ['.a', 0, /cannot start with "\."/],
      ['$.a b', 3, /unexpected space at character 4/],
      ['$.a!', 3, /unexpected "!" at character 4/],
      ['$[abc]', 2, /write \["abc"\] or \.abc/],
      ['$["abc', 2, /unclosed string starting at character 3/],
      ['$["abc"x]', 7, /expected "\]" at character 8/],
      ['$["a\\q"]', 4, /unknown escape "\\q"/],
      ['$["\\u12"]', 3, /four hex digits/],
      ['$.a.[0]', 3, /without the dot/],
      ['$[99999999999999999999]', 2, /too large/],
      [' a', 0, /unexpected space at character 1/],
    ];
    for (const [expr, index, message] of cases) {
      it(JSON.stringify(expr), () => {
        const r = parsePath(expr);
        assert.equal(r.ok, false);
        if (r.ok) return;
        assert.equal(r.index, index);
        assert.match(r.message, message);
      });
    }
  });

  describe('getAtPath', () => {
    const doc = {
      name: 'Jane',
      items: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
      nested: { 'b.c': null, 'with space': 0, empty: [] },
      flag: false,
    };
    const cases: Array<[string, PathSegment[], ReturnType<typeof getAtPath>]> = [
      ['root', [], { found: true, value: doc }],
      ['a key', ['name'], { found: true, value: 'Jane' }],
      ['a false value is found', ['flag'], { found: true, value: false }],
      ['a null value is found', ['nested', 'b.c'], { found: true, value: null }],
      ['first item', ['items', 0, 'name'], { found: true, value: 'a' }],
      ['last item', ['items', -1, 'name'], { found: true, value: 'c' }],
      ['-3 is the first of three', ['items', -3, 'name'], { found: true, value: 'a' }],
      ['a digit string indexes an array', ['items', '1', 'name'], { found: true, value: 'b' }],
      ['past the end', ['items', 3], { found: false, at: 1 }],
      ['before the start', ['items', -4], { found: false, at: 1 }],
      ['a missing key deep down', ['items', 0, 'nope'], { found: false, at: 2 }],
      ['a key on an array', ['items', 'name'], { found: false, at: 1 }],
      ['an index on an object', ['nested', 0], { found: false, at: 1 }],
      ['into a string', ['name', 0], { found: false, at: 1 }],
      ['into null', ['nested', 'b.c', 'x'], { found: false, at: 2 }],
      ['an empty array', ['nested', 'empty', 0], { found: false, at: 2 }],
      ['no prototype keys', ['constructor'], { found: false, at: 0 }],
      ['no __proto__', ['nested', '__proto__'], { found: false, at: 1 }],
      ['no array length', ['items', 'length'], { found: false, at: 1 }],
    ];
    for (const [title, segments, expected] of cases) {
      it(title, () => assert.deepEqual(getAtPath(doc, segments), expected));
    }

    it('reads an own __proto__ key that JSON.parse created', () => {
      const parsed: unknown = JSON.parse('{"__proto__": {"polluted": 1}}');
      assert.deepEqual(getAtPath(parsed, ['__proto__', 'polluted']), { found: true, value: 1 });
    });

    it('reads a scalar root only with no segments', () => {
      assert.deepEqual(getAtPath('text', []), { found: true, value: 'text' });
      assert.deepEqual(getAtPath('text', ['length']), { found: false, at: 0 });
    });
  });

  describe('formatPath', () => {
    const cases: Array<[PathSegment[], string]> = [
      [[], '$'],
      [['a', 'b'], '$.a.b'],
      [['items', 0, 'name'], '$.items[0].name'],
      [['items', -1], '$.items[-1]'],
      [['b c'], '$["b c"]'],
      [['a', 'b.c'], '$.a["b.c"]'],
      [['x"y'], '$["x\\"y"]'],
      [[''], '$[""]'],
      [['content-type', 'é'], '$.content-type.é'],
    ];
    for (const [segments, text] of cases) {
      it(text, () => assert.equal(formatPath(segments), text));
    }

    it('is read back by parsePath to the same segments, whatever the keys', () => {
      const segment = fc.oneof(fc.string({ unit: 'binary' }), fc.string(), fc.integer({ min: -1000, max: 1000 }));
      fc.assert(
        fc.property(fc.array(segment, { maxLength: 6 }), (segments) => {
          assert.deepEqual(parsePath(formatPath(segments)), {
            ok: true,
            segments: segments.map((s) => (Object.is(s, -0) ? 0 : s)),
          });
        }),
        { numRuns: 500 },
      );
    });

    it('finds what formatPath points at', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
          // Walk to the first leaf reachable, then ask for it again through the formatted text.
          const segments: PathSegment[] = [];
          let current: unknown = value;
          while (typeof current === 'object' && current !== null) {
            const entries = Object.entries(current);
            if (entries.length === 0) break;
            segments.push(Array.isArray(current) ? 0 : entries[0][0]);
            current = entries[0][1];
          }
          const parsed = parsePath(formatPath(segments));
          assert.ok(parsed.ok);
          assert.deepEqual(getAtPath(value, parsed.segments), { found: true, value: current });
        }),
        { numRuns: 300 },
      );
    });
  });
});
