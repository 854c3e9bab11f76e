import assert from 'node:assert/strict';
import type { Environment } from '../../src/core/environments/environment';
import { completions } from '../../src/core/language/completion';
import type { CellScope, CompletionItem } from '../../src/core/language/languageTypes';
import { collectNotebookFacts } from '../../src/core/language/notebookFacts';
import type { NamedResponse } from '../../src/core/request/variables';

const environment: Environment = {
  name: 'uat-eu',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'bank',
  labelReferenceId: 'label',
  apiVersion: '2025.1.0',
  variables: {
    partyId: 'p-1',
    apiToken: 'abc.def.ghi',
    session: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig',
    long: 'x'.repeat(200),
  },
  protected: false,
};
const party: NamedResponse = {
  status: 201,
  headers: { location: '/counterparty-management/counterparties/abc', etag: '"v1"', 'set-cookie': 'sid=secret' },
  body: {
    referenceId: 'abc',
    name: 'Jane',
    items: [{ id: 1, tags: ['a'] }, { id: 2 }],
    'odd key': true,
    nested: { deep: { x: 1 } },
  },
  bodyIsJson: true,
};
const scope: CellScope = {
  environment,
  earlierNames: new Set(['party', 'loan']),
  responses: new Map([['party', party]]),
  apiVersions: ['2024.3.0'],
  paths: ['/counterparty-management/counterparties/{{party.body.referenceId}}', '/collateral-management/collaterals'],
};

