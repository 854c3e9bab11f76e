import assert from 'node:assert/strict';
import type { ResponseModel } from '../../src/contract/response';
import { VolatileRule } from '../../src/core/compare/volatile';
import { parseVolatilePattern } from '../../src/core/compare/volatilePath';
import { compileExpect } from '../../src/core/expect/assertions';
import { evaluateExpect } from '../../src/core/expect/expectEvaluate';
import { expectFromResponse, TypeCheck, type PinMode } from '../../src/core/expect/expectFromResponse';
import { expectLocation } from '../../src/core/expect/expectLocation';
import { writeExpect } from '../../src/core/expect/expectWriter';
import { parseNotebookFile, serializeNotebookFile } from '../../src/core/notebook/notebookFile';
import { parseRequestCell } from '../../src/core/request/cell';

const PARTY = {
  referenceId: 'cp-000123',
  name: 'Jane Doe',
  type: 'person',
  createdAt: '2025-03-14T09:26:53.000Z',
  location: '/counterparties/0b6f1c3e-1111-4222-8333-444455556666',
  age: 41,
  ratio: 0.25,
  active: true,
  nickname: null,
  zip: '1015',
  yes: 'yes',
  colon: 'a: b # not a comment',
  template: 'Hello {{name}}',
  multiline: 'line 1\nline 2',
  long: 'x'.repeat(500),
  tags: ['vip', 'onboarding'],
  manyTags: Array.from({ length: 20 }, (_, i) => `t${i}`),
  addresses: [{ city: 'Amsterdam' }],
  scores: { risk: 12, 'kyc-level': 3, nested: { deep: 1 } },
  'odd key': 'x',
  empty: {},
};

function response(body: unknown, status = 200): ResponseModel {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    kind: 'response',
    outcome: 'passed',
    environment: { name: 'sandbox', baseUrl: 'http://127.0.0.1:1', protected: false },
    request: { method: 'GET', url: 'http://127.0.0.1:1/x', headers: [], tokenAttached: false },
    status,
    statusText: '',
    headers: [['content-type', 'application/json']],
    body: {
      contentType: 'application/json',
      encoding: 'utf8',
      view: body === undefined ? 'empty' : 'json',
      text,
      size: text.length,
      truncated: false,
    },
    assertions: [],
    timings: { totalMs: 5, ttfbMs: 4 },
    startedAt: '2025-03-14T09:26:53.000Z',
    notes: [],
  };
}

/** The pinned cell, parsed as the runner would, checked against the response it was pinned from. */
function checkAgainst(cellText: string, r: ResponseModel) {
  const parsed = parseRequestCell(cellText);
  assert.ok(parsed.cell, `the pinned cell parses: ${JSON.stringify(parsed.diagnostics)}`);
  const compiled = compileExpect(parsed.cell.expect);
  assert.deepEqual(compiled.problems, []);
  assert.ok(compiled.spec);
  return evaluateExpect(compiled.spec, {
    status: r.status,
    headers: {},
    body: r.body.text ? JSON.parse(r.body.text) : '',
    bodyIsJson: !!r.body.text,
    durationMs: 5,
  });
}

const CELLS: Array<[string, string]> = [
  ['no expect', 'name: party\nGET: /counterparty-management/counterparties/cp-000123\n'],
  [
    'comments and odd spacing',
    '# fetch one\nname: party   # the name\nGET:    /x   # url\n\nquery: { a: 1 }  # q\n# end\n',
  ],
  ['no final newline', 'GET: /x'],
  [
    'CRLF and an expect to replace',
    'GET: /x\r\nexpect:\r\n  status: 500 # old\r\n  body:\r\n    $.a: 1\r\n# after\r\nquery: { a: 1 }\r\n',
  ],
  ['flow expect in the middle', 'GET: /x\nexpect: { status: 201 }   # keep me\nheaders: { a: b }\n'],
  ['four-space indentation', 'POST: /x\nbody:\n    name: Jane\n    type: person\n'],
  ['empty expect', 'GET: /x\nexpect:\nquery: { a: 1 }\n'],
  ['unicode', '# Ünïcødé ✓\nGET: /x/ü\n'],
];

