import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { checkContract, type ContractContext } from '../../src/core/openapi/contractCheck';
import { loadEnvironmentSpecs } from '../../src/core/openapi/environmentSpecs';
import { matchPath, pathOf } from '../../src/core/openapi/pathTemplate';
import { fromOpenApi30, SchemaValidator } from '../../src/core/openapi/schemaValidate';
import { expandSpecGlob, globSegment } from '../../src/core/openapi/specFiles';
import { SpecIndex } from '../../src/core/openapi/specIndex';
import { loadSpecFile, loadSpecText } from '../../src/core/openapi/specLoad';
import type { ApiSpec } from '../../src/core/openapi/specModel';
import { parseEnvironmentsFile } from '../../src/core/environments/environmentsFile';

const DIR = path.join(__dirname, '..', 'fixtures', 'openapi');
const read = (p: string) => readFile(p, 'utf8');
const fs = {
  readText: read,
  list: async (d: string) =>
    (await readdir(d, { withFileTypes: true })).map((e) => ({ name: e.name, directory: e.isDirectory() })),
};

async function load(file: string): Promise<ApiSpec> {
  const r = await loadSpecFile(path.join(DIR, file), file, read);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.spec;
}

const version = (v: string) =>
  `openapi: 3.1.0\ninfo: { title: T${v}, version: "${v}" }\npaths:\n  /a/{id}:\n    get: { responses: { '200': { description: ok } } }\n`;

describe('OpenAPI specs: loading', () => {
  it('loads 3.1 YAML with $refs across files, prefixing paths with the server path', async () => {
    const spec = await load('parties.yaml');
    assert.equal(spec.version, '2025.1.0');
    assert.equal(spec.openapi, '3.1');
    assert.deepEqual(
      spec.operations.map((o) => `${o.method} ${o.path}`),
      [
        'GET /counterparty-management/counterparties',
        'POST /counterparty-management/counterparties',
        'POST /counterparty-management/counterparties/bulk',
        'GET /counterparty-management/counterparties/{id}',
      ],
    );
    const list = spec.operations[0];
    assert.deepEqual(
      list.parameters.map((p) => [p.name, p.in, p.required, p.description]),
      [
        ['limit', 'query', false, 'Page size.'],
        ['type', 'query', false, 'Only counterparties of this type.'],
      ],
    );
    assert.equal(spec.operations[3].parameters[0].in, 'path', 'path-level parameters are inherited');
    assert.equal(JSON.stringify(spec.document).includes('common.yaml'), false, 'every $ref is internal once bundled');
  });

  it('loads 3.0 JSON with a relative server URL', async () => {
    const spec = await load('legacy-30.json');
    assert.equal(spec.openapi, '3.0');
    assert.equal(spec.operations[0].path, '/collateral-management/collaterals/{collateralId}');
  });

  const broken: Array<[string, RegExp]> = [
    ['broken.yaml', /^broken\.yaml line 8, column 1: Flow sequence/],
    ['missing-ref.yaml', /^missing-ref\.yaml: cannot read schemas\/nowhere\.yaml: no such file$/],
    ['remote-ref.yaml', /only local files are read/],
    ['swagger2.yaml', /Swagger 2\.0; convert it to OpenAPI 3\.0 or 3\.1/],
    ['nope.yaml', /^nope\.yaml: cannot read nope\.yaml: no such file$/],
  ];
  for (const [file, message] of broken)
    it(`says what is wrong with ${file}`, async () => {
      const r = await loadSpecFile(path.join(DIR, file), file, read);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.message, message);
    });

  it('refuses a document without a version or paths', async () => {
    for (const [text, message] of [
      ['openapi: 3.1.0\ninfo: { title: x }\npaths: {}', /no "info\.version"/],
      ['openapi: 3.1.0\ninfo: { title: x, version: "1" }', /no "paths:"/],
      ['openapi: 2.9.0\ninfo: { title: x, version: "1" }\npaths: {}', /OpenAPI 2\.9\.0 is not supported/],
      ['- a list', /not a mapping/],
    ] as const) {
      const r = await loadSpecText(text, 'x.yaml');
      assert.match(r.ok ? '' : r.message, message);
    }
  });
});

