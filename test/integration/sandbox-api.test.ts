import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { assertProblem, bearer, call, getToken } from './sandbox-harness';

const LIST = '/counterparty-management/counterparties';

describe('sandbox: counterparties and collaterals', () => {
  let sb: Sandbox;
  let token: string;
  let json: Record<string, string>;
  before(async () => {
    sb = await startSandbox();
    token = await getToken(sb.url);
    json = { ...bearer(token), 'content-type': 'application/json' };
  });
  after(() => sb.close());

  const post = (path: string, body: string, headers = json) => call(sb.url + path, { method: 'POST', headers, body });

  it('lists seeded counterparties with the default page', async () => {
    const res = await call(sb.url + LIST, { headers: bearer(token) });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    const page = res.json();
    assert.equal(page.offset, 0);
    assert.equal(page.limit, 20);
    assert.ok(page.total >= 5);
    assert.equal(page.items.length, page.total);
    assert.deepEqual(Object.keys(page.items[0]).sort(), ['countryCode', 'createdAt', 'name', 'referenceId', 'type']);
  });

  it('pages with offset and limit', async () => {
    const all = (await call(`${sb.url}${LIST}?limit=100`, { headers: bearer(token) })).json();
    const page = (await call(`${sb.url}${LIST}?offset=1&limit=2`, { headers: bearer(token) })).json();
    assert.deepEqual(page.items, all.items.slice(1, 3));
    assert.equal(page.total, all.total);
    assert.deepEqual([page.offset, page.limit], [1, 2]);
    const beyond = (await call(`${sb.url}${LIST}?offset=1000`, { headers: bearer(token) })).json();
    assert.deepEqual(beyond.items, []);
    assert.equal(beyond.total, all.total);
  });

  const bounds: Array<[string, string]> = [
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=2.5', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=x&limit=0', 'offset'],
  ];
  for (const [query, parameter] of bounds) {
    it(`refuses ${query} with a 400 naming ${parameter}`, async () => {
      const problem = assertProblem(await call(`${sb.url}${LIST}?${query}`, { headers: bearer(token) }), 400);
      assert.ok(
        problem.errors.some((e: { parameter: string }) => e.parameter === parameter),
        JSON.stringify(problem.errors),
      );
    });
  }

  it('accepts the bounds limit=1 and limit=100', async () => {
    assert.equal((await call(`${sb.url}${LIST}?limit=1`, { headers: bearer(token) })).json().items.length, 1);
    assert.equal((await call(`${sb.url}${LIST}?limit=100`, { headers: bearer(token) })).status, 200);
  });

  it('creates, gets and finds a counterparty', async () => {
    const created = await post(
      LIST,
      JSON.stringify({ name: 'Zoë Created', type: 'organisation', countryCode: 'BE', ignored: true }),
    );
    assert.equal(created.status, 201, created.text);
    const party = created.json();
    assert.match(party.referenceId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual([party.name, party.type, party.countryCode], ['Zoë Created', 'organisation', 'BE']);
    assert.ok(!Number.isNaN(Date.parse(party.createdAt)));
    assert.equal(party.ignored, undefined);
    assert.equal(created.headers.location, `${LIST}/${party.referenceId}`);
    const got = await call(sb.url + String(created.headers.location), { headers: bearer(token) });
    assert.deepEqual(got.json(), party);
    const found = (await call(`${sb.url}${LIST}?name=zoË%20cr`, { headers: bearer(token) })).json();
    assert.deepEqual(found.items, [party]);
    assert.equal(found.total, 1);
  });

  it('defaults the type to person', async () => {
    assert.equal((await post(LIST, '{"name":"Plain"}')).json().type, 'person');
  });

  const invalid: Array<[string, string, number, RegExp]> = [
    ['a missing name', '{"type":"person"}', 422, /\/name/],
    ['an empty name', '{"name":"  "}', 422, /\/name/],
    ['a bad type and country', '{"name":"X","type":"robot","countryCode":"nl"}', 422, /\/type.*\/countryCode/],
    ['an array body', '[1]', 422, /"pointer":""/],
    ['invalid JSON', '{"name": "x",\n  oops}', 400, /line 2, column 3/],
    ['an empty body', '', 400, /empty/],
  ];
  for (const [name, body, status, expected] of invalid) {
    it(`answers ${status} for ${name}`, async () => {
      const res = await post(LIST, body);
      const problem = assertProblem(res, status);
      assert.match(status === 422 ? JSON.stringify(problem.errors) : problem.detail, expected);
    });
  }

  it('answers 404 for an unknown counterparty, path or domain, and 405 with Allow for an unknown method', async () => {
    assert.match(
      assertProblem(
        await call(`${sb.url}${LIST}/00000000-0000-4000-8000-000000000000`, { headers: bearer(token) }),
        404,
      ).detail,
      /No counterparty/,
    );
    assert.match(
      assertProblem(await call(`${sb.url}/financing-solutions/loans`, { headers: bearer(token) }), 404).detail,
      /implements/,
    );
    assert.equal(assertProblem(await call(`${sb.url}/nope`), 404).instance, '/nope');
    const res = await call(sb.url + LIST, { method: 'DELETE', headers: bearer(token) });
    assertProblem(res, 405);
    assert.equal(res.headers.allow, 'GET, POST, HEAD');
    assert.equal(assertProblem(await call(`${sb.url}${LIST}/bulk`, { headers: bearer(token) }), 405).status, 405);
  });

  it('answers HEAD like GET without a body', async () => {
    const res = await call(sb.url + LIST, { method: 'HEAD', headers: bearer(token) });
    assert.equal(res.status, 200);
    assert.equal(res.raw.length, 0);
    assert.ok(Number(res.headers['content-length']) > 0);
  });

  it('lists, creates and gets collaterals of a counterparty', async () => {
    const parties = (await call(sb.url + LIST, { headers: bearer(token) })).json().items;
    const path = `/collateral-management/counterparties/${parties[0].referenceId}/collaterals`;
    const seeded = (await call(sb.url + path, { headers: bearer(token) })).json();
    assert.equal(seeded.total, 1);
    const created = await post(
      path,
      JSON.stringify({ type: 'vehicle', value: { amount: 25000.5, currency: 'EUR' }, description: 'Van' }),
    );
    assert.equal(created.status, 201, created.text);
    const collateral = created.json();
    assert.deepEqual(
      [collateral.type, collateral.value, collateral.counterpartyReferenceId],
      ['vehicle', { amount: 25000.5, currency: 'EUR' }, parties[0].referenceId],
    );
    assert.deepEqual(
      (await call(sb.url + String(created.headers.location), { headers: bearer(token) })).json(),
      collateral,
    );
    const after = (await call(`${sb.url}${path}?offset=1&limit=5`, { headers: bearer(token) })).json();
    assert.deepEqual(after, { items: [collateral], total: 2, offset: 1, limit: 5 });
    const empty = (
      await call(`${sb.url}/collateral-management/counterparties/${parties[1].referenceId}/collaterals`, {
        headers: bearer(token),
      })
    ).json();
    assert.deepEqual(empty.items, []);
  });

  it('refuses collaterals of an unknown counterparty (404) and invalid ones (422)', async () => {
    const unknown = '/collateral-management/counterparties/00000000-0000-4000-8000-000000000000/collaterals';
    assertProblem(await call(sb.url + unknown, { headers: bearer(token) }), 404);
    assertProblem(await post(unknown, '{"type":"vehicle","value":{"amount":1,"currency":"EUR"}}'), 404);
    const party = (await call(sb.url + LIST, { headers: bearer(token) })).json().items[2];
    const problem = assertProblem(
      await post(
        `/collateral-management/counterparties/${party.referenceId}/collaterals`,
        '{"type":"boat","value":{"amount":-1,"currency":"eur"}}',
      ),
      422,
    );
    assert.deepEqual(
      problem.errors.map((e: { pointer: string }) => e.pointer),
      ['/type', '/value/amount', '/value/currency'],
    );
  });

  it('creates counterparties in bulk from JSON lines, one result per line', async () => {
    const body =
      ['{"name":"Bulk One"}', '', '{"name":', '{"type":"person"}', '{"name":"Bulk Two","countryCode":"CH"}'].join(
        '\r\n',
      ) + '\n';
    const res = await post(`${LIST}/bulk`, body, { ...bearer(token), 'content-type': 'application/jsonl' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['content-type'], 'application/jsonl');
    const results = res.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      results.map((r) => r.line),
      [1, 3, 4, 5],
    );
    assert.match(results[1].error, /Not valid JSON/);
    assert.match(results[2].error, /name is required/);
    for (const r of [results[0], results[3]]) {
      assert.equal((await call(`${sb.url}${LIST}/${r.referenceId}`, { headers: bearer(token) })).status, 200);
    }
  });

  it('refuses a bulk upload that is not application/jsonl (415)', async () => {
    assert.match(assertProblem(await post(`${LIST}/bulk`, '[{"name":"x"}]'), 415).detail, /application\/jsonl/);
  });
});

