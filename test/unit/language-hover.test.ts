import assert from 'node:assert/strict';
import type { Environment } from '../../src/core/environments/environment';
import { hover, type HoverInput } from '../../src/core/language/hover';
import type { CellScope } from '../../src/core/language/languageTypes';
import type { NamedResponse } from '../../src/core/request/variables';

const environment: Environment = {
  name: 'uat-eu',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io/v1',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'bank',
  labelReferenceId: 'label',
  apiVersion: '2025.1.0',
  variables: {
    partyId: 'p 1',
    clientSecret: 'hunter2-very-secret',
    jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
    long: 'y'.repeat(300),
  },
  protected: false,
};
const party: NamedResponse = {
  status: 201,
  headers: { location: '/p/abc', 'set-cookie': 'sid=s3cr3t-cookie' },
  body: { referenceId: 'abc', items: [{ id: 1 }] },
  bodyIsJson: true,
};
const scope: CellScope = {
  environment,
  earlierNames: new Set(['party', 'loan']),
  laterNames: new Set(['later']),
  responses: new Map([['party', party]]),
};

async function hoverAt(marked: string, s: CellScope = scope) {
  const offset = marked.indexOf('‸');
  const text = marked.replace('‸', '');
  const input: HoverInput = { ...s, text, offset };
  const h = await hover(input);
  return { text, h, span: h ? text.slice(h.start, h.end) : undefined };
}