describe('OpenAPI specs: paths and versions', () => {
  const table: Array<[string, string, Record<string, string> | undefined]> = [
    ['/p/{id}', '/p/123', { id: '123' }],
    ['/p/{id}', '/p/{{party.body.referenceId}}', { id: '{{party.body.referenceId}}' }],
    ['/p/{id}', '/p/123/x', undefined],
    ['/p/bulk', '/p/{{kind}}', {}],
    ['/p/{id}.json', '/p/7.json', { id: '7' }],
    ['/p/bulk', '/p/other', undefined],
  ];
  for (const [template, concrete, params] of table)
    it(`${concrete} against ${template}`, () => assert.deepEqual(matchPath(template, concrete)?.params, params));

  it('reads the path of a cell URL', () => {
    assert.equal(pathOf('/a/b?x=1'), '/a/b');
    assert.equal(pathOf('https://h.example/base/a?x', 'https://h.example/base'), '/a');
    assert.equal(pathOf('https://other.example/a', 'https://h.example'), undefined);
    assert.equal(pathOf('{{url}}/a'), undefined);
  });

  it('prefers the literal template (/bulk over /{id})', async () => {
    const index = new SpecIndex([await load('parties.yaml')]);
    assert.equal(
      index.find('POST', '/counterparty-management/counterparties/bulk', '2025.1.0')?.operation.path,
      '/counterparty-management/counterparties/bulk',
    );
    assert.equal(index.find('GET', '/counterparty-management/counterparties/42', '2025.1.0')?.params.id, '42');
    assert.equal(index.find('DELETE', '/counterparty-management/counterparties/42', '2025.1.0'), undefined);
  });

  it('matches the version the cell sends; none means the newest; other kinds of version apply to all', async () => {
    const specs = [];
    for (const v of ['2024.2.0', '2025.1.0', '1.0.0']) {
      const r = await loadSpecText(version(v), `${v}.yaml`);
      assert.ok(r.ok);
      specs.push(r.spec);
    }
    const index = new SpecIndex(specs);
    const titles = (v: string | undefined) => index.forVersion(v).specs.map((s) => s.title);
    assert.deepEqual(titles('2024.2.0'), ['T2024.2.0', 'T1.0.0']);
    assert.deepEqual(titles(undefined), ['T2025.1.0', 'T1.0.0']);
    assert.deepEqual(titles('2023.1.0'), ['T1.0.0']);
    assert.deepEqual(index.forVersion('2023.1.0').available, ['2025.1.0', '2024.2.0']);
    assert.equal(index.find('GET', '/a/1', '2024.2.0')?.spec.title, 'T2024.2.0');
  });

  it("x-akkuro-api-version wins over info.version when matching a cell's apiVersion", async () => {
    const paths = "paths:\n  /a/{id}:\n    get: { responses: { '200': { description: ok } } }\n";
    const texts = {
      // The document's own version is not an api-version: without the extension it would apply to every version.
      top: `openapi: 3.1.0\nx-akkuro-api-version: 2024.2.0\ninfo: { title: Top, version: 1.0.0 }\n${paths}`,
      // An api-version in info.version, but the extension says which api-version the document describes.
      inInfo: `openapi: 3.1.0\ninfo: { title: InInfo, version: 2025.1.0, x-akkuro-api-version: 2023.1.0 }\n${paths}`,
      plain: version('2025.1.0'),
    };
    const specs = [];
    for (const [name, text] of Object.entries(texts)) {
      const r = await loadSpecText(text, `${name}.yaml`);
      assert.ok(r.ok, r.ok ? '' : r.message);
      specs.push(r.spec);
    }
    assert.deepEqual(
      specs.map((s) => s.version),
      ['2024.2.0', '2023.1.0', '2025.1.0'],
    );
    const index = new SpecIndex(specs);
    const titles = (v: string | undefined) => index.forVersion(v).specs.map((s) => s.title);
    assert.deepEqual(titles('2024.2.0'), ['Top']);
    assert.deepEqual(titles('2023.1.0'), ['InInfo']);
    assert.deepEqual(titles('2025.1.0'), ['T2025.1.0'], 'info.version 2025.1.0 of InInfo does not count');
    assert.deepEqual(titles('1.0.0'), [], 'info.version 1.0.0 of Top does not count');
    assert.deepEqual(index.forVersion(undefined).available, ['2025.1.0', '2024.2.0', '2023.1.0']);
    assert.equal(index.find('GET', '/a/1', '2024.2.0')?.spec.title, 'Top');
    assert.equal(index.find('GET', '/a/1', '2023.1.0')?.spec.title, 'InInfo');
  });
});