describe('pin response as expectation', () => {
  for (const mode of ['values', 'types'] as PinMode[]) {
    for (const [what, cell] of CELLS) {
      it(`${mode}: ${what} — the pinned cell passes against the same response, the rest is byte-exact`, () => {
        const r = response(PARTY, 200);
        const pinned = expectFromResponse(r, mode, new VolatileRule());
        const written = writeExpect(cell, pinned.value);
        assert.ok(written.ok, !written.ok ? written.message : '');
        const { splice, cellText } = written;
        assert.equal(cellText.slice(0, splice.start), cell.slice(0, splice.start));
        assert.equal(cellText.slice(splice.start + splice.text.length), cell.slice(splice.end));
        const results = checkAgainst(cellText, r);
        assert.ok(results.length > 5);
        assert.deepEqual(
          results.filter((a) => !a.passed).map((a) => a.message),
          [],
        );
        if (cell.includes('\r\n')) assert.ok(!/[^\r]\n/.test(splice.text), 'CRLF cells get CRLF lines');
        // Only the expect pair is replaced: comments and keys around it are still there.
        for (const kept of ['# keep me', '# after', 'query: { a: 1 }', '# the name', '# end'])
          if (cell.includes(kept)) assert.ok(cellText.includes(kept), kept);
        assert.equal(written.replaced, /^expect:/m.test(cell));
      });
    }
  }

  it('values mode: values where they are stable, types for volatile, templated, long or nested fields', () => {
    const pinned = expectFromResponse(response(PARTY, 201), 'values', new VolatileRule());
    const body = pinned.value.body!;
    assert.equal(pinned.value.status, 201);
    assert.equal(body['$.name'], 'Jane Doe');
    assert.equal(body['$.age'], 41);
    assert.equal(body['$.nickname'], null);
    assert.equal(body['$.zip'], '1015');
    assert.deepEqual(body['$.tags'], ['vip', 'onboarding']);
    assert.deepEqual(body['$.scores.risk'], 12);
    assert.deepEqual(body['$.scores.kyc-level'], 3);
    assert.deepEqual(body['$["odd key"]'], 'x');
    for (const [path, type] of [
      ['$.referenceId', 'string'],
      ['$.createdAt', 'string'],
      ['$.location', 'string'],
      ['$.template', 'string'],
      ['$.long', 'string'],
      ['$.manyTags', 'array'],
      ['$.addresses', 'array'],
      ['$.scores.nested', 'object'],
      ['$.empty', 'object'],
    ])
      assert.deepEqual(body[path], new TypeCheck(type as never), path);
  });

  it('types mode: every field by its type; a configured volatile path is typed in values mode too', () => {
    const rule = new VolatileRule([(parseVolatilePattern('$.name') as { ok: true; pattern: never }).pattern]);
    const values = expectFromResponse(response(PARTY), 'values', rule).value.body!;
    assert.deepEqual(values['$.name'], new TypeCheck('string'));
    const types = expectFromResponse(response(PARTY), 'types', new VolatileRule()).value.body!;
    assert.ok(Object.values(types).every((v) => v instanceof TypeCheck));
  });

  it('bodies that are not JSON objects: arrays, scalars, empty, text, too large', () => {
    assert.deepEqual(expectFromResponse(response([{ a: 1 }]), 'values', new VolatileRule()).value.body, {
      $: new TypeCheck('array'),
    });
    assert.deepEqual(expectFromResponse(response([1, 2]), 'values', new VolatileRule()).value.body, { $: [1, 2] });
    assert.deepEqual(expectFromResponse(response(42), 'values', new VolatileRule()).value.body, { $: 42 });
    assert.deepEqual(expectFromResponse(response(undefined, 204), 'values', new VolatileRule()).value, { status: 204 });
    const text = response(PARTY);
    text.body = { ...text.body, view: 'text', text: 'hello' };
    const pinnedText = expectFromResponse(text, 'values', new VolatileRule());
    assert.deepEqual(pinnedText.value, { status: 200 });
    assert.match(pinnedText.notes[0], /not JSON/);
    const big = response(PARTY);
    big.body = { ...big.body, truncated: true };
    assert.match(expectFromResponse(big, 'values', new VolatileRule()).notes[0], /too large/);
  });

  it('round trip over bodies of every shape, in both modes', () => {
    const bodies: unknown[] = [
      [{ a: 1 }],
      [1, 'two', null],
      42,
      'text',
      true,
      null,
      {},
      { a: { b: { c: [] } } },
      undefined,
    ];
    for (const mode of ['values', 'types'] as PinMode[])
      for (const body of bodies) {
        const r = response(body, 200);
        const written = writeExpect('GET: /x\n', expectFromResponse(r, mode, new VolatileRule()).value);
        assert.ok(written.ok);
        const failed = checkAgainst(written.cellText, r).filter((a) => !a.passed);
        assert.deepEqual(failed, [], `${mode} ${JSON.stringify(body)}:\n${written.cellText}`);
      }
  });

  it('at most 40 fields, and it says so', () => {
    const wide = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}`, i]));
    const pinned = expectFromResponse(response(wide), 'values', new VolatileRule());
    assert.equal(Object.keys(pinned.value.body!).length, 40);
    assert.match(pinned.notes[0], /60 fields/);
  });

  it('refuses a cell that is not valid YAML or not a mapping, and changes nothing', () => {
    for (const cell of ['GET: [unclosed', '- a list', ''])
      assert.equal(writeExpect(cell, { status: 200 }).ok, false, JSON.stringify(cell));
  });

  it('in a notebook file, only the pinned cell changes: every other byte stays', () => {
    const notebook = {
      environment: 'sandbox',
      cells: [
        { kind: 'markdown' as const, text: '# Title\n\nSome *text*.\n' },
        { kind: 'request' as const, text: '# first\nGET: /a\n' },
        { kind: 'request' as const, text: 'name: party   # keep\nGET: /b\nexpect: { status: 500 }\n' },
        { kind: 'request' as const, text: 'GET: /c\t\nquery:  { x: 1 }  \n' },
      ],
    };
    const before = serializeNotebookFile(notebook);
    const written = writeExpect(
      notebook.cells[2].text,
      expectFromResponse(response(PARTY), 'values', new VolatileRule()).value,
    );
    assert.ok(written.ok);
    const after = serializeNotebookFile({
      ...notebook,
      cells: notebook.cells.map((c, i) => (i === 2 ? { ...c, text: written.cellText } : c)),
    });
    const at = before.indexOf('name: party');
    assert.equal(after.slice(0, at), before.slice(0, at));
    const tail = before.slice(before.indexOf('  - request: |\n      GET: /c'));
    assert.ok(after.endsWith(tail));
    const reread = parseNotebookFile(after);
    assert.ok(reread.ok);
    assert.equal(reread.notebook.cells[2].text, written.cellText);
    assert.equal(reread.notebook.cells[3].text, notebook.cells[3].text);
  });
});

describe('where an assertion is written', () => {
  const cell = [
    'GET: /x',
    'expect:',
    '  status: 200',
    '  headers:',
    '    Content-Type: { matches: json }',
    '  body:',
    '    $.items[0].name: Jane',
    '    $["odd key"]: 1',
    '  duration: 2s',
    '',
  ].join('\n');
  const table: Array<[string, string | undefined]> = [
    ['status', 'status'],
    ['duration', 'duration'],
    ['header content-type', 'Content-Type'],
    ['body $.items[0].name', '$.items[0].name'],
    ['body $["odd key"]', '$["odd key"]'],
    ['body $.missing', 'body'],
    ['header x-other', 'headers'],
    ['expect body', 'body'],
    ['something else', 'expect'],
  ];
  for (const [target, key] of table)
    it(`${target} → the "${key}" key`, () => {
      const at = expectLocation(cell, target);
      assert.ok(at);
      assert.equal(cell.slice(at.start, at.end), key);
    });

  it('nothing for a cell without expect or that is not YAML', () => {
    assert.equal(expectLocation('GET: /x\n', 'status'), undefined);
    assert.equal(expectLocation('GET: [', 'status'), undefined);
  });
});
