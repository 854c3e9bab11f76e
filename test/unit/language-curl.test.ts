import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { parseRequestCell } from '../../src/core/request/cell';
import type { Environment } from '../../src/core/environments/environment';
import { toCurl } from '../../src/core/language/curl';
import { curlForCell } from '../../src/core/language/curlForCell';
import { fromCurl } from '../../src/core/language/fromCurl';
import type { CellScope } from '../../src/core/language/languageTypes';
import { shellWords } from '../../src/core/language/shellWords';
import { prepareRequest, type PreparedRequest } from '../../src/core/request/prepare';
import { evaluateTemplates, type NamedResponse } from '../../src/core/request/variables';

const environment: Environment = {
  name: 'uat-eu',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io/v1',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'bank',
  labelReferenceId: 'label',
  apiVersion: '2025.1.0',
  variables: { partyId: "p'1", who: 'Jane "JJ" O\'Neil' },
  protected: false,
};
const party: NamedResponse = { status: 201, headers: {}, body: { referenceId: 'abc' }, bodyIsJson: true };
const scope: CellScope = { environment, earlierNames: new Set(['party']), responses: new Map([['party', party]]) };

/** How a real POSIX shell splits a command: `curl` is replaced by a function that prints its arguments. */
function shellSplit(command: string, vars: Record<string, string> = {}): string[] {
  const assignments = Object.entries(vars)
    .map(([k, v]) => `${k}='${v.replace(/'/g, `'\\''`)}'`)
    .join('; ');
  const script = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }; ${assignments}${assignments ? '; ' : ''}${command}`;
  const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

async function prepared(text: string, env = environment): Promise<PreparedRequest> {
  const parsed = parseRequestCell(text);
  assert.ok(parsed.cell, JSON.stringify(parsed.diagnostics));
  const { values, diagnostics } = evaluateTemplates(text, parsed.cell.templates, {
    environmentName: env.name,
    variables: env.variables,
    responses: scope.responses,
    uuid: () => 'u-u-i-d',
  });
  assert.deepEqual(diagnostics, []);
  const r = await prepareRequest({
    cell: parsed.cell,
    text,
    values,
    environment: env,
    userAgent: 'test',
    readBodyFile: async () => Buffer.from('{"x":1}\n'),
  });
  assert.ok(r.ok);
  return r.request;
}

describe('language cURL', () => {
  describe('shell words', () => {
    const commands = [
      `curl 'a b' "c d" e\\ f`,
      `curl 'it'\\''s' "say \\"hi\\"" "back\\\\slash" 'no\\escape'`,
      `curl -H "X: \\$HOME" 'x' \\\n  -d 'y'`,
      `curl "a"'b'c "" ''`,
      `curl $'tab\\there' $'quote\\'s' $'\\x41\\u00e9\\101'`,
      `curl "$NAME/x" \${NAME}y 'no$NAME'`,
      `curl one # a comment 'with quotes\n`,
      `curl "multi\nline" 'also\nmulti'`,
      `curl é "ü" 'ß' 日本`,
      `curl a\\\r\n b`,
    ];
    for (const command of commands) {
      it(`splits like sh: ${JSON.stringify(command)}`, () => {
        const got = shellWords(command);
        assert.ok(got.ok);
        // Shell variables become templates; give the shell the same text to expand to.
        assert.deepEqual(got.words.slice(1), shellSplit(command.replace(/\r\n/g, '\n'), { NAME: '{{NAME}}' }));
      });
    }
    it('lists shell variables and stops at operators', () => {
      const r = shellWords(`curl "$A" \${B} '$C' https://x | jq . && echo`);
      assert.ok(r.ok);
      assert.deepEqual(r.words, ['curl', '{{A}}', '{{B}}', '$C', 'https://x']);
      assert.deepEqual(r.variables, ['A', 'B']);
      assert.equal(r.rest, '| jq . && echo');
    });
    it('ends the command at a line break, unless the next line looks like more options', () => {
      const r = shellWords(`curl https://x\n  -H 'A: b'\n'more'\necho done\n-X nope`);
      assert.ok(r.ok);
      assert.deepEqual(r.words, ['curl', 'https://x', '-H', 'A: b', 'more']);
      assert.equal(r.rest, 'echo done\n-X nope');
    });
    it('reports unclosed quotes', () => {
      assert.deepEqual(shellWords(`curl 'abc`), {
        ok: false,
        message: 'The single quote at character 6 is never closed.',
      });
      assert.match((shellWords(`curl "abc`) as { message: string }).message, /double quote at character 6/);
    });
  });

  describe('toCurl', () => {
    it('quotes every value so the shell passes it through unchanged', async () => {
      const req = await prepared(
        `POST: /x/{{partyId}}?q=a b\nheaders:\n  X-Note: "{{who}} $HOME \`id\` \\\\ !"\nbody:\n  name: "{{who}}"\n  text: "it's $(rm -rf /)"`,
      );
      const command = toCurl(req, { tokenAttached: true });
      const args = shellSplit(command, { AKKURO_TOKEN: 'tok' });
      assert.deepEqual(args.slice(0, 3), ['-X', 'POST', req.url]);
      assert.ok(args.includes('x-note: Jane "JJ" O\'Neil $HOME `id` \\ !'), JSON.stringify(args));
      assert.ok(args.includes('Authorization: Bearer tok'));
      assert.equal(args[args.indexOf('--data-raw') + 1], req.body);
      assert.ok(args.includes('--compressed'));
      assert.ok(!args.some((a) => /^user-agent:/i.test(a)));
    });

    it('never writes a token or other credentials', async () => {
      const req = await prepared(
        'GET: /x\nheaders:\n  Authorization: Bearer real-secret-token\n  X-Api-Key: key-123456\n  Cookie: sid=abcdef',
      );
      for (const tokenAttached of [true, false]) {
        const command = toCurl(req, { tokenAttached });
        assert.doesNotMatch(command, /real-secret-token|key-123456|sid=abcdef/);
        assert.match(command, /-H "X-Api-Key: \$AKKURO_X_API_KEY"|-H "x-api-key: \$AKKURO_X_API_KEY"/);
        assert.equal(command.includes('$AKKURO_TOKEN'), tokenAttached);
      }
    });

    it('writes HEAD as --head, a GET body with -X GET, and one line per option when asked', async () => {
      assert.match(
        toCurl({ method: 'HEAD', url: 'https://x/', headers: [] }, { tokenAttached: false }),
        /^curl --head 'https:\/\/x\/'$/,
      );
      assert.equal(
        toCurl({ method: 'GET', url: 'https://x/', headers: [], body: 'b' }, { tokenAttached: false }),
        "curl -X GET 'https://x/' --data-raw 'b'",
      );
      const multi = toCurl(
        { method: 'POST', url: 'https://x/', headers: [['accept', 'a']], body: 'b' },
        { tokenAttached: true, multiline: true },
      );
      assert.equal(
        multi,
        `curl \\\n  -X POST \\\n  'https://x/' \\\n  -H 'accept: a' \\\n  -H "Authorization: Bearer $AKKURO_TOKEN" \\\n  --data-raw 'b'`,
      );
      assert.deepEqual(shellSplit(multi, { AKKURO_TOKEN: 't' }), [
        '-X',
        'POST',
        'https://x/',
        '-H',
        'accept: a',
        '-H',
        'Authorization: Bearer t',
        '--data-raw',
        'b',
      ]);
    });

    it('names a body file instead of its bytes, and applies the redactor', () => {
      const c = toCurl(
        { method: 'POST', url: 'https://x/?k=s3cret', headers: [], body: Buffer.from([0, 1]) },
        { tokenAttached: false, bodyFile: "data/it's.jsonl", redact: (s) => s.replace('s3cret', '‹redacted›') },
      );
      assert.equal(c, `curl -X POST 'https://x/?k=‹redacted›' --data-binary '@data/it'\\''s.jsonl'`);
    });
  });

  describe('fromCurl', () => {
    const cases: Array<{ title: string; command: string; cell: string; notices?: RegExp[] }> = [
      {
        title: 'a browser copy with an api-version and a token',
        command: `curl 'https://api.uat.eu.lending.akkuro.io/v1/counterparty-management/counterparties?limit=50&tag=a&tag=b%20c' -H 'accept: application/json;api-version=2025.1.0' -H 'authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig' -H 'sec-fetch-mode: cors' --compressed`,
        cell: 'GET: /counterparty-management/counterparties\napiVersion: 2025.1.0\nquery:\n  limit: 50\n  tag:\n    - a\n    - b c\n',
        notices: [/Dropped the authorization header/, /only browsers send: sec-fetch-mode/],
      },
      {
        title: 'a JSON body with awkward quoting',
        command: `curl -X POST https://api.uat.eu.lending.akkuro.io/v1/p \\\n  -H 'Content-Type: application/json' \\\n  -d '{"name":"Jane O'\\''Neil","note":"say \\"hi\\"","n":1.5,"tags":["{{x}}"]}' -sSk`,
        cell: 'POST: /p\nbody:\n  name: Jane O\'Neil\n  note: say "hi"\n  n: 1.5\n  tags:\n    - "{{x}}"\n',
        notices: [/TLS certificates are always verified/],
      },
      {
        title: 'another origin stays absolute; shell variables become templates',
        command: `curl --json "{\\"id\\": \\"$PARTY_ID\\"}" https://other.example.com:8443/x`,
        cell: 'POST: https://other.example.com:8443/x\nbody:\n  id: "{{PARTY_ID}}"\n',
        notices: [/\{\{PARTY_ID\}\}/],
      },
      {
        title: 'a form body keeps its content type',
        command: `curl -d 'a=1&b=2' --data c=3 https://x.test/form`,
        cell: 'POST: https://x.test/form\nheaders:\n  Content-Type: application/x-www-form-urlencoded\nbody: |-\n  a=1&b=2&c=3\n',
      },
      {
        title: 'jsonl data becomes lines',
        command: `curl -H 'Content-Type: application/jsonl' --data-binary $'{"a":1}\\n{"a":2}\\n' https://x.test/bulk`,
        cell: 'POST: https://x.test/bulk\nlines:\n  - a: 1\n  - a: 2\n',
      },
      {
        title: '-G moves data into the query',
        command: `curl -G -d limit=5 --data-urlencode 'q=a b&c' https://x.test/s -m 2.5 | jq .`,
        cell: 'GET: https://x.test/s\nquery:\n  limit: 5\n  q: a b&c\ntimeout: 2500ms\n',
        notices: [/Ignored what follows the command: \| jq \./],
      },
      {
        title: 'an upload file, credentials dropped',
        command: `curl -T data/p.jsonl https://x.test/up -u user:pass`,
        cell: 'PUT: https://x.test/up\nbodyFile: data/p.jsonl\n',
        notices: [/credentials of -u\/--user/],
      },
      {
        title: 'data from a file',
        command: `curl -d @body.json -H 'Content-Type: application/json' https://x.test/f`,
        cell: 'POST: https://x.test/f\nheaders:\n  Content-Type: application/json\nbodyFile: body.json\n',
      },
      {
        title: 'huge integers keep their digits as text',
        command: `curl -d '{"big": 12345678901234567890}' https://x.test/big`,
        cell: 'POST: https://x.test/big\nheaders:\n  Content-Type: application/json\nbody: |-\n  {"big": 12345678901234567890}\n',
      },
      {
        title: 'short options glued to values, -I, cookies',
        command: `curl -XDELETE -HX-Request-Id:abc -b 'sid=1' https://api.uat.eu.lending.akkuro.io/v1`,
        cell: 'DELETE: /\nheaders:\n  X-Request-Id: abc\n',
        notices: [/cookie/],
      },
      { title: 'HEAD and a schemeless URL', command: `curl -I example.com/x`, cell: 'HEAD: http://example.com/x\n' },
      {
        title: 'a path outside the base path stays absolute',
        command: `curl https://api.uat.eu.lending.akkuro.io/other`,
        cell: 'GET: https://api.uat.eu.lending.akkuro.io/other\n',
        notices: [/outside environment "uat-eu"'s base path \/v1/],
      },
      {
        title: 'a prompt and Windows line ends',
        command: `$ curl \\\r\n  https://x.test/a`,
        cell: 'GET: https://x.test/a\n',
      },
    ];
    for (const c of cases) {
      it(c.title, () => {
        const r = fromCurl(c.command, { environment });
        assert.ok(r.ok, JSON.stringify(r));
        assert.equal(r.cellText, c.cell);
        for (const n of c.notices ?? [])
          assert.ok(
            r.notices.some((x) => n.test(x)),
            `no notice ${n} in ${JSON.stringify(r.notices)}`,
          );
        const parsed = parseRequestCell(r.cellText);
        assert.deepEqual(
          parsed.diagnostics.filter((d) => d.severity === 'error'),
          [],
          'the cell parses',
        );
      });
    }

    it('never keeps a credential anywhere in its output', () => {
      const r = fromCurl(
        `curl -H 'Authorization: Basic dXNlcjpwYXNz' -H 'X-Api-Key: k-999999' -u u:p --oauth2-bearer tkn-123456 -b c=1 https://x.test/`,
      );
      assert.ok(r.ok);
      assert.doesNotMatch(r.cellText + r.notices.join(' '), /dXNlcjpwYXNz|k-999999|u:p|tkn-123456/);
    });

    it('refuses what is not a curl command', () => {
      assert.match((fromCurl('wget https://x') as { message: string }).message, /not a curl command/);
      assert.match((fromCurl('curl -s') as { message: string }).message, /no URL/);
      assert.match((fromCurl('curl -H') as { message: string }).message, /-H needs a value/);
      assert.match((fromCurl(`curl 'https://x`) as { message: string }).message, /never closed/);
    });
  });

  describe('round trip fromCurl(toCurl(x))', () => {
    const cells = [
      'GET: /counterparty-management/counterparties\nquery: { limit: 50, offset: 0, q: "a&b=c d" }',
      'POST: /counterparty-management/counterparties\napiVersion: 2024.2.0\nheaders:\n  X-Request-Id: "{{$uuid}}"\nbody:\n  name: "{{who}}"\n  tags: [a, "it\'s"]\n  nested: { deep: [1, 2.5, true, null] }',
      'PUT: /x/{{party.body.referenceId}}\nbody: |\n  plain text with \'quotes\' and "doubles"\n  second line $HOME',
      'PATCH: https://other.example.com/y?x=1\nauth: none\nbody:\n  a: 1',
      'DELETE: /x/{{partyId}}\nheaders:\n  If-Match: \'"v1"\'',
      'POST: /bulk\nlines:\n  - { a: 1 }\n  - { a: 2 }',
      'HEAD: /x',
    ];
    for (const text of cells) {
      it(text.split('\n')[0], async () => {
        const before = await prepared(text);
        const command = toCurl(before, { tokenAttached: true });
        const back = fromCurl(command, { environment });
        assert.ok(back.ok, JSON.stringify(back));
        const after = await prepared(back.cellText);
        assert.equal(after.method, before.method);
        assert.equal(after.url, before.url);
        assert.equal(after.body?.toString(), before.body?.toString());
        const headers = (r: PreparedRequest) =>
          r.headers.filter(([n]) => n !== 'user-agent' && n !== 'accept-encoding').sort();
        assert.deepEqual(headers(after), headers(before));
      });
    }
  });

  describe('curlForCell', () => {
    it('resolves the cell as a run would, with $AKKURO_TOKEN', async () => {
      const r = await curlForCell('POST: /p/{{party.body.referenceId}}\nbody: { a: "{{partyId}}" }', scope);
      assert.ok(r.ok);
      assert.equal(
        r.command,
        `curl -X POST 'https://api.uat.eu.lending.akkuro.io/v1/p/abc' -H 'accept: application/json;api-version=2025.1.0' -H 'content-type: application/json' -H "Authorization: Bearer $AKKURO_TOKEN" --data-raw '{"a":"p'\\''1"}' --compressed`,
      );
      assert.ok(r.notices.some((n) => /AKKURO_TOKEN/.test(n)));
    });
    it('says why there is no token, and names a body file', async () => {
      const r = await curlForCell('POST: https://other.example.com/x\nbodyFile: data/a.jsonl', scope);
      assert.ok(r.ok);
      assert.doesNotMatch(r.command, /Authorization/);
      assert.match(r.command, /-H 'content-type: application\/jsonl' --data-binary '@data\/a\.jsonl'/);
      assert.ok(
        r.notices.some((n) => /No token in the command: https:\/\/other\.example\.com is not the origin/.test(n)),
      );
    });
    it('explains what stops it', async () => {
      assert.match(
        ((await curlForCell('GET: /x', { ...scope, environment: undefined })) as { message: string }).message,
        /No active environment/,
      );
      assert.match(
        ((await curlForCell('GET: /x\nbogus: 1', scope)) as { message: string }).message,
        /Fix the cell first:\nline 2, column 1: Unknown key/,
      );
      assert.match(
        ((await curlForCell('GET: /x/{{nope}}', scope)) as { message: string }).message,
        /Unknown variable "nope"/,
      );
    });
  });
});