describe('sandbox: api-version negotiation and compression', () => {
  let sb: Sandbox;
  let token: string;
  before(async () => {
    sb = await startSandbox();
    token = await getToken(sb.url);
    for (let i = 0; i < 10; i++) {
      await call(sb.url + LIST, {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Compressible ${i}`, email: `c${i}@example.com` }),
      });
    }
  });
  after(() => sb.close());

  const accept = (value?: string) =>
    call(sb.url + LIST, {
      headers:
        value === undefined
          ? { authorization: `Bearer ${token}` }
          : { authorization: `Bearer ${token}`, accept: value },
    });

  it('uses the latest version with a Warning when none is asked', async () => {
    for (const value of [undefined, 'application/json', '*/*']) {
      const res = await accept(value);
      assert.equal(res.status, 200);
      assert.equal(res.headers['akkuro-api-version'], '2025.1.0');
      assert.equal(res.headers.warning, '299 - "No api-version requested; using latest 2025.1.0"');
    }
  });

  const known: Array<[string, string]> = [
    ['application/json;api-version=2025.1.0', '2025.1.0'],
    ['application/json; api-version=2024.2.0', '2024.2.0'],
    ['application/json ; API-Version = "2024.2.0"', '2024.2.0'],
    ['text/html, application/json;q=0.9;api-version=2024.2.0, */*;q=0.1', '2024.2.0'],
  ];
  for (const [value, version] of known) {
    it(`answers ${version} for Accept: ${value}`, async () => {
      const res = await accept(value);
      assert.equal(res.status, 200);
      assert.equal(res.headers['akkuro-api-version'], version);
      assert.equal(res.headers.warning, undefined);
    });
  }

  it('answers 406 listing the supported versions for an unknown one', async () => {
    const problem = assertProblem(await accept('application/json;api-version=2023.9.9'), 406);
    assert.match(problem.detail, /2023\.9\.9.*2024\.2\.0, 2025\.1\.0/);
    assert.deepEqual(problem.supportedVersions, ['2024.2.0', '2025.1.0']);
  });

  it('puts the api-version headers on error responses too', async () => {
    const res = await call(sb.url + LIST);
    assertProblem(res, 401);
    assert.equal(res.headers['akkuro-api-version'], '2025.1.0');
  });

  it('compresses large bodies with br > gzip > deflate, all decoding to the same JSON', async () => {
    const plain = await call(`${sb.url}${LIST}?limit=100`, { headers: bearer(token) });
    assert.ok(plain.raw.length > 1024, `body is ${plain.raw.length} bytes`);
    assert.equal(plain.headers['content-encoding'], undefined);
    const cases: Array<[string, string, (b: Buffer) => Buffer]> = [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip;q=1.0, br;q=0', 'gzip', gunzipSync],
      ['deflate', 'deflate', inflateSync],
      ['identity', '', (b) => b],
    ];
    for (const [acceptEncoding, encoding, decode] of cases) {
      const res = await call(`${sb.url}${LIST}?limit=100`, {
        headers: bearer(token, { 'accept-encoding': acceptEncoding }),
      });
      assert.equal(res.headers['content-encoding'], encoding || undefined, acceptEncoding);
      assert.equal(res.headers.vary, 'Accept-Encoding');
      assert.equal(Number(res.headers['content-length']), res.raw.length);
      if (encoding) {
        assert.ok(res.raw.length < plain.raw.length);
      }
      assert.deepEqual(JSON.parse(decode(res.raw).toString('utf8')), plain.json());
    }
  });

  it('leaves small bodies uncompressed', async () => {
    const res = await call(`${sb.url}${LIST}?limit=1`, { headers: bearer(token, { 'accept-encoding': 'gzip, br' }) });
    assert.equal(res.headers['content-encoding'], undefined);
    assert.equal(res.json().items.length, 1);
  });
});