function complete(marked: string, s: CellScope = scope): { text: string; items: CompletionItem[] } {
  const offset = marked.indexOf('‸');
  const text = marked.replace('‸', '');
  return { text, items: completions({ ...s, text, offset }) };
}
const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const item = (items: CompletionItem[], label: string) => {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no item "${label}" in ${JSON.stringify(labels(items))}`);
  return found;
};
/** The cell text after applying an item, as the editor would. */
const apply = (text: string, i: CompletionItem) =>
  text.slice(0, i.replaceStart) + (i.insertText ?? i.label) + text.slice(i.replaceEnd);

describe('language completion', () => {
  describe('table', () => {
    const cases: Array<{ title: string; text: string; has?: string[]; lacks?: string[]; exactly?: string[] }> = [
      {
        title: 'empty cell offers methods and keys',
        text: '‸',
        has: ['GET', 'POST', 'OPTIONS', 'name', 'apiVersion', 'expect'],
      },
      { title: 'no second method key', text: 'GET: /x\n‸', has: ['name', 'headers'], lacks: ['GET', 'POST'] },
      {
        title: 'keys already present are left out',
        text: 'GET: /x\nname: a\n‸\nheaders: {}',
        lacks: ['name', 'headers'],
        has: ['query'],
      },
      { title: 'one body kind only', text: 'POST: /x\nlines:\n  - a: 1\n‸', lacks: ['body', 'bodyFile', 'lines'] },
      {
        title: 'domains and known paths after a method',
        text: 'GET: /‸',
        has: [
          '/counterparty-management',
          '/migration-assistance',
          '/counterparty-management/counterparties',
          '/collateral-management/counterparties/{referenceId}/collaterals',
        ],
      },
      {
        title: 'paths used elsewhere in the notebook',
        text: 'GET: ‸',
        has: [
          '/collateral-management/collaterals',
          '/counterparty-management/counterparties/{{party.body.referenceId}}',
        ],
      },
      {
        title: 'apiVersion values: environment, notebook',
        text: 'GET: /x\napiVersion: ‸',
        exactly: ['2025.1.0', '2024.3.0'],
      },
      { title: 'auth values', text: 'GET: /x\nauth: n‸', exactly: ['environment', 'none'] },
      {
        title: 'header names, minus those present',
        text: 'GET: /x\nheaders:\n  Accept: a\n  ‸',
        has: ['Content-Type', 'X-Request-Id', 'Idempotency-Key', 'If-Match'],
        lacks: ['Accept', 'Authorization'],
      },
      {
        title: 'Content-Type values',
        text: 'POST: /x\nheaders:\n  Content-Type: ‸',
        has: ['application/json', 'application/jsonl'],
      },
      {
        title: 'Accept values with api-versions',
        text: 'GET: /x\nheaders: { Accept: ‸ }',
        has: ['application/json;api-version=2025.1.0', 'application/json;api-version=2024.3.0', 'application/json'],
      },
      {
        title: 'If-Match offers earlier etags',
        text: 'PUT: /x\nheaders:\n  If-Match: ‸',
        exactly: ['{{party.headers.etag}}', '{{loan.headers.etag}}'],
      },
      {
        title: 'expect keys',
        text: 'GET: /x\nexpect:\n  status: 200\n  ‸',
        exactly: ['headers', 'body', 'duration', 'schema'],
      },
      {
        title: 'operators for a body path',
        text: 'GET: /x\nexpect:\n  body:\n    $.a:\n      ‸',
        has: ['equals', 'type', 'exists', 'matches', 'length'],
      },
      {
        title: 'status operators',
        text: 'GET: /x\nexpect:\n  status: { ‸ }',
        exactly: ['equals', 'notEquals', 'oneOf', 'gt', 'gte', 'lt', 'lte'],
      },
      {
        title: 'type values',
        text: 'GET: /x\nexpect:\n  body:\n    $.a: { type: ‸ }',
        has: ['string', 'integer', 'array'],
      },
      {
        title: 'template heads: variables, built-ins, earlier responses',
        text: 'GET: /x/{{‸',
        has: ['partyId', '$uuid', '$timestamp', '$isoDate', 'party', 'loan'],
      },
      {
        title: 'template heads without an environment',
        text: 'GET: /x/{{‸',
        has: ['$uuid', 'party'],
        lacks: ['partyId'],
      },
      { title: 'response parts', text: 'GET: /x/{{party.‸}}', exactly: ['status', 'headers', 'body'] },
      {
        title: 'parts of a response that has not run',
        text: 'GET: /x/{{loan.‸}}',
        exactly: ['status', 'headers', 'body'],
      },
      {
        title: 'response header names',
        text: 'GET: /x/{{party.headers.‸}}',
        exactly: ['location', 'etag', 'set-cookie'],
      },
      {
        title: 'body fields with array indexes',
        text: 'GET: /x/{{party.body.‸}}',
        exactly: ['referenceId', 'name', 'items', 'items[0]', 'odd key', 'nested'],
      },
      {
        title: 'fields inside an array item',
        text: 'GET: /x/{{party.body.items[0].‸}}',
        exactly: ['id', 'tags', 'tags[0]'],
      },
      { title: 'array indexes after a dot', text: 'GET: /x/{{party.body.items.‸}}', exactly: ['[0]', '[1]'] },
      { title: 'nested objects', text: 'GET: /x/{{party.body.nested.deep.‸}}', exactly: ['x'] },
      { title: 'nothing after an unknown response', text: 'GET: /x/{{nobody.‸}}', exactly: [] },
      { title: 'nothing in comments', text: 'GET: /x # ‸', exactly: [] },
      { title: 'nothing in block scalar text', text: 'POST: /x\nbody: |\n  hello ‸', exactly: [] },
      { title: 'templates in block scalar text', text: 'POST: /x\nbody: |\n  hello {{$u‸', has: ['$uuid'] },
    ];
    for (const c of cases) {
      it(c.title, () => {
        const noEnv = c.title.includes('without an environment');
        const { items } = complete(c.text, noEnv ? { ...scope, environment: undefined } : scope);
        const got = labels(items);
        if (c.exactly) assert.deepEqual([...got].sort(), [...c.exactly].sort());
        for (const l of c.has ?? []) assert.ok(got.includes(l), `missing ${l} in ${JSON.stringify(got)}`);
        for (const l of c.lacks ?? []) assert.ok(!got.includes(l), `unexpected ${l}`);
      });
    }
  });

  it('inserts a method with a slash and asks for the next completion', () => {
    const { text, items } = complete('PO‸');
    const post = item(items, 'POST');
    assert.equal(apply(text, post), 'POST: /');
    assert.equal(post.retrigger, true);
  });

  it('adds the space YAML needs after a colon', () => {
    const { text, items } = complete('GET:‸');
    assert.equal(apply(text, item(items, '/counterparty-management')), 'GET: /counterparty-management/');
    const v = complete('GET: /x\nauth:‸');
    assert.equal(apply(v.text, item(v.items, 'none')), 'GET: /x\nauth: none');
  });

  it('replaces only the key when the colon is already there', () => {
    const { text, items } = complete('GET: /x\nhead‸ers: {}');
    assert.equal(apply(text, item(items, 'query')), 'GET: /x\nquery: {}');
  });

  it('offers the environment api-version in the apiVersion snippet', () => {
    const { items } = complete('GET: /x\n‸');
    assert.equal(item(items, 'apiVersion').insertText, 'apiVersion: ${1:2025.1.0}');
    assert.equal(item(items, 'headers').snippet, true);
  });

  it('turns {referenceId} into a snippet placeholder', () => {
    const { items } = complete('GET: /counterparty-management/c‸');
    const i = item(items, '/counterparty-management/counterparties/{referenceId}');
    assert.equal(i.insertText, '/counterparty-management/counterparties/${1:{referenceId\\}}');
    assert.equal(i.replaceStart, 5);
  });

  it('closes the template unless }} follows', () => {
    let r = complete('GET: /x/{{par‸');
    assert.equal(apply(r.text, item(r.items, 'partyId')), 'GET: /x/{{partyId}}');
    r = complete('GET: /x/{{par‸}}/y');
    assert.equal(apply(r.text, item(r.items, 'partyId')), 'GET: /x/{{partyId}}/y');
    r = complete('GET: /x/{{ par‸ }}');
    assert.equal(apply(r.text, item(r.items, 'party')), 'GET: /x/{{ party. }}');
  });

  it('replaces the partial segment of a body path, quoting odd keys', () => {
    let r = complete('GET: /x/{{party.body.ref‸}}');
    assert.equal(apply(r.text, item(r.items, 'referenceId')), 'GET: /x/{{party.body.referenceId}}');
    r = complete('GET: /x/{{party.body.‸}}');
    assert.equal(apply(r.text, item(r.items, 'odd key')), 'GET: /x/{{party.body["odd key"]}}');
    assert.equal(apply(r.text, item(r.items, 'items[0]')), 'GET: /x/{{party.body.items[0].}}');
    r = complete('GET: /x/{{party.body.items.‸');
    assert.equal(apply(r.text, item(r.items, '[1]')), 'GET: /x/{{party.body.items[1].');
    assert.equal(item(r.items, '[1]').retrigger, true);
    r = complete('GET: /x/{{party.body.items[0].‸');
    assert.equal(apply(r.text, item(r.items, 'tags')), 'GET: /x/{{party.body.items[0].tags');
    assert.equal(apply(r.text, item(r.items, 'id')), 'GET: /x/{{party.body.items[0].id}}');
  });

  it('shows variable values, redacting ones that look secret', () => {
    const { items } = complete('GET: /{{‸');
    assert.equal(item(items, 'partyId').detail, 'p-1');
    assert.equal(item(items, 'apiToken').detail, '‹redacted›');
    assert.equal(item(items, 'session').detail, '‹redacted›');
    assert.match(item(items, 'long').detail!, /… \(200 characters\)$/);
    const h = complete('GET: /{{party.headers.‸');
    assert.equal(item(h.items, 'set-cookie').detail, '‹redacted›');
  });

  it('quotes template values in header values unless already quoted', () => {
    let r = complete('GET: /x\nheaders:\n  X-Request-Id: ‸');
    assert.equal(apply(r.text, item(r.items, '{{$uuid}}')), 'GET: /x\nheaders:\n  X-Request-Id: "{{$uuid}}"');
    r = complete("GET: /x\nheaders:\n  Idempotency-Key: '‸'");
    assert.equal(apply(r.text, item(r.items, '{{$uuid}}')), "GET: /x\nheaders:\n  Idempotency-Key: '{{$uuid}}'");
  });

  it("offers the JSON paths of the cell's own last response under expect.body", () => {
    const { items } = complete('name: party\nPOST: /x\nexpect:\n  body:\n    $.name: Jane\n    ‸');
    const got = labels(items);
    for (const p of ['$', '$.referenceId', '$.items', '$.items[0].id', '$["odd key"]', '$.nested.deep.x'])
      assert.ok(got.includes(p), `missing ${p}`);
    assert.ok(!got.includes('$.name'));
  });

  it('collects names, paths and api-versions from the other cells', () => {
    const cells = [
      'name: party\nPOST: /a\napiVersion: 2024.1.0',
      'GET: "/b?x=1" # c\napiVersion: 2025.1.0',
      'name: me\nGET: /c',
      'name: later\nDELETE: /a\napiVersion: 2025.1.0',
    ];
    const facts = collectNotebookFacts(cells, 2);
    assert.deepEqual([...facts.earlierNames], ['party']);
    assert.deepEqual([...(facts.laterNames ?? [])], ['later']);
    assert.deepEqual(facts.paths, ['/a', '/b?x=1']);
    assert.deepEqual(facts.apiVersions, ['2025.1.0', '2024.1.0']);
  });
});
