import assert from 'node:assert/strict';
import { parseRequestCell } from '../../src/core/request/cell';
import { compileUntil, untilAsExpect } from '../../src/core/expect/until';
import { checkCells } from '../../src/core/notebook/staticCheck';
import { sandboxEnvironment } from '../../src/core/environments/sandboxEnvironment';

const GET = 'GET: /counterparty-management/counterparties\n';

/** Errors of a cell as `line:column code message`, in text order. */
function problems(text: string): string[] {
  return parseRequestCell(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
}

describe('paginate, repeat and retries: the schema', () => {
  it('reads paginate, with limit 100 unless set', () => {
    assert.deepEqual(parseRequestCell(`${GET}paginate: { limit: 50, maxPages: 20 }`).cell?.paginate, {
      limit: 50,
      maxPages: 20,
    });
    assert.deepEqual(parseRequestCell(`${GET}paginate:\n  maxPages: 3`).cell?.paginate, { limit: 100, maxPages: 3 });
  });

  it('reads repeat, with every 5s unless set, and until as written', () => {
    const cell = parseRequestCell(
      'GET: /migration-assistance/migrations/1\nrepeat: { until: { $.status: Completed, status: 200 }, every: 500ms, max: 20 }',
    ).cell;
    assert.deepEqual(cell?.repeat, { until: { '$.status': 'Completed', status: 200 }, everyMs: 500, max: 20 });
    assert.equal(parseRequestCell(`${GET}repeat: { until: { $.a: 1 }, max: 2 }`).cell?.repeat?.everyMs, 5000);
  });

  it('reads retries from 0 to 10', () => {
    assert.equal(parseRequestCell(`${GET}retries: 0`).cell?.retries, 0);
    assert.equal(parseRequestCell(`${GET}retries: 10`).cell?.retries, 10);
  });

  it('remembers where the bound is written, for diagnostics about budgets', () => {
    const text = `${GET}paginate: { limit: 50, maxPages: 20 }`;
    const [start, end] = parseRequestCell(text).cell!.boundRanges!.requests!;
    assert.equal(text.slice(start, end), '20');
  });

  const table: Array<[string, string, RegExp]> = [
    [
      'paginate without maxPages',
      `${GET}paginate: { limit: 100 }`,
      /^2:1 paginate-maxpages-missing "paginate" needs "maxPages" \(how many pages at most\): nothing is sent without a bound\./,
    ],
    [
      'repeat without max',
      `${GET}repeat: { until: { $.status: Completed } }`,
      /^2:1 repeat-max-missing "repeat" needs "max"/,
    ],
    [
      'repeat without until',
      `${GET}repeat: { max: 3 }`,
      /^2:1 repeat-until-missing "repeat" needs "until" \(when to stop\)/,
    ],
    [
      'a negative maxPages',
      `${GET}paginate: { maxPages: -2 }`,
      /^2:23 sequence-maxpages "maxPages" must be a whole number from 1 to 1000 \(the most pages fetched\): it cannot be negative\./,
    ],
    ['a maxPages of 0', `${GET}paginate: { maxPages: 0 }`, /^2:23 sequence-maxpages .*from 1 to 1000/],
    [
      'a fractional limit',
      `${GET}paginate: { limit: 2.5, maxPages: 2 }`,
      /^2:20 sequence-limit "limit" must be a whole number from 1 to 100 .*, not "2.5"/,
    ],
    ['a limit over 100', `${GET}paginate: { limit: 500, maxPages: 2 }`, /^2:20 sequence-limit .*from 1 to 100/],
    [
      'a negative max',
      `${GET}repeat: { until: { $.a: 1 }, max: -1 }`,
      /sequence-max "max" must be a whole number from 1 to 1000 .*: it cannot be negative/,
    ],
    [
      'a negative every',
      `${GET}repeat: { until: { $.a: 1 }, every: -5s, max: 2 }`,
      /repeat-every "every" must be the pause between attempts, a duration from 1ms to 10m .*, not "-5s"/,
    ],
    ['every without a unit', `${GET}repeat: { until: { $.a: 1 }, every: 5, max: 2 }`, /repeat-every/],
    [
      'negative retries',
      `${GET}retries: -1`,
      /^2:10 retries "retries" must be a whole number from 0 to 10 .*: it cannot be negative/,
    ],
    ['too many retries', `${GET}retries: 11`, /^2:10 retries .*from 0 to 10/],
    [
      'an until key that is not a JSON path',
      `${GET}repeat: { until: { state: Completed }, max: 2 }`,
      /^2:20 repeat-until "state" is not a JSON path: "until" takes paths into the response body such as \$\.status/,
    ],
    [
      'an until path that cannot be read',
      `${GET}repeat: { until: { "$.items[": 1 }, max: 2 }`,
      /^2:20 repeat-until bad path "\$\.items\[": /,
    ],
    [
      'an unknown operator in until',
      `${GET}repeat:\n  until:\n    $.status: { equal: Completed }\n  max: 2`,
      /^4:17 repeat-until unknown operator "equal": did you mean equals\?/,
    ],
    [
      'until that is not a mapping',
      `${GET}repeat: { until: Completed, max: 2 }`,
      /repeat-until "until" must be a mapping of JSON paths .*; it is the text "Completed"/,
    ],
    [
      'paginate that is not a mapping',
      `${GET}paginate: 20`,
      /^2:11 paginate "paginate" must be a mapping, e\.g\. paginate: \{ limit: 100, maxPages: 20 \}; it is number 20\./,
    ],
    [
      'an unknown key in paginate, with a suggestion',
      `${GET}paginate: { maxpages: 20 }`,
      /paginate-key Unknown key "maxpages" in "paginate"; did you mean "maxPages"\?/,
    ],
    [
      'paginate with POST',
      'POST: /counterparty-management/counterparties\npaginate: { maxPages: 2 }',
      /^2:1 paginate-method "paginate" reads a list page by page, which is a GET; this cell sends POST\./,
    ],
    [
      'repeat with PATCH',
      'PATCH: /x\nrepeat: { until: { $.a: 1 }, max: 2 }',
      /^2:1 repeat-method "repeat" sends the same request again and again, which only GET, HEAD, OPTIONS may do: PATCH can change data/,
    ],
    [
      'paginate and repeat in one cell',
      `${GET}paginate: { maxPages: 2 }\nrepeat: { until: { $.a: 1 }, max: 2 }`,
      /^3:1 sequence-both Use either "paginate" .* or "repeat"/,
    ],
    [
      'paginate with offset in the query',
      `${GET}query: { offset: 10 }\npaginate: { maxPages: 2 }`,
      /paginate-query "paginate" sets offset and limit for each page: remove "offset" from the query/,
    ],
    [
      'paginate with limit in the URL',
      'GET: /x?limit=5\npaginate: { maxPages: 2 }',
      /paginate-query .*remove "limit" from the URL/,
    ],
  ];
  for (const [what, text, expected] of table)
    it(`says what is wrong with ${what}, where`, () => {
      const found = problems(text);
      assert.ok(
        found.some((p) => expected.test(p)),
        `expected ${expected}\n got:\n${found.join('\n')}`,
      );
      assert.equal(parseRequestCell(text).cell, undefined, 'a cell with a problem is not sent');
    });

  it('until speaks the words of expect', () => {
    assert.deepEqual(untilAsExpect({ '$.status': 'Completed', status: 200 }), {
      status: 200,
      body: { '$.status': 'Completed' },
    });
    assert.ok(compileUntil({ '$.progress': { gte: 100 } }).spec);
    assert.equal(compileUntil({ '$.n': { gte: '{{min}}' } }).deferred, true, 'a variable is compared once substituted');
    assert.match(compileUntil({}).problems[0].message, /got an empty mapping/);
  });
});

describe('paginate and repeat in the check before a run', () => {
  const env = sandboxEnvironment('http://127.0.0.1:1');
  const check = (texts: string[], budget?: number) =>
    checkCells(
      texts.map((text, index) => ({ index, text })),
      { environment: env, parse: parseRequestCell, ...(budget !== undefined ? { budget } : {}) },
    );

  it('a schema problem in any cell stops the run before anything is sent', async () => {
    const found = await check([GET, `${GET}paginate: { limit: 10 }`]);
    assert.deepEqual(
      found.map((p) => [p.index, p.diagnostics.map((d) => d.code)]),
      [[1, ['paginate-maxpages-missing']]],
    );
  });

  it('a cell whose bound alone is over --budget is refused at the bound', async () => {
    const text = `${GET}paginate: { limit: 10, maxPages: 50 }`;
    const [p] = await check([text], 20);
    assert.equal(p.diagnostics[0].code, 'budget-cell');
    assert.equal(text.slice(p.diagnostics[0].offset, p.diagnostics[0].endOffset), '50');
    assert.match(p.diagnostics[0].message, /This cell may send 50 requests \(maxPages 50\), more than --budget 20/);
    assert.deepEqual(await check([text], 50), []);
  });

  it("a bound over the client's daily quota is a warning, which never stops a run", async () => {
    const text =
      'label: demo-label\nGET: /migration-assistance/migrations/1\nrepeat: { until: { $.status: Completed }, max: 150 }';
    assert.deepEqual(await check([text]), []);
  });
});
