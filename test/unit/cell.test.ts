import assert from 'node:assert/strict';
import { cellNameOf, parseDuration, parseRequestCell } from '../../src/core/request/cell';

describe('request cell parsing', () => {
  it('reads every documented key', () => {
    const text = [
      'name: party',
      'POST: /counterparty-management/counterparties',
      'apiVersion: 2025.1.0',
      'query: { limit: 50, offset: 0, tag: [a, b] }',
      'headers: { X-Request-Id: "{{$uuid}}" }',
      'body:',
      '  name: Jane Doe',
      '  amount: 12.5',
      'auth: none',
      'timeout: 30s',
      'expect:',
      '  status: 201',
      '  body:',
      '    $.name: Jane Doe',
      '    $.referenceId: { type: string }',
    ].join('\n');
    const { cell, diagnostics } = parseRequestCell(text);
    assert.deepEqual(diagnostics, []);
    assert.ok(cell);
    assert.equal(cell.name, 'party');
    assert.equal(cell.method, 'POST');
    assert.equal(cell.url, '/counterparty-management/counterparties');
    assert.equal(cell.apiVersion, '2025.1.0');
    assert.deepEqual(cell.query, [
      ['limit', '50'],
      ['offset', '0'],
      ['tag', 'a'],
      ['tag', 'b'],
    ]);
    assert.deepEqual(cell.headers, [['X-Request-Id', '{{$uuid}}']]);
    assert.deepEqual(cell.body, { kind: 'json', value: { name: 'Jane Doe', amount: 12.5 } });
    assert.equal(cell.auth, 'none');
    assert.equal(cell.timeoutMs, 30_000);
    assert.deepEqual(
      cell.templates.map((t) => [t.expr, text.slice(t.offset, t.offset + t.length)]),
      [['$uuid', '{{$uuid}}']],
    );
    assert.equal(text.slice(cell.methodRange[0], cell.methodRange[1]), 'POST');
    assert.equal(text.slice(cell.urlRange[0], cell.urlRange[1]), '/counterparty-management/counterparties');
  });

  it('reads text bodies, jsonl lines and body files', () => {
    assert.deepEqual(parseRequestCell('POST: /x\nbody: "a,b\\n"').cell?.body, { kind: 'text', text: 'a,b\n' });
    assert.deepEqual(parseRequestCell('POST: /x\nlines:\n  - { a: 1 }\n  - { a: 2 }').cell?.body, {
      kind: 'jsonl',
      lines: [{ a: 1 }, { a: 2 }],
    });
    assert.deepEqual(parseRequestCell('POST: /x\nbodyFile: data/p.jsonl').cell?.body, {
      kind: 'file',
      path: 'data/p.jsonl',
    });
  });

  it('finds templates in keys and values, not in comments, with exact offsets', () => {
    const text = 'GET: /c/{{party.body.referenceId}}  # {{notThis}}\nheaders:\n  "{{hname}}": "x {{ v }} y"\n';
    const { cell } = parseRequestCell(text);
    assert.ok(cell);
    const found = cell.templates.map((t) => ({ expr: t.expr, src: text.slice(t.offset, t.offset + t.length) }));
    assert.deepEqual(found, [
      { expr: 'party.body.referenceId', src: '{{party.body.referenceId}}' },
      { expr: 'hname', src: '{{hname}}' },
      { expr: 'v', src: '{{ v }}' },
    ]);
  });

  const cases: Array<{
    what: string;
    text: string;
    code: string;
    line: number;
    column?: number;
    message: RegExp;
    fix?: string;
  }> = [
    {
      what: 'two method keys, naming both lines',
      text: 'GET: /a\nname: x\nPOST: /b',
      code: 'two-methods',
      line: 3,
      column: 1,
      message: /GET on line 1 and POST on line 3/,
    },
    {
      what: 'no method key',
      text: 'name: x\nquery: { a: 1 }',
      code: 'no-method',
      line: 1,
      message: /add one method key/,
    },
    { what: 'empty cell', text: '', code: 'no-method', line: 1, message: /empty/ },
    {
      what: 'unknown key with suggestion',
      text: 'GET: /a\nheadrs: { a: b }',
      code: 'unknown-key',
      line: 2,
      column: 1,
      message: /did you mean "headers"/,
      fix: 'headers',
    },
    {
      what: 'lower-case method',
      text: 'get: /a',
      code: 'unknown-key',
      line: 1,
      message: /did you mean "GET"/,
      fix: 'GET',
    },
    {
      what: 'bad apiVersion',
      text: 'GET: /a\napiVersion: 2025-01',
      code: 'api-version',
      line: 2,
      column: 13,
      message: /2025\.1\.0/,
    },
    {
      what: 'URL without slash',
      text: 'GET: counterparties',
      code: 'url',
      line: 1,
      column: 6,
      message: /must start with "\/"/,
    },
    { what: 'method without URL', text: 'GET:', code: 'url', line: 1, message: /needs a URL/ },
    { what: 'two bodies', text: 'POST: /a\nbody: {}\nlines: []', code: 'two-bodies', line: 3, message: /only one of/ },
    {
      what: 'headers not a mapping',
      text: 'GET: /a\nheaders: [a]',
      code: 'headers',
      line: 2,
      column: 10,
      message: /mapping/,
    },
    {
      what: 'bad header name',
      text: 'GET: /a\nheaders:\n  "bad name": x',
      code: 'header-name',
      line: 3,
      message: /not a valid header name/,
    },
    {
      what: 'header value object',
      text: 'GET: /a\nheaders:\n  a: { b: c }',
      code: 'headers',
      line: 3,
      message: /must be a text/,
    },
    { what: 'timeout without unit', text: 'GET: /a\ntimeout: 30', code: 'timeout', line: 2, message: /with a unit/ },
    { what: 'bad auth', text: 'GET: /a\nauth: token', code: 'auth', line: 2, message: /"environment"/ },
    { what: 'bad name', text: 'GET: /a\nname: my party', code: 'name', line: 2, message: /word of letters/ },
    {
      what: 'duplicate key',
      text: 'GET: /a\nname: a\nname: b',
      code: 'duplicate-key',
      line: 3,
      message: /appears twice \(lines 2 and 3\)/,
    },
    { what: 'not a mapping', text: '- GET: /a', code: 'cell-not-mapping', line: 1, message: /YAML mapping/ },
    { what: 'YAML error', text: 'GET: /a\nbody: { a: 1', code: 'yaml-bad-indent', line: 2, column: 7, message: /YAML/ },
    {
      what: 'unclosed template',
      text: 'GET: /a/{{x',
      code: 'template-unclosed',
      line: 1,
      column: 9,
      message: /not closed/,
    },
    {
      what: 'absolute body file',
      text: 'POST: /a\nbodyFile: /etc/passwd',
      code: 'body-file',
      line: 2,
      message: /relative/,
    },
    { what: 'lines not a list', text: 'POST: /a\nlines: { a: 1 }', code: 'lines', line: 2, message: /YAML list/ },
    {
      what: 'an unquoted template value',
      text: 'POST: /a\nbody:\n  id: {{party.body.id}}',
      code: 'template-unquoted',
      line: 3,
      column: 7,
      message: /quote it/,
      fix: '"{{party.body.id}}"',
    },
    {
      what: 'misspelt expect operator',
      text: 'GET: /a\nexpect:\n  body:\n    $.a: { tpye: string }',
      code: 'expect',
      line: 4,
      message: /type/,
    },
  ];
  for (const c of cases) {
    it(`reports ${c.what}`, () => {
      const { cell, diagnostics } = parseRequestCell(c.text);
      const d = diagnostics.find((x) => x.code === c.code);
      assert.ok(d, `expected ${c.code}, got ${JSON.stringify(diagnostics.map((x) => [x.code, x.message]))}`);
      assert.match(d.message, c.message);
      assert.equal(d.line, c.line, `line of ${d.message}`);
      if (c.column !== undefined) assert.equal(d.column, c.column, `column of ${d.message}`);
      if (c.fix) assert.equal(d.fix?.replacement, c.fix);
      if (d.severity === 'error') assert.equal(cell, undefined);
    });
  }

  it('warns about an Authorization header but still parses', () => {
    const { cell, diagnostics } = parseRequestCell('GET: /a\nheaders:\n  Authorization: Bearer x');
    assert.ok(cell);
    assert.equal(diagnostics[0].code, 'authorization-header');
    assert.equal(diagnostics[0].severity, 'warning');
  });

  it('counts CRLF lines correctly', () => {
    const { diagnostics } = parseRequestCell('GET: /a\r\nname: a\r\nPOST: /b\r\n');
    assert.equal(diagnostics[0].line, 3);
    assert.equal(diagnostics[0].column, 1);
  });

  it('never throws on odd input', () => {
    for (const t of [
      '{',
      '[[[',
      '---\n---',
      ': :',
      '\t\tGET: /a',
      '&a [*a]',
      'GET: !!binary aGVsbG8=',
      '? [a]\n: b',
      'GET: /a\nbody: *x',
      '\u0000',
    ]) {
      const r = parseRequestCell(t);
      assert.ok(r.cell || r.diagnostics.length > 0, t);
    }
  });

  it('parses durations', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration('11m'), undefined);
    assert.equal(parseDuration('0ms'), undefined);
    assert.equal(parseDuration('5'), undefined);
  });

  it('reads a cell name leniently', () => {
    assert.equal(cellNameOf('GET: /a\nname: party\nbroken: [\n'), 'party');
    assert.equal(cellNameOf('GET: /a'), undefined);
  });
});
