import assert from 'node:assert/strict';
import type { ResponseModel, RunResult } from '../../src/contract/response';
import { compareRuns, MISSING, showValue } from '../../src/core/compare/compareRuns';
import { normaliseHeaders, normaliseRun, normaliseValue } from '../../src/core/compare/normalise';
import { maskVolatileText, VolatileRule } from '../../src/core/compare/volatile';
import { matchesPath, parseVolatilePattern, type VolatilePattern } from '../../src/core/compare/volatilePath';

function pattern(source: string): VolatilePattern {
  const parsed = parseVolatilePattern(source);
  assert.ok(parsed.ok, `${source}: ${!parsed.ok && parsed.message}`);
  return parsed.pattern;
}

function response(body: unknown, extra: Partial<ResponseModel> = {}): ResponseModel {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    kind: 'response',
    outcome: 'passed',
    environment: { name: 'uat-eu', baseUrl: 'https://api.uat.eu.lending.akkuro.io', protected: false },
    request: {
      method: 'GET',
      url: 'https://api.uat.eu.lending.akkuro.io/counterparty-management/counterparties?limit=5',
      headers: [],
      tokenAttached: true,
    },
    status: 200,
    statusText: 'OK',
    headers: [
      ['content-type', 'application/json'],
      ['date', 'Fri, 14 Mar 2025 09:26:53 GMT'],
      ['x-request-id', 'abc-1'],
      ['connection', 'keep-alive'],
    ],
    body: {
      contentType: 'application/json',
      encoding: 'utf8',
      view: typeof body === 'string' ? 'text' : 'json',
      text,
      size: text.length,
      truncated: false,
    },
    assertions: [],
    timings: { totalMs: 12, ttfbMs: 10 },
    startedAt: '2025-03-14T09:26:53.000Z',
    notes: [],
    ...extra,
  };
}

describe('compare: volatile paths', () => {
  const table: Array<[string, Array<Array<string | number>>, Array<Array<string | number>>]> = [
    ['$.createdAt', [['createdAt']], [['a', 'createdAt'], ['createdAt', 'x'], []]],
    [
      '$..referenceId',
      [['referenceId'], ['items', 0, 'referenceId'], ['a', 'b', 'c', 'referenceId']],
      [['referenceIds']],
    ],
    [
      '$.items[*].id',
      [
        ['items', 0, 'id'],
        ['items', 7, 'id'],
      ],
      [
        ['items', 'id'],
        ['items', 0, 'x', 'id'],
      ],
    ],
    [
      '$.items[0]',
      [['items', 0]],
      [
        ['items', 1],
        ['items', '0'],
      ],
    ],
    ['$["odd key"].x', [['odd key', 'x']], [['odd', 'x']]],
    [
      "$['q'].*",
      [
        ['q', 'a'],
        ['q', 3],
      ],
      [['q'], ['q', 'a', 'b']],
    ],
    [
      '$..items..id',
      [
        ['items', 'id'],
        ['x', 'items', 2, 'meta', 'id'],
      ],
      [['id'], ['items']],
    ],
  ];
  for (const [source, yes, no] of table) {
    it(`${source} matches what it names, at the depths it names`, () => {
      const p = pattern(source);
      for (const path of yes) assert.equal(matchesPath(p, path), true, `${source} ~ ${JSON.stringify(path)}`);
      for (const path of no) assert.equal(matchesPath(p, path), false, `${source} !~ ${JSON.stringify(path)}`);
    });
  }

  const bad: Array<[string, number, RegExp]> = [
    ['createdAt', 0, /starts with "\$"/],
    ['$', 0, /whole body/],
    ['$.', 1, /expected a key after "." at character 2/],
    ['$.a b', 3, /unexpected " " at character 4/],
    ['$[x]', 1, /\[\*\], \[0\]/],
    ['$["a', 2, /unclosed string/],
    ['$[0', 3, /expected "\]" at character 4/],
    ['$...a', 3, /expected a key at character 4/],
  ];
  for (const [source, index, message] of bad) {
    it(`refuses ${JSON.stringify(source)} with the character it stopped at`, () => {
      const parsed = parseVolatilePattern(source);
      assert.equal(parsed.ok, false);
      if (parsed.ok) return;
      assert.match(parsed.message, message);
      assert.equal(parsed.index, index);
    });
  }
});

