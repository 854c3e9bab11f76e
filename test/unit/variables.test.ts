import assert from 'node:assert/strict';
import {
  evaluateTemplates,
  findTemplates,
  parseExpression,
  substituteString,
  substituteValue,
  type NamedResponse,
  type VariableScope,
} from '../../src/core/request/variables';

const party: NamedResponse = {
  status: 201,
  headers: { location: '/counterparty-management/counterparties/abc', 'content-type': 'application/json' },
  body: { referenceId: 'abc', amount: 12.5, items: [{ name: 'first' }, { name: 'second' }], 'odd key': true },
  bodyIsJson: true,
};
const scope: VariableScope = {
  environmentName: 'uat-eu',
  variables: { partyId: 'p-1', limit: '50' },
  responses: new Map([
    ['party', party],
    ['plain', { status: 200, headers: {}, body: 'hello', bodyIsJson: false }],
  ]),
  now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
  uuid: () => '00000000-0000-4000-8000-000000000000',
};

function evaluate(expr: string) {
  const text = `GET: /x/{{${expr}}}`;
  return evaluateTemplates(text, findTemplates(text), scope);
}

describe('variables', () => {
  const ok: Array<[string, unknown]> = [
    ['partyId', 'p-1'],
    ['party.status', 201],
    ['party.headers.location', '/counterparty-management/counterparties/abc'],
    ['party.headers.Content-Type', 'application/json'],
    ['party.body.referenceId', 'abc'],
    ['party.body.amount', 12.5],
    ['party.body.items[1].name', 'second'],
    ['party.body.items[-1].name', 'second'],
    ['party.body["odd key"]', true],
    ['plain.body', 'hello'],
    ['$uuid', '00000000-0000-4000-8000-000000000000'],
    ['$timestamp', Math.floor(Date.UTC(2026, 0, 2, 3, 4, 5) / 1000)],
    ['$isoDate', '2026-01-02T03:04:05.000Z'],
  ];
  for (const [expr, value] of ok) {
    it(`resolves {{${expr}}}`, () => {
      const r = evaluate(expr);
      assert.deepEqual(r.diagnostics, []);
      assert.deepEqual(r.values.get(expr), value);
    });
  }

  const bad: Array<[string, string, RegExp]> = [
    ['partyid', 'variable-unknown', /Unknown variable "partyid"; did you mean "partyId"\?.*environment "uat-eu"/],
    ['nobody', 'variable-unknown', /Unknown variable "nobody"/],
    ['loan.body.id', 'response-unknown', /No response named "loan" yet.*name: loan/],
    ['party.body.missing', 'response-path-missing', /no body\.missing/],
    ['party.body.items[5].name', 'response-path-missing', /nothing at \$\.items\[5\]/],
    ['party.headers.x-nope', 'response-header-missing', /no header "x-nope"; it has: location, content-type/],
    ['plain.body.a', 'response-body-not-json', /no JSON body/],
    ['party.foo', 'template-syntax', /\.status, \.headers/],
    ['$uid', 'template-syntax', /did you mean "\$uuid"/],
    ['party', 'variable-is-response', /is a response/],
    ['', 'template-syntax', /Empty/],
    ['party.body.items[', 'template-syntax', /In "party\.body\.items\["/],
  ];
  for (const [expr, code, message] of bad) {
    it(`rejects {{${expr}}} (${code}) with its position`, () => {
      const r = evaluate(expr);
      assert.equal(r.diagnostics.length, 1);
      const d = r.diagnostics[0];
      assert.equal(d.code, code);
      assert.match(d.message, message);
      assert.equal(d.line, 1);
      assert.equal(d.column, 9);
      assert.equal(d.endOffset - d.offset, expr.length + 4);
    });
  }

  it('keeps one $uuid per cell run and substitutes typed values for whole-template strings', () => {
    const text = '{{$uuid}} {{$uuid}} {{party.body.amount}} {{party.body.items}}';
    let n = 0;
    const r = evaluateTemplates(text, findTemplates(text), { ...scope, uuid: () => `u${++n}` });
    assert.equal(n, 1);
    assert.equal(substituteString('{{$uuid}}/{{ $uuid }}', r.values), 'u1/u1');
    assert.deepEqual(
      substituteValue(
        { a: '{{party.body.amount}}', b: 'x {{party.body.amount}}', c: ['{{party.body.items}}'] },
        r.values,
      ),
      {
        a: 12.5,
        b: 'x 12.5',
        c: [[{ name: 'first' }, { name: 'second' }]],
      },
    );
  });

  it('leaves unknown templates untouched in substitution', () => {
    assert.equal(substituteString('a {{zzz}} b', new Map()), 'a {{zzz}} b');
  });

  it('parses expressions into their parts', () => {
    assert.deepEqual(parseExpression('p.body.a[0]'), {
      ok: true,
      expression: { kind: 'response', name: 'p', part: 'body', path: ['a', 0] },
    });
    assert.deepEqual(parseExpression('p.headers.Location'), {
      ok: true,
      expression: { kind: 'response', name: 'p', part: 'headers', header: 'location' },
    });
    assert.deepEqual(parseExpression('my-var'), { ok: true, expression: { kind: 'variable', name: 'my-var' } });
  });
});
