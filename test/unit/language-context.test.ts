import assert from 'node:assert/strict';
import { cursorContext, type CursorContext } from '../../src/core/language/context';
import { cellLines, keyPath } from '../../src/core/language/cellLines';

/** `‸` marks the cursor. */
function at(marked: string): CursorContext {
  const offset = marked.indexOf('‸');
  assert.ok(offset >= 0, 'test text needs a ‸ cursor');
  return cursorContext(marked.replace('‸', ''), offset);
}

type Expected = Partial<Record<string, unknown>> & { kind: CursorContext['kind'] };

describe('language context', () => {
  const cases: Array<[string, string, Expected]> = [
    ['empty cell', '‸', { kind: 'key', prefix: '', present: [], hasColon: false }],
    ['typing a top-level key', 'GET: /x\nap‸', { kind: 'key', prefix: 'ap', present: ['GET'] }],
    ['key being renamed keeps its colon', 'GET: /x\nna‸me: party', { kind: 'key', prefix: 'na', hasColon: true }],
    ['method URL', 'POST: /counter‸', { kind: 'url', method: 'POST', prefix: '/counter' }],
    ['method URL with nothing yet', 'GET: ‸', { kind: 'url', method: 'GET', prefix: '' }],
    ['quoted URL', 'GET: "/coll‸"', { kind: 'url', prefix: '/coll' }],
    ['URL before a comment', 'GET: /a‸ # list', { kind: 'url', prefix: '/a' }],
    ['in a trailing comment', 'GET: /a # li‸st', { kind: 'none', reason: 'comment' }],
    ['in a comment line', '# GET‸', { kind: 'none', reason: 'comment' }],
    ['apiVersion value', 'GET: /x\napiVersion: 2025‸', { kind: 'value', key: 'apiVersion', prefix: '2025' }],
    ['auth value', 'GET: /x\nauth: ‸', { kind: 'value', key: 'auth', prefix: '' }],
    ['header name under headers', 'GET: /x\nheaders:\n  X-Re‸', { kind: 'headerName', prefix: 'X-Re', present: [] }],
    [
      'header name lists siblings',
      'GET: /x\nheaders:\n  Accept: a\n  ‸\n  If-Match: b',
      { kind: 'headerName', prefix: '', present: ['Accept', 'If-Match'] },
    ],
    [
      'header value',
      'GET: /x\nheaders:\n  Content-Type: application/j‸',
      { kind: 'headerValue', header: 'Content-Type', prefix: 'application/j' },
    ],
    [
      'header value in quotes',
      'GET: /x\nheaders:\n  Accept: "app‸"',
      { kind: 'headerValue', header: 'Accept', prefix: 'app' },
    ],
    [
      'flow header name',
      'GET: /x\nheaders: { Accept: a, X-‸ }',
      { kind: 'headerName', prefix: 'X-', present: ['Accept'] },
    ],
    [
      'flow header value',
      'GET: /x\nheaders: { Content-Type: appl‸ }',
      { kind: 'headerValue', header: 'Content-Type', prefix: 'appl' },
    ],
    ['expect key', 'GET: /x\nexpect:\n  st‸', { kind: 'expectKey', prefix: 'st', present: [] }],
    [
      'expect key in flow',
      'GET: /x\nexpect: { status: 200, b‸ }',
      { kind: 'expectKey', prefix: 'b', present: ['status'] },
    ],
    ['expect body path', 'GET: /x\nexpect:\n  body:\n    $.na‸', { kind: 'expectPath', prefix: '$.na' }],
    [
      'operator under a body path',
      'GET: /x\nexpect:\n  body:\n    $.name:\n      ty‸',
      { kind: 'operator', target: 'body', prefix: 'ty' },
    ],
    [
      'operator in a flow mapping',
      'GET: /x\nexpect:\n  body:\n    $.name: { type: string, ex‸ }',
      { kind: 'operator', target: 'body', prefix: 'ex', present: ['type'] },
    ],
    [
      'operator value in a flow mapping',
      'GET: /x\nexpect:\n  body:\n    $.name: { type: str‸ }',
      { kind: 'operatorValue', operator: 'type', prefix: 'str' },
    ],
    [
      'operator value on its own line',
      'GET: /x\nexpect:\n  body:\n    $.name:\n      type: ‸',
      { kind: 'operatorValue', operator: 'type', prefix: '' },
    ],
    ['status operators', 'GET: /x\nexpect:\n  status:\n    ‸', { kind: 'operator', target: 'status', prefix: '' }],
    [
      'nested flow in expect',
      'GET: /x\nexpect: { body: { $.a: { ty‸ } } }',
      { kind: 'operator', target: 'body', prefix: 'ty' },
    ],
    ['expect header name', 'GET: /x\nexpect:\n  headers:\n    loc‸', { kind: 'expectHeader', prefix: 'loc' }],
    ['template at its start', 'GET: /x/{{‸', { kind: 'template', expr: '', closed: false }],
    ['template with a partial name', 'GET: /x/{{ par‸}}', { kind: 'template', expr: 'par', closed: true, start: 11 }],
    [
      'template in a quoted header value',
      'GET: /x\nheaders:\n  X-Request-Id: "{{$u‸"',
      { kind: 'template', expr: '$u', closed: false },
    ],
    [
      'template after a closed one',
      'GET: /{{a}}/{{party.body.‸}}',
      { kind: 'template', expr: 'party.body.', closed: true },
    ],
    ['closed template is not open', 'GET: /{{a}}‸', { kind: 'url', prefix: '/{{a}}' }],
    ['template inside a block scalar', 'POST: /x\nbody: |\n  hello {{na‸', { kind: 'template', expr: 'na' }],
    ['plain text inside a block scalar', 'POST: /x\nbody: |\n  GET‸', { kind: 'none', reason: 'block-scalar' }],
    ['key after a block scalar ends', 'POST: /x\nbody: |\n  text\nexp‸', { kind: 'key', prefix: 'exp' }],
    ['template in a comment is ignored', 'GET: /x # {{a‸', { kind: 'none', reason: 'comment' }],
    ['CRLF line endings', 'GET: /x\r\nheaders:\r\n  Acc‸\r\n', { kind: 'headerName', prefix: 'Acc' }],
    ['blank line indented under headers', 'GET: /x\nheaders:\n  Accept: a\n  ‸', { kind: 'headerName', prefix: '' }],
    ['blank line back at the top level', 'GET: /x\nheaders:\n  Accept: a\n‸', { kind: 'key', prefix: '' }],
    [
      'apostrophe in a plain value does not hide the comment',
      "POST: /x\nname: Jane's # a‸",
      { kind: 'none', reason: 'comment' },
    ],
  ];
  for (const [title, text, expected] of cases) {
    it(title, () => {
      const got = at(text) as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(got[k], v, `${k} of ${JSON.stringify(got)}`);
    });
  }

  it('spans cover the whole word under the cursor', () => {
    const text = 'GET: /x\nheaders:\n  Content-Type: application/json # c';
    const ctx = cursorContext(text, text.indexOf('/json'));
    assert.equal(ctx.kind, 'headerValue');
    assert.equal(text.slice(ctx.start, ctx.end), 'application/json');
    const key = cursorContext(text, text.indexOf('Type'));
    assert.equal(text.slice(key.start, key.end), 'Content-Type');
  });

  it('reads key paths and block scalars line by line', () => {
    const text = 'expect:\n  body:\n    $.a: 1\nbody: |-\n  x: 1\n   y\n\nname: a';
    const lines = cellLines(text);
    assert.deepEqual(keyPath(lines, lines[2]), ['expect', 'body']);
    assert.deepEqual(
      lines.map((l) => l.inBlockScalar),
      [false, false, false, false, true, true, true, false],
    );
    assert.equal(lines[7].key, 'name');
    assert.equal(lines[7].parent, undefined);
  });
});