describe('compare: what is volatile', () => {
  const rule = new VolatileRule([pattern('$..etagish'), pattern('$.audit')]);
  const fields: Array<[Array<string | number>, boolean]> = [
    [['id'], true],
    [['referenceId'], true],
    [['items', 0, 'counterpartyReferenceId'], true],
    [['party_id'], true],
    [['requestID'], true],
    [['createdAt'], true],
    [['updated_at'], true],
    [['timestamp'], true],
    [['etagish'], true],
    [['deep', 'etagish'], true],
    [['audit'], true],
    [['name'], false],
    [['valid'], false],
    [['format'], false],
    [['paid'], false],
    [['status'], false],
    [['items', 0], false],
  ];
  for (const [path, volatile] of fields)
    it(`${JSON.stringify(path)} is ${volatile ? '' : 'not '}volatile`, () =>
      assert.equal(rule.isVolatileField(path), volatile));

  const texts: Array<[string, string]> = [
    ['0b6f1c3e-1111-4222-8333-444455556666', '<uuid>'],
    [
      '/counterparty-management/counterparties/0B6F1C3E-1111-4222-8333-444455556666',
      '/counterparty-management/counterparties/<uuid>',
    ],
    ['2025-03-14T09:26:53.123Z', '<timestamp>'],
    ['at 2025-03-14 09:26+01:00 sharp', 'at <timestamp> sharp'],
    ['1984-02-29', '1984-02-29'],
    ['Jane Doe', 'Jane Doe'],
  ];
  for (const [text, masked] of texts)
    it(`masks ${JSON.stringify(text)} by its shape`, () => assert.equal(maskVolatileText(text), masked));
});

describe('compare: normalising', () => {
  const rule = new VolatileRule();

  it('sorts keys at every level and keeps array order', () => {
    const v = normaliseValue({ b: 1, a: { z: [3, 1, { y: 1, x: 2 }], c: true } }, [], rule);
    assert.equal(JSON.stringify(v), '{"a":{"c":true,"z":[3,1,{"x":2,"y":1}]},"b":1}');
  });

  it('masks volatile fields with their type, whole objects included', () => {
    const v = normaliseValue(
      { id: 7, createdAt: '2025-01-01T00:00:00Z', name: 'x', audit: { by: 'me' } },
      [],
      new VolatileRule([pattern('$.audit')]),
    );
    assert.deepEqual(v, {
      audit: '<volatile object>',
      createdAt: '<volatile string>',
      id: '<volatile integer>',
      name: 'x',
    });
  });

  it('headers: names lower-cased and sorted, volatile values masked, transport headers left out', () => {
    assert.deepEqual(
      normaliseHeaders([
        ['X-Request-Id', 'abc'],
        ['Content-Type', 'application/json'],
        ['connection', 'close'],
        ['location', '/parties/0b6f1c3e-1111-4222-8333-444455556666'],
        ['vary', 'accept'],
        ['vary', 'origin'],
      ]),
      {
        'content-type': 'application/json',
        location: '/parties/<uuid>',
        vary: 'accept, origin',
        'x-request-id': '<volatile>',
      },
    );
  });

  it('a run reads: request path (no origin), status, headers, body, in that order', () => {
    const n = normaliseRun(response({ name: 'Jane', referenceId: 'x-1' }), rule);
    assert.deepEqual(Object.keys(n.value), ['request', 'status', 'headers', 'body']);
    assert.equal(n.value.request, 'GET /counterparty-management/counterparties?limit=5');
    assert.equal(n.value.status, '200 OK');
    assert.ok(n.text.endsWith('}\n'));
    assert.ok(!n.text.includes('api.uat.eu'));
  });

  it('failures, text, binary and too-large bodies have a readable form', () => {
    const failure: RunResult = {
      kind: 'failure',
      outcome: 'failed',
      category: 'timeout',
      title: 'Timed out',
      message: 'No response within 30 s',
      startedAt: '2025-03-14T09:26:53.000Z',
    };
    assert.deepEqual(normaliseRun(failure, rule).value, {
      failure: 'timeout: Timed out',
      message: 'No response within 30 s',
    });
    assert.equal(normaliseRun(response('plain at 2025-03-14T09:26:53Z'), rule).value.body, 'plain at <timestamp>');
    const big = response({ a: 1 });
    big.body = { ...big.body, truncated: true, size: 5_000_000 };
    assert.match(String(normaliseRun(big, rule).value.body), /5000000 bytes: too large/);
    const png = response('');
    png.body = { contentType: 'image/png', encoding: 'base64', view: 'image', text: 'AAAA', size: 3, truncated: false };
    assert.equal(normaliseRun(png, rule).value.body, '<image/png, 3 bytes>');
  });
});

