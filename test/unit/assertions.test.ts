import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileExpect } from '../../src/core/expect/assertions';
import {
  EXPECT_KEYS,
  EXPECT_OPERATORS,
  type ActualResponse,
  type ExpectProblem,
} from '../../src/core/expect/expectTypes';
import { evaluateExpect, jsonEqual } from '../../src/core/expect/expectEvaluate';
import type { AssertionResult } from '../../src/contract/response';

const BODY = {
  name: 'Jane Doe',
  referenceId: 'cp-1',
  count: 7,
  ratio: 0.5,
  active: true,
  deletedAt: null,
  items: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
  tags: ['vip', 'new'],
  email: 'jane@example.com',
  state: 'active',
  address: { city: 'Utrecht', zip: '3511' },
  empty: '',
  total: '42',
};

function response(overrides: Partial<ActualResponse> = {}): ActualResponse {
  return {
    status: 201,
    headers: {
      'content-type': 'application/json',
      'set-cookie': ['a=1', 'b=2'],
      'content-length': '1234',
      location: '/counterparty-management/counterparties/cp-1',
    },
    body: BODY,
    bodyIsJson: true,
    durationMs: 120,
    ...overrides,
  };
}

function run(expect: unknown, actual: ActualResponse = response()): AssertionResult[] {
  const { spec, problems } = compileExpect(expect);
  assert.deepEqual(problems, [], 'the expect block should compile');
  assert.ok(spec);
  return evaluateExpect(spec, actual);
}

function only(expect: unknown, actual?: ActualResponse): AssertionResult {
  const results = run(expect, actual);
  assert.equal(results.length, 1);
  return results[0];
}

