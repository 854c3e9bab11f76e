import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { completions } from '../../src/core/language/completion';
import { cellDiagnostics } from '../../src/core/language/diagnostics';
import { hover } from '../../src/core/language/hover';
import type { CellScope } from '../../src/core/language/languageTypes';
import { SpecIndex } from '../../src/core/openapi/specIndex';
import { loadSpecFile, loadSpecText } from '../../src/core/openapi/specLoad';
import type { Environment } from '../../src/core/environments/environment';

const ENV: Environment = {
  name: 'uat-eu',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  apiVersion: '2025.1.0',
  variables: {},
  protected: false,
};
let scope: CellScope;

before(async () => {
  const file = path.join(__dirname, '..', 'fixtures', 'openapi', 'parties.yaml');
  const r = await loadSpecFile(file, 'parties.yaml', (p) => readFile(p, 'utf8'));
  assert.ok(r.ok);
  scope = { environment: ENV, earlierNames: new Set(), responses: new Map(), contract: new SpecIndex([r.spec]) };
});

/** `|` marks the cursor. */
function complete(textWithCursor: string, extra: Partial<CellScope> = {}) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  return completions({ ...scope, ...extra, text, offset });
}

const CREATE = 'POST: /counterparty-management/counterparties\n';
const GET = 'GET: /counterparty-management/counterparties';