describe('language hover', () => {
  const cases: Array<[string, string, RegExp[], string?]> = [
    ['an environment variable', 'GET: /x/{{part‸yId}}', [/= `p 1`/, /environment "uat-eu"/], '{{partyId}}'],
    ['a secret-looking variable by name', 'GET: /x?s={{client‸Secret}}', [/= `‹redacted›`/], '{{clientSecret}}'],
    ['a secret-looking variable by value', 'GET: /x?s={{j‸wt}}', [/= `‹redacted›`/]],
    ['a long value is shortened', 'GET: /x/{{lo‸ng}}', [/… \(300 characters\)/]],
    [
      'an unknown variable gives the runtime message',
      'GET: /x/{{part‸yid}}',
      [/Unknown variable "partyid"; did you mean "partyId"\?/],
    ],
    ['a built-in', 'GET: /x/{{$uu‸id}}', [/built-in, a random UUID/]],
    ['a response field', 'GET: /x/{{party.body.refer‸enceId}}', [/`abc`/, /From response "party" \(status 201\)/]],
    ['a structured response value', 'GET: /x/{{party.body.ite‸ms}}', [/```json\n\[\n {2}\{\n {4}"id": 1/]],
    ['a response header that looks secret', 'GET: /x/{{party.headers.set-coo‸kie}}', [/`‹redacted›`/]],
    [
      'a response that has not run',
      'GET: /x/{{loan.bo‸dy.id}}',
      [/has not run yet in environment "uat-eu": run it first/],
    ],
    ['a response no earlier cell names', 'GET: /x/{{nob‸ody.status}}', [/No earlier cell is named "nobody"/]],
    ['a response named below', 'GET: /x/{{lat‸er.status}}', [/below this one: move it above/]],
    ['a missing path in the last response', 'GET: /x/{{party.body.no‸pe}}', [/no body\.nope/]],
    ['a template in a block scalar', 'POST: /x\nbody: |\n  hi {{part‸yId}}', [/= `p 1`/]],
    ['a top-level key', 'GET: /x\napiVer‸sion: 2025.1.0', [/\*\*apiVersion\*\*: The API version/], 'apiVersion'],
    ['an expect key', 'GET: /x\nexpect:\n  sta‸tus: 200', [/\*\*status\*\*: The status code/], 'status'],
  ];
  for (const [title, text, patterns, span] of cases) {
    it(title, async () => {
      const r = await hoverAt(text);
      assert.ok(r.h, 'no hover');
      for (const p of patterns) assert.match(r.h.contents, p);
      if (span) assert.equal(r.span, span);
    });
  }

  it('shows the full URL, api-version and token on the method line', async () => {
    const r = await hoverAt(
      'name: next\nP‸OST: /counterparty-management/counterparties/{{party.body.referenceId}}/x y?a={{partyId}}\nquery: { limit: 5, q: "a&b" }\napiVersion: 2024.2.0',
    );
    assert.ok(r.h);
    assert.equal(r.span, 'POST: /counterparty-management/counterparties/{{party.body.referenceId}}/x y?a={{partyId}}');
    assert.match(
      r.h.contents,
      /`https:\/\/api\.uat\.eu\.lending\.akkuro\.io\/v1\/counterparty-management\/counterparties\/abc\/x%20y\?a=p\+1&limit=5&q=a%26b`/,
    );
    assert.match(r.h.contents, /api-version `2024\.2\.0` \(from this cell\)/);
    assert.match(r.h.contents, /token of environment "uat-eu" \(bank\/label\) is attached/);
  });

  it('keeps unresolved, built-in and secret templates visible in the URL', async () => {
    const r = await hoverAt('G‸ET: /x/{{loan.body.id}}/{{$uuid}}?s={{clientSecret}}');
    assert.ok(r.h);
    assert.match(
      r.h.contents,
      /`https:\/\/api\.uat\.eu\.lending\.akkuro\.io\/v1\/x\/\{\{loan\.body\.id\}\}\/\{\{\$uuid\}\}\?s=\{\{clientSecret\}\}`/,
    );
    assert.match(r.h.contents, /Not resolved yet:\n- `\{\{loan\.body\.id\}\}`: No response named "loan"/);
    assert.doesNotMatch(r.h.contents, /hunter2/);
  });

  it('says when no token is sent, and why', async () => {
    let r = await hoverAt('GET‸: https://other.example.com/x');
    assert.match(r.h!.contents, /no token: https:\/\/other\.example\.com is not the origin of environment "uat-eu"/);
    r = await hoverAt('GET‸: /x\nauth: none');
    assert.match(r.h!.contents, /no token: the cell says "auth: none"/);
    r = await hoverAt('GET‸: /x', {
      ...scope,
      environment: { ...environment, apiVersion: undefined, brokerKey: undefined },
    });
    assert.match(r.h!.contents, /has no brokerKey/);
    assert.match(r.h!.contents, /no api-version: the API answers with its latest version/);
  });

  it("uses the notebook api-version over the environment's, and warns about protected environments", async () => {
    const prod = { ...environment, protected: true, protectedReason: 'api.eu.lending.akkuro.io is a production host' };
    const r = await hoverAt('DELETE: /x‸', { ...scope, environment: prod, notebookApiVersion: '2024.9.9' });
    assert.match(r.h!.contents, /api-version `2024\.9\.9` \(from the notebook\)/);
    assert.match(
      r.h!.contents,
      /protected \(api\.eu\.lending\.akkuro\.io is a production host\): sending asks for confirmation/,
    );
    const get = await hoverAt('GET: /x‸', { ...scope, environment: prod });
    assert.doesNotMatch(get.h!.contents, /confirmation/);
  });

  it('explains what is missing instead of a URL', async () => {
    let r = await hoverAt('GET‸: /x', { ...scope, environment: undefined });
    assert.match(r.h!.contents, /No active environment/);
    r = await hoverAt('GET‸: /x\nbogus: 1');
    assert.match(r.h!.contents, /once the cell's problems are fixed: line 2: Unknown key "bogus"/);
  });

  it('has nothing to say in comments, plain values and block text', async () => {
    for (const t of ['GET: /x # {{part‸yId}}', 'GET: /x\nbody:\n  na‸me: x', 'POST: /x\nbody: |\n  GE‸T: /x'])
      assert.equal((await hoverAt(t)).h, undefined, t);
  });
});