describe('OpenAPI specs: schema checks', () => {
  let spec: ApiSpec;
  let ctx: ContractContext;
  before(async () => {
    spec = await load('parties.yaml');
    ctx = { index: new SpecIndex([spec, await load('legacy-30.json')]), validator: new SchemaValidator() };
  });
  const check = (input: Partial<Parameters<typeof checkContract>[1]>) =>
    checkContract(ctx, {
      method: 'GET',
      url: '/counterparty-management/counterparties',
      baseUrl: 'https://h',
      apiVersion: '2025.1.0',
      status: 200,
      contentType: 'application/json',
      body: '{"items":[],"total":0}',
      asked: true,
      ...input,
    });
  const GOOD = '{"referenceId":"r","createdAt":"2025-01-01T10:00:00Z","name":"Jane","address":{"city":"Delft"}}';
  const table: Array<[string, Partial<Parameters<typeof checkContract>[1]>, string[]]> = [
    [
      'a valid page',
      {},
      [
        '✔ body matches the schema of GET /counterparty-management/counterparties (Counterparty management 2025.1.0) → 200',
      ],
    ],
    ['a missing required key', { body: '{"items":[]}' }, ['✘ $.total is required but missing']],
    [
      'nested violations with JSON paths',
      {
        url: '/counterparty-management/counterparties/7',
        body: '{"referenceId":"r","createdAt":"yesterday","name":5,"type":"robot","address":{}}',
      },
      [
        '✘ $.name must be a string but is an integer (5)',
        '✘ $.type must be one of "person", "organisation" but is a string ("robot")',
        '✘ $.address.city is required but missing',
        '✘ $.createdAt must be a valid date-time but is a string ("yesterday")',
      ],
    ],
    [
      'a declared error status (4XX)',
      { status: 400, contentType: 'application/problem+json', body: '{"title":"Bad","status":400}' },
      [
        '✔ body matches the schema of GET /counterparty-management/counterparties (Counterparty management 2025.1.0) → 4XX',
      ],
    ],
    [
      'an undeclared status',
      { status: 500, body: '{}' },
      [
        '✘ status 500 is not declared for GET /counterparty-management/counterparties (Counterparty management 2025.1.0); declared: 200, 4XX',
      ],
    ],
    [
      'an undeclared content type',
      { contentType: 'text/html', body: '<p>' },
      [
        '✘ content-type text/html is not declared for GET /counterparty-management/counterparties (Counterparty management 2025.1.0) → 200; declared: application/json',
      ],
    ],
    [
      'a body that is not JSON',
      { body: '{"items":' },
      [
        `✘ the body is not valid JSON (Unexpected end of JSON input), but GET /counterparty-management/counterparties (Counterparty management 2025.1.0) declares application/json`,
      ],
    ],
    [
      'an operation the specs lack',
      { method: 'PUT' },
      ['✘ No operation PUT /counterparty-management/counterparties in the OpenAPI documents for api-version 2025.1.0.'],
    ],
    [
      'a version without documents',
      { apiVersion: '2023.1.0' },
      ['✘ No OpenAPI document for api-version 2023.1.0 (documents exist for 2025.1.0, 2024.2.0).'],
    ],
    [
      'allOf with a good body',
      { url: '/counterparty-management/counterparties/7', body: GOOD },
      [
        '✔ body matches the schema of GET /counterparty-management/counterparties/{id} (Counterparty management 2025.1.0) → 200',
      ],
    ],
    [
      '3.0 nullable and exclusiveMinimum',
      { url: '/collateral-management/collaterals/c', apiVersion: '2024.2.0', body: '{"amount":0,"note":null}' },
      ['✘ $.amount must be > 0'],
    ],
  ];
  for (const [name, input, expected] of table)
    it(name, async () =>
      assert.deepEqual(
        (await check(input)).map((a) => `${a.passed ? '✔' : '✘'} ${a.message}`),
        expected,
      ),
    );

  it('skips what the specs do not describe unless the cell asked', async () => {
    assert.deepEqual(await check({ method: 'PUT', asked: false }), []);
    assert.deepEqual(
      await checkContract(undefined, { method: 'GET', url: '/x', baseUrl: 'https://h', status: 200, asked: false }),
      [],
    );
    const none = await checkContract(undefined, {
      method: 'GET',
      url: '/x',
      baseUrl: 'https://h',
      status: 200,
      asked: true,
    });
    assert.match(none[0].message, /No OpenAPI documents for this environment: list them under "specs:"/);
  });

  it('names the failing path as the assertion target', async () => {
    const [a] = await check({ body: '{"items":[]}' });
    assert.equal(a.target, 'schema $.total');
  });

  it('converts OpenAPI 3.0 schema keywords to JSON Schema 2020-12', () => {
    assert.deepEqual(fromOpenApi30({ type: 'string', nullable: true, enum: ['a'] }), {
      type: ['string', 'null'],
      enum: ['a', null],
    });
    assert.deepEqual(fromOpenApi30({ minimum: 1, exclusiveMinimum: true, maximum: 5, exclusiveMaximum: false }), {
      exclusiveMinimum: 1,
      maximum: 5,
    });
    assert.deepEqual(fromOpenApi30({ $ref: '#/x', nullable: true }), { anyOf: [{ $ref: '#/x' }, { type: 'null' }] });
  });
});