describe('language from the contract: completion', () => {
  const table: Array<[string, string, (labels: string[], items: ReturnType<typeof complete>) => void]> = [
    [
      'paths of the operations, this method first, {params} as tab stops',
      'GET: /|',
      (labels, items) => {
        assert.deepEqual(labels.slice(0, 2), [
          '/counterparty-management/counterparties',
          '/counterparty-management/counterparties/{id}',
        ]);
        const byId = items.find((i) => i.label.endsWith('{id}'))!;
        assert.equal(byId.insertText, '/counterparty-management/counterparties/${1:{id\\}}');
        assert.equal(byId.detail, 'GET · Get a counterparty');
        assert.match(items.find((i) => i.label.endsWith('/bulk'))!.detail!, /no GET; has POST/);
      },
    ],
    [
      'query parameter names with type and description',
      `${GET}\nquery:\n  |`,
      (labels, items) => {
        assert.deepEqual(labels, ['limit', 'type']);
        assert.equal(items[0].detail, 'integer 1–100');
        assert.equal(items[0].documentation, 'Page size.');
      },
    ],
    [
      'query enum values',
      `${GET}\nquery:\n  type: |`,
      (labels) => assert.deepEqual(labels, ['person', 'organisation']),
    ],
    [
      'declared header names first',
      `${CREATE}headers:\n  |`,
      (labels, items) => {
        assert.equal(labels[0], 'X-Request-Id');
        assert.equal(items[0].detail, 'required · string (uuid)');
      },
    ],
    [
      'body keys, required first, readOnly left out',
      `${CREATE}body:\n  name: x\n  |`,
      (labels, items) => {
        assert.deepEqual(labels, ['address', 'countryCode', 'type']);
        assert.equal(items[0].detail, 'required · object');
        assert.equal(items[0].insertText, 'address:\n  $0');
      },
    ],
    [
      'body keys at depth',
      `${CREATE}body:\n  address:\n    |`,
      (labels, items) => {
        assert.deepEqual(labels, ['city', 'kind']);
        assert.equal(items[0].documentation, 'City or town.');
      },
    ],
    [
      'body enum values at depth',
      `${CREATE}body:\n  address:\n    kind: |`,
      (labels) => assert.deepEqual(labels, ['home', 'office']),
    ],
    [
      'body enum values through a $ref',
      `${CREATE}body:\n  type: o|`,
      (labels) => assert.deepEqual(labels, ['person', 'organisation']),
    ],
    [
      'body keys in a flow mapping',
      `${CREATE}body: { name: x, | }`,
      (labels) => assert.ok(labels.includes('address') && !labels.includes('name')),
    ],
    ['expect: schema', `${GET}\nexpect:\n  s|`, (labels) => assert.ok(labels.includes('schema'))],
    ['nothing from the contract without specs', `${CREATE}body:\n  |`, () => undefined],
  ];
  for (const [name, text, check] of table)
    it(name, () => {
      const items = complete(text, name.startsWith('nothing') ? { contract: undefined } : {});
      if (name.startsWith('nothing')) return assert.deepEqual(items, []);
      const sorted = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
      check(
        sorted.map((i) => i.label),
        sorted,
      );
    });

  describe('the methods a path has', () => {
    const methods = (textWithCursor: string, extra: Partial<CellScope> = {}) =>
      complete(textWithCursor, extra)
        .filter((i) => i.kind === 'method')
        .sort((a, b) => a.sortText!.localeCompare(b.sortText!))
        .map((i) => `${i.label}${i.detail ? ` · ${i.detail}` : ''}`);
    const OTHERS = ['PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
    const table: Array<[string, string, Partial<CellScope>, string[]]> = [
      [
        'the methods of the path first, with their summaries',
        'G|ET: /counterparty-management/counterparties',
        {},
        [
          'GET · List counterparties',
          'POST · Create a counterparty',
          ...OTHERS.map((m) => `${m} · not in the contract for this path`),
        ],
      ],
      [
        'replacing a method: a path with one operation',
        'DEL|ETE: /counterparty-management/counterparties/7',
        {},
        ['GET · Get a counterparty', ...['POST', ...OTHERS].map((m) => `${m} · not in the contract for this path`)],
      ],
      [
        'a {{template}} segment can be either operation: both methods first',
        'G|ET: /counterparty-management/counterparties/{{party.body.referenceId}}',
        {},
        [
          'GET · Get a counterparty',
          'POST · Bulk upload',
          ...OTHERS.map((m) => `${m} · not in the contract for this path`),
        ],
      ],
      [
        'an absolute URL on the base URL, the cell sending another version than the environment',
        'apiVersion: 2025.1.0\nP|: https://api.uat.eu.lending.akkuro.io/counterparty-management/counterparties/bulk',
        { environment: { ...ENV, apiVersion: '2024.2.0' } },
        [
          'POST · Bulk upload',
          ...['GET', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map(
            (m) => `${m} · not in the contract for this path`,
          ),
        ],
      ],
      [
        'a path the contract does not have: every method, in the usual order',
        'G|: /counterparty-management/nothing',
        {},
        ['GET', 'POST', ...OTHERS],
      ],
      [
        'no spec for the version the cell sends',
        'apiVersion: 2024.2.0\nG|: /counterparty-management/counterparties',
        {},
        ['GET', 'POST', ...OTHERS],
      ],
      ['a new line, no path yet', '|', {}, ['GET', 'POST', ...OTHERS]],
      [
        'without specs',
        'G|: /counterparty-management/counterparties',
        { contract: undefined },
        ['GET', 'POST', ...OTHERS],
      ],
    ];
    for (const [name, text, extra, expected] of table) it(name, () => assert.deepEqual(methods(text, extra), expected));

    it('a method the path has documents its operation', () => {
      const get = complete('|POST: /counterparty-management/counterparties').find((i) => i.label === 'GET')!;
      assert.match(get.documentation!, /^\*\*GET \/counterparty-management\/counterparties\*\*\n\nList counterparties/);
      assert.equal(get.insertText, undefined, 'the line has its colon: only the key is replaced');
    });
  });

  it('uses the spec of the version the cell sends', () => {
    assert.equal(complete('apiVersion: 2024.2.0\nGET: /|').filter((i) => i.detail?.startsWith('GET ·')).length, 0);
    assert.ok(complete('GET: /|').some((i) => i.detail?.startsWith('GET ·')));
  });
});

describe('language from the contract: hover', () => {
  const at = async (textWithCursor: string) => {
    const offset = textWithCursor.indexOf('|');
    return (await hover({ ...scope, text: textWithCursor.replace('|', ''), offset }))?.contents ?? '';
  };
  it('the method line shows the operation: summary, description, required parameters, source', async () => {
    const h = await at(`G|${GET}`.replace('G|G', 'G|'));
    assert.match(h, /\*\*GET \/counterparty-management\/counterparties\*\*/);
    assert.match(h, /List counterparties\n\nPages through the counterparties of the white label\./);
    assert.match(h, /_From parties\.yaml \(Counterparty management 2025\.1\.0\)\._/);
    assert.match(
      await at(`P|OST: /counterparty-management/counterparties\nbody: {}`),
      /Required: `X-Request-Id` \(header\)\n\nNeeds a body\./,
    );
  });
  it('a body key shows its type and description, at depth', async () => {
    assert.equal(
      await at(`${CREATE}body:\n  na|me: x`),
      '**name**: string, at most 200 characters\n\nFull legal name.',
    );
    assert.equal(await at(`${CREATE}body:\n  address:\n    ci|ty: x`), '**city**: string\n\nCity or town.');
  });
  it('a query name shows the parameter', async () => {
    assert.equal(await at(`${GET}\nquery:\n  li|mit: 5`), '**limit** (query): integer 1–100\n\nPage size.');
  });
  it('an unknown operation says so', async () => {
    assert.match(
      await at('DE|LETE: /counterparty-management/counterparties'),
      /No operation DELETE \/counterparty-management\/counterparties in the OpenAPI documents for api-version 2025\.1\.0\./,
    );
  });
});

describe('language from the contract: diagnostics', () => {
  const diags = (text: string, extra: Partial<CellScope> = {}) =>
    cellDiagnostics(text, { ...scope, ...extra }).filter((d) => d.code.startsWith('contract-'));
  const table: Array<[string, string, Array<[string, string, string]>]> = [
    ['a known operation is fine', `${GET}\nquery: { limit: 5, type: person }`, []],
    [
      'unknown path',
      'GET: /counterparty-management/nothing',
      [
        [
          'contract-path-unknown',
          '/counterparty-management/nothing',
          'No operation matches /counterparty-management/nothing in the OpenAPI documents for api-version 2025.1.0.',
        ],
      ],
    ],
    [
      'unknown method',
      'DELETE: /counterparty-management/counterparties/7',
      [
        [
          'contract-method-unknown',
          'DELETE',
          'DELETE is not an operation of /counterparty-management/counterparties/{id} for api-version 2025.1.0; it has GET.',
        ],
      ],
    ],
    [
      'unknown version',
      'apiVersion: 2023.1.0\nGET: /x',
      [
        [
          'contract-version',
          'apiVersion',
          'No OpenAPI document for api-version 2023.1.0; there are documents for 2025.1.0.',
        ],
      ],
    ],
    [
      'unfilled path parameter',
      'GET: /counterparty-management/counterparties/{id}',
      [['contract-path-param', '{id}', 'Fill in the path parameter {id}.']],
    ],
    [
      'missing body',
      'POST: /counterparty-management/counterparties\nheaders: { X-Request-Id: a }',
      [
        [
          'contract-body-required',
          'POST',
          'POST /counterparty-management/counterparties needs a body (see completion under "body:").',
        ],
      ],
    ],
    [
      'missing required body fields, at depth',
      `${CREATE}body:\n  name: Jane\n  address:\n    kind: home`,
      [['contract-required', 'body', 'The body needs "address".'].slice(0, 0) as never].filter(Boolean),
    ],
    [
      'wrong type',
      `${CREATE}body:\n  name: 42\n  address: { city: x }`,
      [['contract-type', '42', 'name must be string, not integer.']],
    ],
    [
      'unknown enum value',
      `${CREATE}body:\n  name: x\n  type: persn\n  address: { city: x }`,
      [['contract-enum', 'persn', 'type must be one of "person", "organisation"; did you mean "person"?']],
    ],
    [
      'query enum and type',
      `${GET}\nquery:\n  type: robot\n  limit: many`,
      [
        ['contract-enum', 'robot', 'type must be one of "person", "organisation".'],
        ['contract-type', 'many', 'limit must be integer, not "many".'],
      ],
    ],
    ['query text that reads as the type is fine', `${GET}\nquery:\n  limit: "10"\n  type: "person"`, []],
    [
      'query text that does not read as the type',
      `${GET}\nquery: { limit: "1.5" }`,
      [['contract-type', '"1.5"', 'limit must be integer, not "1.5".']],
    ],
    ['templates are not checked', `${CREATE}body:\n  name: "{{n}}"\n  type: "{{t}}"\n  address: { city: x }`, []],
  ];
  for (const [name, text, expected] of table) {
    if (name.startsWith('missing required')) continue;
    it(name, () => {
      const found = diags(text);
      assert.deepEqual(
        found.map((d) => [d.code, text.slice(d.offset, d.endOffset), d.message]),
        expected,
      );
      for (const d of found) assert.equal(d.severity, 'warning');
    });
  }

  it('missing required body fields at depth, with a quick fix that adds the key', () => {
    const text = `${CREATE}body:\n  name: Jane\n  address:\n    kind: home`;
    const [d] = diags(text);
    assert.equal(d.code, 'contract-required');
    assert.equal(d.message, 'address needs "city".');
    assert.equal(text.slice(d.offset, d.endOffset), 'address');
    const fix = d.fixes[0];
    const fixed = text.slice(0, fix.edits[0].start) + fix.edits[0].newText + text.slice(fix.edits[0].end);
    assert.equal(fixed, `${CREATE}body:\n  name: Jane\n  address:\n    kind: home\n    city: `);
    const top = diags(`${CREATE}body:\n  type: person`)[0];
    assert.equal(top.message, 'The body needs "name".');
  });

  const apply = (text: string, fix: { edits: Array<{ start: number; end: number; newText: string }> }) =>
    [...fix.edits]
      .sort((a, b) => b.start - a.start)
      .reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);

  describe('adding a missing required key to a flow or empty mapping', () => {
    const table: Array<[string, string, string[]]> = [
      ['a flow body', `${CREATE}body: { name: Jane }`, [`${CREATE}body: { name: Jane, address: }`]],
      ['a flow body without spaces', `${CREATE}body: {name: Jane}`, [`${CREATE}body: {name: Jane, address: }`]],
      [
        'a flow body with a trailing comma',
        `${CREATE}body: { name: Jane, }`,
        [`${CREATE}body: { name: Jane, address: }`],
      ],
      ['an empty flow body', `${CREATE}body: {}`, [`${CREATE}body: { name: }`, `${CREATE}body: { address: }`]],
      [
        'an empty flow mapping at depth',
        `${CREATE}body:\n  name: Jane\n  address: {}`,
        [`${CREATE}body:\n  name: Jane\n  address: { city: }`],
      ],
      [
        'a flow mapping over lines',
        `${CREATE}body: {\n  name: Jane\n}`,
        [`${CREATE}body: {\n  name: Jane, address:\n}`],
      ],
    ];
    for (const [name, text, fixed] of table)
      it(name, () => {
        const found = diags(text).filter((d) => d.code === 'contract-required');
        assert.deepEqual(
          found.map((d) => apply(text, d.fixes[0])),
          fixed,
        );
        for (const [i, t] of fixed.entries())
          assert.ok(
            !diags(t).some((d) => d.message === found[i].message),
            `"${found[i].message}" is gone once the key is there`,
          );
      });
  });

  it('the enum quick fix replaces the value; the nearest is preferred', () => {
    const text = `${CREATE}body:\n  name: x\n  type: persn\n  address: { city: x }`;
    const [d] = diags(text);
    assert.deepEqual(
      d.fixes.map((f) => [f.title, f.edits[0].newText, !!f.preferred]),
      [
        ['Change to "person"', 'person', true],
        ['Change to "organisation"', 'organisation', false],
      ],
    );
  });

  it('the method quick fix offers the methods the path has', () => {
    const [d] = diags('DELETE: /counterparty-management/counterparties');
    assert.deepEqual(
      d.fixes.map((f) => f.edits[0].newText),
      ['GET', 'POST'],
    );
  });

  it('a required query parameter can be added', async () => {
    const file = path.join(__dirname, '..', 'fixtures', 'openapi', 'parties.yaml');
    const text = (await readFile(file, 'utf8')).replace(
      'description: Only counterparties of this type.',
      'description: Only counterparties of this type.\n          required: true',
    );
    const r = await loadSpecText(text, 'p.yaml', (p) =>
      readFile(
        p.replace(/^\/spec\.yaml$/, file).replace(/^\/schemas/, path.join(path.dirname(file), 'schemas')),
        'utf8',
      ),
    );
    assert.ok(r.ok, r.ok ? '' : r.message);
    const contract = new SpecIndex([r.spec]);
    const [d] = diags(GET, { contract });
    assert.equal(d.message, 'GET /counterparty-management/counterparties needs the query parameter "type".');
    assert.equal(d.fixes[0].edits[0].newText, '\nquery:\n  type: ');
    for (const [text, fixed] of [
      [`${GET}\nquery:\n  limit: 5`, `${GET}\nquery:\n  limit: 5\n  type: `],
      [`${GET}\nquery: { limit: 5 }`, `${GET}\nquery: { limit: 5, type: }`],
      [`${GET}\nquery: {}`, `${GET}\nquery: { type: }`],
    ]) {
      const missing = diags(text, { contract }).filter((x) => x.code === 'contract-query-required');
      assert.equal(missing.length, 1, text);
      const after = apply(text, missing[0].fixes[0]);
      assert.equal(after, fixed);
      assert.ok(!diags(after, { contract }).some((x) => x.code === 'contract-query-required'), after);
    }
  });

  it('an unfilled path parameter becomes the variable of that name, when the environment has one', () => {
    const text = 'GET: /counterparty-management/counterparties/{id}';
    const withVariable = { environment: { ...ENV, variables: { id: '7' } } };
    const [d] = diags(text, withVariable);
    assert.equal(d.code, 'contract-path-param');
    assert.deepEqual(
      d.fixes.map((f) => [f.title, apply(text, f), !!f.preferred]),
      [['Use the variable {{id}}', 'GET: /counterparty-management/counterparties/{{id}}', true]],
    );
    assert.deepEqual(diags(apply(text, d.fixes[0]), withVariable), []);
    assert.deepEqual(diags(text)[0].fixes, [], 'no variable of that name: nothing is clear enough to offer');
  });

  it('nothing without specs, and nothing while the cell has errors', () => {
    assert.deepEqual(diags('GET: /nothing', { contract: undefined }), []);
    assert.deepEqual(diags('GET: /nothing\nbogus: 1'), []);
  });
});