describe('compare: two runs', () => {
  const rule = new VolatileRule();

  it('runs that differ only in volatile parts are equal', () => {
    const a = response({ referenceId: 'a', createdAt: '2025-01-01T00:00:00Z', name: 'Jane' });
    const b = response(
      { name: 'Jane', referenceId: 'b', createdAt: '2025-02-02T00:00:00Z' },
      {
        headers: [
          ['content-type', 'application/json'],
          ['date', 'other'],
          ['x-request-id', 'abc-2'],
        ],
        request: {
          ...a.request,
          url: 'https://api.eu.lending.akkuro.io/counterparty-management/counterparties?limit=5',
        },
      },
    );
    const c = compareRuns(a, b, rule);
    assert.equal(c.equal, true, JSON.stringify(c.differences));
    assert.equal(c.left, c.right);
  });

  it('lists each difference with its place: status, header, body path, missing keys and items', () => {
    const a = response({ name: 'Jane', items: [1, 2], gone: true });
    const b = response(
      { name: 'Joe', items: [1, 2, 3], added: 'x' },
      { status: 404, statusText: 'Not Found', headers: [['content-type', 'application/problem+json']] },
    );
    const c = compareRuns(a, b, rule);
    assert.equal(c.equal, false);
    const byPlace = Object.fromEntries(c.differences.map((d) => [d.where, [showValue(d.left), showValue(d.right)]]));
    assert.deepEqual(byPlace, {
      status: ['"200 OK"', '"404 Not Found"'],
      'header content-type': ['"application/json"', '"application/problem+json"'],
      'header date': ['"<volatile>"', '(missing)'],
      'header x-request-id': ['"<volatile>"', '(missing)'],
      'body $.added': ['(missing)', '"x"'],
      'body $.gone': ['true', '(missing)'],
      'body $.items[2]': ['(missing)', '3'],
      'body $.name': ['"Jane"', '"Joe"'],
    });
    assert.equal(c.total, 8);
    assert.notEqual(c.left, c.right);
  });

  it('stops listing at the limit but counts every difference', () => {
    const a = response(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i])));
    const b = response(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, -i - 1])));
    const c = compareRuns(a, b, rule, 5);
    assert.equal(c.differences.length, 5);
    assert.equal(c.total, 30);
  });

  it('a failure against a response differs at the status', () => {
    const failure: RunResult = {
      kind: 'failure',
      outcome: 'failed',
      category: 'network',
      title: 'Could not connect',
      message: 'ECONNREFUSED',
      startedAt: '2025-03-14T09:26:53.000Z',
    };
    const c = compareRuns(response({}), failure, rule);
    assert.equal(c.equal, false);
    assert.ok(c.differences.some((d) => d.where === 'status' && d.right === MISSING));
    assert.ok(c.differences.some((d) => d.where === 'failure' && d.left === MISSING));
  });
});
