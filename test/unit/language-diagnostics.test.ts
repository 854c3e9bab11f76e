import assert from 'node:assert/strict';
import type { Environment } from '../../src/core/environments/environment';
import { cellDiagnostics } from '../../src/core/language/diagnostics';
import type { CellDiagnostic } from '../../src/core/language/languageTypes';
import type { CellScope } from '../../src/core/language/languageTypes';
import type { NamedResponse } from '../../src/core/request/variables';

const environment: Environment = {
  name: 'uat-eu',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'bank',
  labelReferenceId: 'label',
  apiVersion: '2025.1.0',
  variables: { partyId: 'p-1', limit: '50' },
  protected: false,
};
const party: NamedResponse = {
  status: 201,
  headers: { location: '/x' },
  body: { referenceId: 'abc', items: [] },
  bodyIsJson: true,
};
const scope: CellScope = {
  environment,
  earlierNames: new Set(['party', 'loan']),
  laterNames: new Set(['later']),
  responses: new Map([['party', party]]),
};

function check(text: string, s: CellScope = scope): CellDiagnostic[] {
  return cellDiagnostics(text, s);
}
/** Applies a fix's edits (last first, so offsets stay valid). */
function applyFix(text: string, d: CellDiagnostic): string {
  assert.ok(d.fixes.length > 0, `no fix for ${d.code}`);
  return [...d.fixes[0].edits]
    .sort((a, b) => b.start - a.start)
    .reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

describe('language diagnostics', () => {
  const cases: Array<{
    title: string;
    text: string;
    code?: string;
    severity?: 'error' | 'warning';
    at?: string;
    message?: RegExp;
    none?: boolean;
  }> = [
    {
      title: 'a clean cell',
      text: 'name: next\nGET: /x/{{partyId}}/{{party.body.referenceId}}?t={{$timestamp}}\nheaders:\n  X-Request-Id: "{{$uuid}}"',
      none: true,
    },
    { title: 'names that exist earlier but have not run', text: 'GET: /x/{{loan.body.id}}', none: true },
    { title: 'templates in comments are ignored', text: 'GET: /x # {{nothing}}', none: true },
    {
      title: 'unknown key, from the core parser',
      text: 'GET: /x\nheader:\n  A: b',
      code: 'unknown-key',
      at: 'header',
      message: /did you mean "headers"/,
    },
    { title: 'two method keys', text: 'GET: /x\nPOST: /y', code: 'two-methods', at: 'POST' },
    { title: 'bad apiVersion format', text: 'GET: /x\napiVersion: 2025.1', code: 'api-version', at: '2025.1' },
    { title: 'YAML errors', text: 'GET: /x\nbody: "open', code: 'yaml-missing-char', severity: 'error' },
    {
      title: 'unknown variable',
      text: 'GET: /x/{{partyid}}',
      code: 'variable-unknown',
      at: '{{partyid}}',
      message: /Unknown variable "partyid"; did you mean "partyId"\?.*environment "uat-eu"/,
    },
    {
      title: 'unknown variable even when the YAML is broken',
      text: 'GET: /x/{{nope}}\nbody: [',
      code: 'variable-unknown',
      at: '{{nope}}',
    },
    {
      title: 'a response used as a variable',
      text: 'GET: /x/{{party}}',
      code: 'variable-is-response',
      message: /is a response/,
    },
    {
      title: 'a response no earlier cell names',
      text: 'GET: /x/{{lona.body.id}}',
      code: 'response-unnamed',
      at: '{{lona.body.id}}',
      message: /No earlier cell is named "lona"; did you mean "loan"\?/,
    },
    {
      title: 'a response named by a later cell',
      text: 'GET: /x/{{later.status}}',
      code: 'response-unnamed',
      message: /is below this one; move it above/,
    },
    {
      title: 'a path missing from the last response',
      text: 'GET: /x/{{party.body.nope}}',
      code: 'response-path-missing',
      severity: 'warning',
      message: /last response/,
    },
    {
      title: 'template syntax',
      text: 'GET: /x/{{party.foo}}',
      code: 'template-syntax',
      message: /\.status, \.headers/,
    },
    { title: 'unknown built-in', text: 'GET: /x/{{$uid}}', code: 'template-syntax', message: /did you mean "\$uuid"/ },
    {
      title: 'unquoted template value',
      text: 'GET: /x\nheaders:\n  X-Request-Id: {{$uuid}}',
      code: 'template-unquoted',
      at: '{{$uuid}}',
    },
    {
      title: 'unquoted template in a body that YAML silently accepts',
      text: 'POST: /x\nbody:\n  a: {{partyId}}',
      code: 'template-unquoted',
      at: '{{partyId}}',
    },
    { title: 'unquoted template as the URL', text: 'GET: {{base}}/x', code: 'template-unquoted', at: '{{base}}/x' },
    { title: 'unclosed template, from the core parser', text: 'GET: /x/{{partyId', code: 'template-unclosed' },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const ds = check(c.text);
      if (c.none)
        return assert.deepEqual(
          ds.map((d) => d.message),
          [],
        );
      const d = ds.find((x) => x.code === c.code);
      assert.ok(d, `no ${c.code} in ${JSON.stringify(ds.map((x) => [x.code, x.message]))}`);
      if (c.severity) assert.equal(d.severity, c.severity);
      if (c.at) assert.equal(c.text.slice(d.offset, d.endOffset), c.at);
      if (c.message) assert.match(d.message, c.message);
    });
  }

  it('skips variable checks without an active environment, but not response names', () => {
    const ds = check('GET: /x/{{anything}}/{{ghost.status}}', { ...scope, environment: undefined });
    assert.deepEqual(
      ds.map((d) => d.code),
      ['response-unnamed'],
    );
  });

  it('replaces only the unquoted value, and reports it once', () => {
    const text = 'GET: /x\nheaders:\n  X-Request-Id: {{$uuid}} # id';
    const ds = check(text);
    assert.deepEqual(
      ds.map((d) => d.code),
      ['template-unquoted'],
    );
    assert.equal(applyFix(text, ds[0]), 'GET: /x\nheaders:\n  X-Request-Id: "{{$uuid}}" # id');
  });

  it('quick fixes: the suggested key, the nearest variable and response', () => {
    let text = 'GET: /x\nheadres: {}';
    assert.equal(
      applyFix(
        text,
        check(text).find((d) => d.code === 'unknown-key')!,
      ),
      'GET: /x\nheaders: {}',
    );
    text = 'GET: /x/{{ partyid }}';
    assert.equal(applyFix(text, check(text)[0]), 'GET: /x/{{ partyId }}');
    text = 'GET: /x/{{lona.body.id}}';
    assert.equal(applyFix(text, check(text)[0]), 'GET: /x/{{loan.body.id}}');
  });

  it('warns about a missing apiVersion only when nothing pins one, and fixes it after the method line', () => {
    const bare: CellScope = {
      ...scope,
      environment: { ...environment, apiVersion: undefined },
      apiVersions: ['2024.2.0'],
    };
    const text = 'name: a\nGET: /x # list\r\nquery: { limit: 1 }\r\n';
    const d = check(text, bare).find((x) => x.code === 'api-version-missing');
    assert.ok(d);
    assert.equal(d.severity, 'warning');
    assert.equal(text.slice(d.offset, d.endOffset), 'GET');
    assert.equal(applyFix(text, d), 'name: a\nGET: /x # list\r\napiVersion: 2024.2.0\r\nquery: { limit: 1 }\r\n');
    assert.ok(!check(text, { ...bare, notebookApiVersion: '2025.1.0' }).some((x) => x.code === 'api-version-missing'));
    assert.ok(!check('GET: /x\napiVersion: 2025.1.0', bare).some((x) => x.code === 'api-version-missing'));
    assert.ok(!check(text, scope).some((x) => x.code === 'api-version-missing'));
    assert.ok(
      !check(text, { ...bare, environment: { ...bare.environment!, builtin: true } }).some(
        (x) => x.code === 'api-version-missing',
      ),
    );
    const noFix = check('GET: /x', { ...bare, apiVersions: [] }).find((x) => x.code === 'api-version-missing');
    assert.deepEqual(noFix?.fixes, []);
  });

  it('points at the exact characters, line and column', () => {
    const text = 'GET: /x\nbody:\n  a: "é {{nope}}"';
    const d = check(text).find((x) => x.code === 'variable-unknown')!;
    assert.equal(d.line, 3);
    assert.equal(d.column, 9);
    assert.equal(text.slice(d.offset, d.endOffset), '{{nope}}');
  });
});
