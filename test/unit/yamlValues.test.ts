import assert from 'node:assert/strict';
import { parseRequestCell } from '../../src/core/request/cell';
import { MAX_ALIAS_COUNT } from '../../src/core/yaml/yamlValues';

/** Nine lines where each list holds nine aliases of the one before: 9^9 (387 million) strings if expanded. */
function aliasBomb(indent = ''): string {
  const lines = [`${indent}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  for (let i = 1; i < 9; i++) {
    const [name, prev] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
    lines.push(`${indent}${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return lines.join('\n');
}

type Expected =
  { body?: unknown; expect?: unknown } | { problems: Array<[code: string, line: number, column: number]> };

// YAML aliases and tags in body, lines and expect were silently changed (issue 11, item 7): an alias was
// sent as {"source": "x"}, !!binary as a Buffer dump, an unknown tag dropped. Now they resolve or are refused.
describe('YAML aliases and tags in request cells', () => {
  const table: Array<[string, string, Expected, RegExp?]> = [
    [
      'an alias in a body resolves to its anchor',
      'POST: /a\nbody: {a: &x hello, b: *x}',
      { body: { kind: 'json', value: { a: 'hello', b: 'hello' } } },
    ],
    [
      'an anchor elsewhere in the cell, used in the body',
      'POST: /a\nheaders: { X-Tenant: &t demo-bank }\nbody:\n  tenant: *t\n  copy: *t',
      { body: { kind: 'json', value: { tenant: 'demo-bank', copy: 'demo-bank' } } },
    ],
    [
      'a merge key applies the mapping it names',
      'POST: /a\nbody:\n  base: &base { type: person, country: NL }\n  party: { <<: *base, name: Jane }',
      {
        body: {
          kind: 'json',
          value: { base: { type: 'person', country: 'NL' }, party: { type: 'person', country: 'NL', name: 'Jane' } },
        },
      },
    ],
    [
      'aliases in lines',
      'POST: /a\nlines:\n  - &row { a: 1 }\n  - *row',
      {
        body: {
          kind: 'jsonl',
          lines: [{ a: 1 }, { a: 1 }],
        },
      },
    ],
    [
      'aliases in expect',
      'POST: /a\nexpect:\n  status: &s 201\n  body:\n    $.status: *s',
      { expect: { status: 201, body: { '$.status': 201 } } },
    ],
    ['a plain tag says what the value already is', 'POST: /a\nbody: !!str 12', { body: { kind: 'text', text: '12' } }],
    [
      '!!binary is refused at the tag',
      'POST: /a\nbody: !!binary aGVsbG8=',
      { problems: [['yaml-tag', 2, 7]] },
      /The YAML tag !!binary is not supported.*or use bodyFile: for binary data/,
    ],
    [
      'an unknown tag is refused, not dropped',
      'POST: /a\nbody:\n  kind: !party person',
      { problems: [['yaml-tag', 3, 9]] },
      /The YAML tag !party is not supported/,
    ],
    [
      '!!timestamp, !!set and verbatim tags are refused',
      'POST: /a\nbody:\n  at: !!timestamp 2020-01-01\n  set: !!set { a, b }\n  v: !<tag:example.com,2025:x> 1',
      {
        problems: [
          ['yaml-tag', 3, 7],
          ['yaml-tag', 4, 8],
          ['yaml-tag', 5, 6],
        ],
      },
    ],
    [
      'an alias without an anchor',
      'POST: /a\nbody: { a: *nowhere }',
      { problems: [['yaml-alias', 2, 12]] },
      /No anchor &nowhere before this alias/,
    ],
    [
      'an alias inside the value it names',
      'POST: /a\nbody: &loop [1, *loop]',
      { problems: [['yaml-alias', 2, 17]] },
      /inside the value it names/,
    ],
    [
      'an alias outside body, lines and expect',
      'POST: /a\nheaders: { X-A: &h v, X-B: *h }',
      { problems: [['yaml-alias', 2, 28]] },
      /resolved only in body, lines and expect: write the value of "headers" here/,
    ],
    [
      'an alias bomb is refused with a position, never expanded',
      `POST: /a\nbody:\n${aliasBomb('  ')}`,
      { problems: [['yaml-alias', 3, 3]] },
      new RegExp(`expands its aliases more than ${MAX_ALIAS_COUNT} times`),
    ],
  ];
  for (const [what, text, expected, message] of table) {
    it(what, () => {
      const parsed = parseRequestCell(text);
      const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
      if ('problems' in expected) {
        assert.equal(parsed.cell, undefined, 'a refused cell sends nothing');
        assert.deepEqual(
          errors.map((d) => [d.code, d.line, d.column]),
          expected.problems,
        );
        if (message) assert.match(errors.map((d) => d.message).join('\n'), message);
        return;
      }
      assert.deepEqual(errors, []);
      if ('body' in expected) assert.deepEqual(parsed.cell?.body, expected.body);
      if ('expect' in expected) assert.deepEqual(parsed.cell?.expect, expected.expect);
    });
  }

  it('a template inside an anchored value is found once and used wherever the alias is', () => {
    const parsed = parseRequestCell('POST: /a\nbody: { id: &id "{{$uuid}}", again: *id }');
    assert.deepEqual(
      parsed.cell?.templates.map((t) => t.expr),
      ['$uuid'],
    );
    assert.deepEqual(parsed.cell?.body, { kind: 'json', value: { id: '{{$uuid}}', again: '{{$uuid}}' } });
  });
});