describe('assertions', () => {
  it('names its keys and operators for completion', () => {
    assert.deepEqual([...EXPECT_KEYS], ['status', 'headers', 'body', 'duration', 'schema']);
    assert.deepEqual([...EXPECT_OPERATORS].sort(), [
      'contains',
      'equals',
      'exists',
      'gt',
      'gte',
      'length',
      'lt',
      'lte',
      'matches',
      'notEquals',
      'oneOf',
      'type',
    ]);
  });

  describe('each check passes and fails with a readable message', () => {
    // [title, expect value, passed, operator, exact message]
    const cases: Array<[string, unknown, boolean, string, string]> = [
      ['status equals', { status: 201 }, true, 'equals', 'status is 201'],
      ['status differs', { status: 200 }, false, 'equals', 'expected status 200 but it was 201'],
      ['status as text', { status: '201' }, true, 'equals', 'status is 201'],
      ['status list', { status: [200, 201] }, true, 'oneOf', 'status is 201'],
      ['status list fails', { status: [200, 204] }, false, 'oneOf', 'expected status 200 or 204 but it was 201'],
      ['status class', { status: '2xx' }, true, 'equals', 'status is 201'],
      ['status class fails', { status: '4XX' }, false, 'equals', 'expected status 4xx but it was 201'],
      [
        'status mixed list',
        { status: [200, '4xx', 500] },
        false,
        'oneOf',
        'expected status 200, 4xx or 500 but it was 201',
      ],
      ['status operator', { status: { lt: 300 } }, true, 'lt', 'status is 201, less than 300'],
      ['status oneOf with a class', { status: { oneOf: ['2xx', 304] } }, true, 'oneOf', 'status is 201'],
      [
        'status notEquals',
        { status: { notEquals: 201 } },
        false,
        'notEquals',
        'expected status not to equal 201 but it was 201',
      ],

      ['body plain string', { body: { '$.name': 'Jane Doe' } }, true, 'equals', 'body $.name equals "Jane Doe"'],
      [
        'body plain string fails',
        { body: { '$.name': 'Joe' } },
        false,
        'equals',
        'expected body $.name to equal "Joe" but it was "Jane Doe"',
      ],
      ['body plain null', { body: { '$.deletedAt': null } }, true, 'equals', 'body $.deletedAt equals null'],
      [
        'body plain mapping is a literal',
        { body: { '$.address': { zip: '3511', city: 'Utrecht' } } },
        true,
        'equals',
        'body $.address equals {"zip":"3511","city":"Utrecht"}',
      ],
      ['body plain list', { body: { '$.tags': ['vip', 'new'] } }, true, 'equals', 'body $.tags equals ["vip","new"]'],
      [
        'body plain list order matters',
        { body: { '$.tags': ['new', 'vip'] } },
        false,
        'equals',
        'expected body $.tags to equal ["new","vip"] but it was ["vip","new"]',
      ],
      [
        'number is not text',
        { body: { '$.total': 42 } },
        false,
        'equals',
        'expected body $.total to equal 42 but it was "42"',
      ],
      [
        'equals operator',
        { body: { '$.address': { equals: { city: 'Utrecht', zip: '3511' } } } },
        true,
        'equals',
        'body $.address equals {"city":"Utrecht","zip":"3511"}',
      ],
      ['notEquals', { body: { '$.count': { notEquals: 3 } } }, true, 'notEquals', 'body $.count is 7, not 3'],
      [
        'notEquals fails',
        { body: { '$.count': { notEquals: 7 } } },
        false,
        'notEquals',
        'expected body $.count not to equal 7 but it was 7',
      ],

      [
        'type string',
        { body: { '$.referenceId': { type: 'string' } } },
        true,
        'type',
        'body $.referenceId is a string',
      ],
      [
        'type fails',
        { body: { '$.count': { type: 'string' } } },
        false,
        'type',
        'expected body $.count to be a string but it was a number (7)',
      ],
      ['type integer', { body: { '$.count': { type: 'integer' } } }, true, 'type', 'body $.count is an integer'],
      [
        'type integer fails on 0.5',
        { body: { '$.ratio': { type: 'integer' } } },
        false,
        'type',
        'expected body $.ratio to be an integer but it was a number (0.5)',
      ],
      ['type number', { body: { '$.ratio': { type: 'number' } } }, true, 'type', 'body $.ratio is a number'],
      ['type boolean', { body: { '$.active': { type: 'boolean' } } }, true, 'type', 'body $.active is a boolean'],
      ['type null', { body: { '$.deletedAt': { type: 'null' } } }, true, 'type', 'body $.deletedAt is null'],
      ['type object', { body: { '$.address': { type: 'object' } } }, true, 'type', 'body $.address is an object'],
      [
        'type object fails on an array',
        { body: { '$.tags': { type: 'object' } } },
        false,
        'type',
        'expected body $.tags to be an object but it was an array (["vip","new"])',
      ],
      ['type array', { body: { '$.items': { type: 'array' } } }, true, 'type', 'body $.items is an array'],
      [
        'type list',
        { body: { '$.deletedAt': { type: ['string', 'null'] } } },
        true,
        'type',
        'body $.deletedAt is null',
      ],
      [
        'type list fails',
        { body: { '$.count': { type: ['string', 'null'] } } },
        false,
        'type',
        'expected body $.count to be a string or null but it was a number (7)',
      ],

      ['exists', { body: { '$.items[0].name': { exists: true } } }, true, 'exists', 'body $.items[0].name exists'],
      [
        'exists fails',
        { body: { '$.nope': { exists: true } } },
        false,
        'exists',
        'expected body $.nope to exist but it does not exist: $ has no key "nope" (did you mean "name"?)',
      ],
      ['exists false', { body: { '$.missing': { exists: false } } }, true, 'exists', 'body $.missing does not exist'],
      [
        'exists false fails',
        { body: { '$.count': { exists: false } } },
        false,
        'exists',
        'expected body $.count not to exist but it was 7',
      ],
      ['a null value exists', { body: { '$.deletedAt': { exists: true } } }, true, 'exists', 'body $.deletedAt exists'],

      [
        'matches',
        { body: { '$.email': { matches: '@example\\.com$' } } },
        true,
        'matches',
        'body $.email matches /@example\\.com$/',
      ],
      [
        'matches fails',
        { body: { '$.email': { matches: '^admin@' } } },
        false,
        'matches',
        'expected body $.email to match /^admin@/ but it was "jane@example.com"',
      ],
      [
        'matches a number fails',
        { body: { '$.count': { matches: '^7$' } } },
        false,
        'matches',
        'expected body $.count to match /^7$/ but it was a number (7), not text',
      ],

      [
        'contains in an array',
        { body: { '$.tags': { contains: 'vip' } } },
        true,
        'contains',
        'body $.tags contains "vip"',
      ],
      [
        'contains an object in an array',
        { body: { '$.items': { contains: { name: 'b' } } } },
        true,
        'contains',
        'body $.items contains {"name":"b"}',
      ],
      [
        'contains fails',
        { body: { '$.tags': { contains: 'gold' } } },
        false,
        'contains',
        'expected body $.tags to contain "gold" but it was ["vip","new"]',
      ],
      [
        'contains in text',
        { body: { '$.email': { contains: 'example' } } },
        true,
        'contains',
        'body $.email contains "example"',
      ],
      [
        'contains on a number fails',
        { body: { '$.count': { contains: 7 } } },
        false,
        'contains',
        'expected body $.count to contain 7 but it was a number (7); contains works on arrays and text',
      ],
      [
        'contains a number in text fails',
        { body: { '$.total': { contains: 4 } } },
        false,
        'contains',
        'expected body $.total to contain 4 but it was "42"; text can only contain text: quote the value',
      ],

      [
        'oneOf',
        { body: { '$.state': { oneOf: ['active', 'pending'] } } },
        true,
        'oneOf',
        'body $.state is "active", one of "active", "pending"',
      ],
      [
        'oneOf fails',
        { body: { '$.state': { oneOf: ['closed', 'pending'] } } },
        false,
        'oneOf',
        'expected body $.state to be one of "closed", "pending" but it was "active"',
      ],

      ['gt', { body: { '$.count': { gt: 6 } } }, true, 'gt', 'body $.count is 7, greater than 6'],
      [
        'gt fails on equal',
        { body: { '$.count': { gt: 7 } } },
        false,
        'gt',
        'expected body $.count to be greater than 7 but it was 7',
      ],
      ['gte', { body: { '$.count': { gte: 7 } } }, true, 'gte', 'body $.count is 7, at least 7'],
      [
        'gte fails',
        { body: { '$.count': { gte: 8 } } },
        false,
        'gte',
        'expected body $.count to be at least 8 but it was 7',
      ],
      ['lt', { body: { '$.ratio': { lt: 1 } } }, true, 'lt', 'body $.ratio is 0.5, less than 1'],
      [
        'lt fails',
        { body: { '$.count': { lt: 7 } } },
        false,
        'lt',
        'expected body $.count to be less than 7 but it was 7',
      ],
      ['lte', { body: { '$.count': { lte: 7 } } }, true, 'lte', 'body $.count is 7, at most 7'],
      [
        'lte fails',
        { body: { '$.count': { lte: 6.5 } } },
        false,
        'lte',
        'expected body $.count to be at most 6.5 but it was 7',
      ],
      [
        'a numeric string is not a number',
        { body: { '$.total': { gt: 1 } } },
        false,
        'gt',
        'expected body $.total to be greater than 1 but it was a string ("42"), not a number',
      ],

      ['length of an array', { body: { '$.items': { length: 3 } } }, true, 'length', 'body $.items has length 3'],
      [
        'length fails',
        { body: { '$.items': { length: 2 } } },
        false,
        'length',
        'expected body $.items to have length 2 but its length was 3',
      ],
      [
        'length of text counts characters',
        { body: { '$.address.city': { length: 7 } } },
        true,
        'length',
        'body $.address.city has length 7',
      ],
      [
        'length of an object counts keys',
        { body: { '$.address': { length: 2 } } },
        true,
        'length',
        'body $.address has length 2',
      ],
      [
        'length of an empty string',
        { body: { '$.empty': { length: 0 } } },
        true,
        'length',
        'body $.empty has length 0',
      ],
      [
        'length comparison',
        { body: { '$.tags': { length: { gte: 1 } } } },
        true,
        'length',
        'body $.tags has length 2, at least 1',
      ],
      [
        'length comparison fails',
        { body: { '$.tags': { length: { gt: 5 } } } },
        false,
        'length',
        'expected body $.tags to have a length greater than 5 but its length was 2',
      ],
      [
        'length of a number fails',
        { body: { '$.count': { length: 1 } } },
        false,
        'length',
        'expected body $.count to have length 1 but it was a number (7), which has no length: length works on arrays, text and objects',
      ],

      [
        'header plain value',
        { headers: { 'Content-Type': 'application/json' } },
        true,
        'equals',
        'header content-type equals "application/json"',
      ],
      [
        'header plain value fails',
        { headers: { 'content-type': 'text/html' } },
        false,
        'equals',
        'expected header content-type to equal "text/html" but it was "application/json"',
      ],
      [
        'header values joined',
        { headers: { 'set-cookie': 'a=1, b=2' } },
        true,
        'equals',
        'header set-cookie equals "a=1, b=2"',
      ],
      [
        'header number compares as text',
        { headers: { 'content-length': 1234 } },
        true,
        'equals',
        'header content-length equals "1234"',
      ],
      [
        'header numeric comparison',
        { headers: { 'content-length': { lt: 2000 } } },
        true,
        'lt',
        'header content-length is 1234, less than 2000',
      ],
      [
        'header matches',
        { headers: { location: { matches: '^/counterparty' } } },
        true,
        'matches',
        'header location matches /^\\/counterparty/',
      ],
      [
        'header missing',
        { headers: { 'x-request-id': { exists: true } } },
        false,
        'exists',
        'expected header x-request-id to exist but the response has no x-request-id header',
      ],
      [
        'header absent',
        { headers: { 'x-request-id': { exists: false } } },
        true,
        'exists',
        'header x-request-id does not exist',
      ],
      [
        'header missing fails equals',
        { headers: { etag: 'abc' } },
        false,
        'equals',
        'expected header etag to equal "abc" but the response has no etag header',
      ],

      ['duration plain number means lt', { duration: 2000 }, true, 'lt', 'duration is 120 ms, less than 2000 ms'],
      [
        'duration fails',
        { duration: { lt: 100 } },
        false,
        'lt',
        'expected duration to be less than 100 ms but it was 120 ms',
      ],
      ['duration with a unit', { duration: '1s' }, true, 'lt', 'duration is 120 ms, less than 1000 ms'],
      ['duration gte', { duration: { gte: '0.1s' } }, true, 'gte', 'duration is 120 ms, at least 100 ms'],
    ];
    for (const [title, expect, passed, operator, message] of cases) {
      it(title, () => {
        const r = only(expect);
        assert.equal(r.message, message);
        assert.equal(r.passed, passed);
        assert.equal(r.operator, operator);
      });
    }
  });

  describe('paths that find nothing say where they stop', () => {
    const cases: Array<[string, string]> = [
      [
        '$.items[5].name',
        'expected body $.items[5].name to equal "x" but it does not exist: $.items has 3 items, so there is no [5]',
      ],
      [
        '$.address.cty',
        'expected body $.address.cty to equal "x" but it does not exist: $.address has no key "cty" (did you mean "city"?)',
      ],
      [
        '$.items.name',
        'expected body $.items.name to equal "x" but it does not exist: $.items is an array, not an object: use an index such as [0]',
      ],
      [
        '$.count.value',
        'expected body $.count.value to equal "x" but it does not exist: $.count is a number (7), not an object',
      ],
      [
        '$.address[0]',
        'expected body $.address[0] to equal "x" but it does not exist: $.address is an object, not an array',
      ],
      [
        '$.deletedAt.x',
        'expected body $.deletedAt.x to equal "x" but it does not exist: $.deletedAt is null, not an object',
      ],
    ];
    for (const [path, message] of cases) {
      it(path, () => {
        const r = only({ body: { [path]: 'x' } });
        assert.equal(r.passed, false);
        assert.equal(r.actual, undefined);
        assert.equal(r.message, message);
      });
    }
  });

  describe('a body that is not JSON', () => {
    const html = response({ body: '<html><body>Bad gateway</body></html>', bodyIsJson: false, status: 502 });
    const empty = response({ body: '', bodyIsJson: false, status: 204 });

    it('fails a body path and says the body is not JSON', () => {
      const r = only({ body: { '$.name': 'Jane' } }, html);
      assert.equal(r.passed, false);
      assert.equal(
        r.message,
        'expected body $.name to equal "Jane" but the body is not JSON (it starts with "<html><body>Bad gateway</body></html>")',
      );
    });

    it('does not pass exists: false, since nothing can be known', () => {
      const r = only({ body: { '$.error': { exists: false } } }, html);
      assert.equal(r.passed, false);
      assert.match(r.message, /the body is not JSON/);
    });

    it('says when the body is empty', () => {
      assert.equal(
        only({ body: { '$.id': { exists: true } } }, empty).message,
        'expected body $.id to exist but the body is not JSON (it is empty)',
      );
    });

    it('lets $ check the text itself', () => {
      assert.equal(only({ body: { $: { contains: 'Bad gateway' } } }, html).passed, true);
      const r = only({ body: { $: { type: 'object' } } }, html);
      assert.equal(r.passed, false);
      assert.match(r.message, /; the body is not JSON$/);
    });
  });

  it('reports one result per operator, in the order written, with target, expected and actual', () => {
    const results = run({
      status: 201,
      body: { '$.count': { gte: 1, lt: 5 }, '$.items': { length: { gte: 1, lte: 2 } } },
      headers: { 'content-type': { exists: true } },
      duration: { lt: 2000 },
    });
    assert.deepEqual(
      results.map((r) => [r.target, r.operator, r.expected, r.actual, r.passed]),
      [
        ['status', 'equals', 201, 201, true],
        ['body $.count', 'gte', 1, 7, true],
        ['body $.count', 'lt', 5, 7, false],
        ['body $.items', 'length', { gte: 1 }, 3, true],
        ['body $.items', 'length', { lte: 2 }, 3, false],
        ['header content-type', 'exists', true, true, true],
        ['duration', 'lt', 2000, 120, true],
      ],
    );
  });

  it('uses the canonical path in targets, whatever form was written', () => {
    const results = run({
      body: { 'address.city': 'Utrecht', '$[\'address\']["zip"]': '3511', '$.items[-1].name': 'c' },
    });
    assert.deepEqual(
      results.map((r) => [r.target, r.passed]),
      [
        ['body $.address.city', true],
        ['body $.address.zip', true],
        ['body $.items[-1].name', true],
      ],
    );
  });

  it('summarises long values and masks tokens', () => {
    const long = 'x'.repeat(5000);
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const big = Array.from({ length: 100 }, (_, i) => ({ id: i, name: `party ${i}` }));
    const actual = response({ body: { long, token: jwt, big, small: { token: jwt } } });
    const [text, token, array, small] = run(
      { body: { '$.long': 'y', '$.token': 'x', '$.big': { length: 1 }, '$.small': { equals: 1 } } },
      actual,
    );
    assert.equal(typeof text.actual, 'string');
    assert.ok((text.actual as string).length < 260, 'a long string is cut');
    assert.match(text.actual as string, /… \(5000 characters\)$/);
    assert.ok(text.message.length < 200);
    assert.equal(array.actual, 100);
    assert.equal(JSON.stringify(token).includes(jwt), false);
    assert.match(token.message, /‹redacted JWT›/);
    assert.deepEqual(small.actual, { token: '‹redacted JWT›' });
    const bigEquals = only({ body: { '$.big': [] } }, actual);
    assert.match(bigEquals.actual as string, /… \(array of 100 items\)$/);
  });

  describe('deep equality has JSON semantics', () => {
    const cases: Array<[unknown, unknown, boolean]> = [
      [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
      [1, 1.0, true],
      [0, -0, true],
      [{ a: null }, {}, false],
      [{}, [], false],
      [[1, 2], [2, 1], false],
      ['1', 1, false],
      [null, null, true],
      [{ a: { b: [{ c: true }] } }, { a: { b: [{ c: true }] } }, true],
      [{ a: { b: [{ c: true }] } }, { a: { b: [{ c: false }] } }, false],
      [{ a: 1 }, { a: 1, b: 2 }, false],
    ];
    for (const [a, b, equal] of cases) {
      it(`${JSON.stringify(a)} ${equal ? '=' : '≠'} ${JSON.stringify(b)}`, () => {
        assert.equal(jsonEqual(a, b), equal);
        assert.equal(jsonEqual(b, a), equal);
      });
    }

    it('agrees with comparing a value to its own JSON round trip', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (v) => jsonEqual(v, JSON.parse(JSON.stringify(v)))),
        { numRuns: 300 },
      );
    });
  });

  describe('problems point at the place to fix', () => {
    // [title, expect value, expected problems: path, onKey, message pattern]
    const cases: Array<[string, unknown, Array<[ExpectProblem['path'], boolean, RegExp]>]> = [
      ['not a mapping', 'status 200', [[[], false, /expect must be a mapping/]]],
      ['unknown top-level key', { stauts: 200 }, [[['stauts'], true, /unknown key "stauts".*did you mean status\?/]]],
      ['a body path at the top', { '$.name': 'x' }, [[['$.name'], true, /body paths go under body:/]]],
      ['status out of range', { status: 600 }, [[['status'], false, /100 to 599.*1xx to 5xx.*got 600/]]],
      ['status class out of range', { status: '6xx' }, [[['status'], false, /got "6xx"/]]],
      ['status list item', { status: [200, 'ok'] }, [[['status', 1], false, /got "ok"/]]],
      ['status empty list', { status: [] }, [[['status'], false, /at least one code/]]],
      [
        'status operand points inside the operator',
        { status: { oneOf: [200, 'x'] } },
        [[['status', 'oneOf', 1], false, /got "x"/]],
      ],
      ['status empty mapping', { status: {} }, [[['status'], false, /empty mapping: add one of equals/]]],
      [
        'status unknown operator',
        { status: { contains: 2 } },
        [[['status', 'contains'], true, /unknown status operator "contains".*use equals, notEquals, oneOf/]],
      ],
      ['body not a mapping', { body: ['$.a'] }, [[['body'], false, /body must be a mapping/]]],
      ['headers not a mapping', { headers: 'content-type' }, [[['headers'], false, /headers must be a mapping/]]],
      [
        'bad header name',
        { headers: { 'content type': 'x' } },
        [[['headers', 'content type'], true, /not a header name/]],
      ],
      ['header value not text', { headers: { etag: ['a'] } }, [[['headers', 'etag'], false, /a header value is text/]]],
      [
        'bad path',
        { body: { '$.items[': 1 } },
        [[['body', '$.items['], true, /^bad path "\$\.items\[": unclosed \[ at character 8/]],
      ],
      [
        'wildcard path',
        { body: { '$.items[*].id': 1 } },
        [[['body', '$.items[*].id'], true, /wildcard \[\*\].*not supported/]],
      ],
      [
        'misspelt type',
        { body: { '$.a': { tpye: 'string' } } },
        [[['body', '$.a', 'tpye'], true, /unknown operator "tpye": did you mean type\?.*equals/]],
      ],
      [
        'misspelt length',
        { body: { '$.items': { lenght: 3 } } },
        [[['body', '$.items', 'lenght'], true, /did you mean length\?/]],
      ],
      [
        'misspelt beside a real operator',
        { body: { '$.a': { type: 'string', lenght: 3 } } },
        [[['body', '$.a', 'lenght'], true, /did you mean length\?/]],
      ],
      [
        'wrong case',
        { body: { '$.a': { oneof: [1, 2] } } },
        [[['body', '$.a', 'oneof'], true, /did you mean oneOf\?/]],
      ],
      [
        'an alias from another tool',
        { body: { '$.a': { eq: 1 } } },
        [[['body', '$.a', 'eq'], true, /did you mean equals\?/]],
      ],
      [
        'regex alias',
        { body: { '$.a': { regex: '^a' } } },
        [[['body', '$.a', 'regex'], true, /did you mean matches\?/]],
      ],
      [
        'invalid regex',
        { body: { '$.a': { matches: '(unclosed' } } },
        [[['body', '$.a', 'matches'], false, /Invalid regular expression.*Unterminated group/]],
      ],
      [
        'regex not text',
        { body: { '$.a': { matches: 12 } } },
        [[['body', '$.a', 'matches'], false, /matches takes a regular expression as text/]],
      ],
      [
        'unknown type',
        { body: { '$.a': { type: 'strnig' } } },
        [[['body', '$.a', 'type'], false, /type must be one of string, number.*did you mean string\?.*got "strnig"/]],
      ],
      [
        'unknown type in a list',
        { body: { '$.a': { type: ['string', 'date'] } } },
        [[['body', '$.a', 'type', 1], false, /got "date"/]],
      ],
      [
        'a literal that only looks like operators',
        { body: { '$.a': { type: 'person' } } },
        [[['body', '$.a', 'type'], false, /write \{ equals: \{ type: \.\.\. \} \}/]],
      ],
      [
        'exists not boolean',
        { body: { '$.a': { exists: 'yes' } } },
        [[['body', '$.a', 'exists'], false, /exists takes true or false; got "yes"/]],
      ],
      [
        'comparison not a number',
        { body: { '$.a': { gt: '5' } } },
        [[['body', '$.a', 'gt'], false, /gt takes a number; got "5"/]],
      ],
      [
        'oneOf not a list',
        { body: { '$.a': { oneOf: 'a' } } },
        [[['body', '$.a', 'oneOf'], false, /oneOf takes a non-empty list/]],
      ],
      [
        'length negative',
        { body: { '$.a': { length: -1 } } },
        [[['body', '$.a', 'length'], false, /length takes a whole number.*got -1/]],
      ],
      [
        'length fraction',
        { body: { '$.a': { length: 1.5 } } },
        [[['body', '$.a', 'length'], false, /length takes a whole number/]],
      ],
      [
        'length misspelt comparison',
        { body: { '$.a': { length: { gtee: 1 } } } },
        [[['body', '$.a', 'length', 'gtee'], true, /unknown length comparison "gtee": did you mean gte\?/]],
      ],
      [
        'length comparison not a number',
        { body: { '$.a': { length: { gte: 'one' } } } },
        [[['body', '$.a', 'length', 'gte'], false, /gte takes a number/]],
      ],
      ['not a JSON value', { body: { '$.a': Number.NaN } }, [[['body', '$.a'], false, /NaN is not a JSON value/]]],
      [
        'a date from YAML',
        { body: { '$.a': new Date('2025-01-01T00:00:00Z') } },
        [[['body', '$.a'], false, /date 2025-01-01T00:00:00.000Z.*quote it/]],
      ],
      ['duration not a time', { duration: 'fast' }, [[['duration'], false, /duration must be a time/]]],
      [
        'schema not a boolean',
        { schema: 'yes' },
        [[['schema'], false, /schema must be true \(check the response against the OpenAPI documents\) or false/]],
      ],
      [
        'duration operator not a comparison',
        { duration: { equals: 100 } },
        [[['duration', 'equals'], true, /unknown duration operator "equals".*use gt, gte, lt, lte/]],
      ],
      [
        'several problems at once',
        { statsu: 1, body: { '$.a': { exists: 1 }, '$..b': 1 } },
        [
          [['statsu'], true, /did you mean status/],
          [['body', '$.a', 'exists'], false, /exists takes true or false/],
          [['body', '$..b'], true, /recursive descent/],
        ],
      ],
    ];
    for (const [title, expect, expected] of cases) {
      it(title, () => {
        const { spec, problems } = compileExpect(expect);
        assert.equal(spec, undefined, 'no spec when there are problems');
        assert.equal(problems.length, expected.length, JSON.stringify(problems));
        expected.forEach(([path, onKey, message], i) => {
          assert.deepEqual(problems[i].path, path);
          assert.equal(problems[i].onKey ?? false, onKey);
          assert.match(problems[i].message, message);
        });
      });
    }
  });

  describe('mappings that read as data stay literals', () => {
    // Keys near an operator, whose value does not fit it or which are ordinary words: compared with equals.
    const literals: unknown[] = [
      { id: 5 },
      { at: 'now' },
      { lat: 'north' },
      { time: '10:00' },
      { name: 'Jane', type: 'person' },
      { batches: 3 },
      { matched: true },
      { exit: 0 },
      { size: 20 },
      { count: 3 },
      {},
    ];
    for (const literal of literals) {
      it(JSON.stringify(literal), () => {
        const r = only({ body: { '$.x': literal } }, response({ body: { x: literal } }));
        assert.equal(r.operator, 'equals');
        assert.equal(r.passed, true);
      });
    }
  });

  it('leaves a value that is a whole {{variable}} to be checked once substituted', () => {
    const raw = {
      status: '{{code}}',
      body: { '$.count': { gte: '{{min}}', length: '{{n}}' }, '$.name': { type: ['{{t}}'] } },
    };
    assert.deepEqual(compileExpect(raw), { problems: [] }, 'no problem, and no spec before substitution');
    const partial = compileExpect({ status: '2{{x}}', body: { '$.a': { gte: ' {{min}}' } } });
    assert.deepEqual(
      partial.problems.map((p) => p.path),
      [['status'], ['body', '$.a', 'gte']],
      'only whole templates wait',
    );
    const substituted = compileExpect({ status: 201, body: { '$.count': { gte: 1 } } });
    assert.ok(substituted.spec);
    assert.deepEqual(
      evaluateExpect(substituted.spec, response()).map((r) => r.passed),
      [true, true],
    );
  });

  it('accepts an empty expect and empty sections', () => {
    assert.deepEqual(compileExpect(null), { spec: { targets: [] }, problems: [] });
    assert.deepEqual(run({ body: null, headers: null }), []);
  });

  it('compiles once and evaluates many responses the same way', () => {
    const { spec } = compileExpect({ body: { '$.email': { matches: 'example' } } });
    assert.ok(spec);
    for (let i = 0; i < 3; i++) assert.equal(evaluateExpect(spec, response())[0].passed, true);
  });
});