describe('OpenAPI specs: the environments file', () => {
  it('globs', () => {
    const table: Array<[string, string, boolean]> = [
      ['*.yaml', 'a.yaml', true],
      ['*.yaml', 'a.json', false],
      ['*.{yaml,json}', 'a.json', true],
      ['v?.yml', 'v1.yml', true],
      ['a.b', 'aXb', false],
    ];
    for (const [glob, name, ok] of table) assert.equal(globSegment(glob).test(name), ok, `${glob} ${name}`);
  });

  it('expands globs relative to the file, ** included, sorted', async () => {
    const all = await expandSpecGlob('**/*.yaml', DIR, fs.list);
    assert.ok(all.includes(path.join(DIR, 'schemas', 'common.yaml')));
    assert.deepEqual(await expandSpecGlob('*.json', DIR, fs.list), [path.join(DIR, 'legacy-30.json')]);
    assert.deepEqual(await expandSpecGlob('nowhere/*.yaml', DIR, fs.list), []);
  });

  it('reads specs: at the top and per environment, with positions; URLs and non-lists are errors', () => {
    const text =
      'specs: [specs/*.yaml]\nenvironments:\n  a:\n    baseUrl: https://a.uat.x\n  b:\n    baseUrl: https://b.uat.x\n    specs:\n      - other/b.yaml\n';
    const { file, diagnostics } = parseEnvironmentsFile(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      file.environments.map((e) => e.specs?.map((s) => `${s.pattern}@${s.line}:${s.column}`)),
      [['specs/*.yaml@1:9'], ['other/b.yaml@8:9']],
    );
    const bad = parseEnvironmentsFile('specs: https://x.example/spec.yaml\nenvironments: {}\n').diagnostics;
    assert.match(bad[0].message, /is a URL; specs are read from local files only/);
    assert.match(
      parseEnvironmentsFile('specs: { a: 1 }\nenvironments: {}\n').diagnostics[0].message,
      /must be a list of OpenAPI document paths/,
    );
  });

  it('one problem per broken entry; the good documents still load', async () => {
    const text = 'specs: [parties.yaml, broken.yaml, "missing/*.yaml"]\nenvironments: {}\n';
    const entries = parseEnvironmentsFile(text).file.specs!;
    const loaded = await loadEnvironmentSpecs(entries, DIR, fs);
    assert.deepEqual(
      loaded.index.specs.map((s) => s.source),
      ['parties.yaml'],
    );
    assert.deepEqual(
      loaded.problems.map((p) => [p.entry.pattern, p.entry.column]),
      [
        ['broken.yaml', 23],
        ['missing/*.yaml', 36],
      ],
    );
    assert.match(
      loaded.problems[0].message,
      /^An OpenAPI document could not be used, so hints and schema checks leave it out: broken\.yaml line 8/,
    );
  });
});
