import assert from 'node:assert/strict';
import { lineColumnAt } from '../../src/core/text/diagnostic';
import { cellPositions } from '../../src/core/notebook/cellPositions';
import { serializeNotebookFile } from '../../src/core/notebook/notebookFile';
import {
  CELL_CHECKS,
  checkCells,
  formatCellProblem,
  type CellCheck,
  type StaticCheckContext,
} from '../../src/core/notebook/staticCheck';
import { parseRequestCell } from '../../src/core/request/cell';
import type { Environment } from '../../src/core/environments/environment';

const LIST = 'GET: /counterparty-management/counterparties';
/** A whole environment with clients: the client and label check needs one. */
const WITH_CLIENTS: Environment = {
  name: 'uat',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'bank',
  labelReferenceId: 'retail',
  labels: ['retail', 'business'],
  clients: [
    { name: 'onboarding', labels: 'all', domains: ['/counterparty-management'] },
    { name: 'migration', labels: ['business'], domains: ['/migration-assistance'] },
  ],
  variables: { partyId: 'p-1' },
  protected: false,
};

function context(extra: Partial<StaticCheckContext> = {}): StaticCheckContext {
  return {
    environment: { name: 'uat', baseUrl: 'https://api.uat.eu.lending.akkuro.io', variables: { partyId: 'p-1' } },
    parse: parseRequestCell,
    ...extra,
  };
}

type Found = [cell: number, code: string, line: number, column: number];

// Everything a run can know before sending its first request (issue 11, item 8): a notebook with a
// problem in any cell sends nothing.
describe('static check of a notebook before anything is sent', () => {
  const table: Array<[string, string[], Partial<StaticCheckContext>, Found[], RegExp?]> = [
    ['a clean notebook', [`name: list\n${LIST}`, `GET: /x/{{list.body.items[0].id}}/{{partyId}}/{{$uuid}}`], {}, []],
    ['two method keys in a later cell', [LIST, 'GET: /a\nPOST: /b'], {}, [[1, 'two-methods', 2, 1]], /Two method keys/],
    ['a duplicate key', ['GET: /a\nname: x\nname: y'], {}, [[0, 'duplicate-key', 3, 1]]],
    ['an unknown key', ['GET: /a\nbdy: {}'], {}, [[0, 'unknown-key', 2, 1]], /did you mean "body"/],
    ['a YAML error', ['GET: /a\nbody: {a: 1'], {}, [[0, 'yaml-bad-indent', 2, 7]]],
    [
      'an unknown environment variable',
      [LIST, 'GET: /a/{{partyID}}'],
      {},
      [[1, 'variable-unknown', 1, 9]],
      /Unknown variable "partyID"; did you mean "partyId"\?/,
    ],
    ['a variable given on the command line', ['GET: /a/{{tenant}}'], { variables: { tenant: 't' } }, []],
    ['an unknown built-in', ['GET: /a/{{$uid}}'], {}, [[0, 'template-syntax', 1, 9]], /did you mean "\$uuid"/],
    [
      'a response named by a cell below',
      ['GET: /a/{{party.body.id}}', `name: party\n${LIST}`],
      {},
      [[0, 'response-unnamed', 1, 9]],
      /the cell named "party" is below this one; move it above/,
    ],
    [
      'a response no cell names',
      ['GET: /a/{{party.status}}'],
      {},
      [[0, 'response-unnamed', 1, 9]],
      /add "name: party" to the cell/,
    ],
    [
      'a variable that is a response',
      [`name: party\n${LIST}`, 'GET: /a/{{party}}'],
      {},
      [[1, 'variable-is-response', 1, 9]],
      /"party" is a response/,
    ],
    ['a template inside expect', ['GET: /a\nexpect:\n  status: "{{nope}}"'], {}, [[0, 'variable-unknown', 3, 12]]],
    ['an invalid absolute URL', ['GET: "https://"'], {}, [[0, 'url', 1, 6]], /is not a valid URL/],
    [
      'problems in several cells are all reported, in order',
      ['GET: /a\nPOST: /b', LIST, 'GET: /{{nope}}'],
      {},
      [
        [0, 'two-methods', 2, 1],
        [2, 'variable-unknown', 1, 7],
      ],
    ],
    ['warnings do not stop a run', ['GET: /a\nheaders: { Authorization: x }\nbody: { a: 1 }'], {}, []],
    [
      'a request no client of the environment covers',
      [LIST, 'GET: /migration-assistance/migrations', 'GET: /process-orchestration/x'],
      { environment: WITH_CLIENTS },
      [
        [1, 'access-label-out-of-scope', 1, 1],
        [2, 'access-no-client', 1, 1],
      ],
      /"migration" \(business\), which is not scoped to white label "retail"/,
    ],
    [
      'the label the run asks for lets the scoped client through',
      ['GET: /migration-assistance/migrations', 'client: migraton\nGET: /migration-assistance/x'],
      { environment: WITH_CLIENTS, access: { explicit: { label: 'business' } } },
      [[1, 'access-unknown-client', 1, 9]],
    ],
    [
      'a body file the rule refuses',
      ['POST: /a\nbodyFile: ../../etc/passwd   # note'],
      { bodyFile: (p) => Promise.resolve(p.includes('..') ? 'it resolves outside the folder' : undefined) },
      [[0, 'body-file', 2, 11]],
      /"bodyFile: \.\.\/\.\.\/etc\/passwd" cannot be used: it resolves outside the folder\./,
    ],
    [
      'a body file named with a template waits for its run',
      ['POST: /a\nbodyFile: "{{partyId}}.json"'],
      { bodyFile: () => Promise.resolve('refused') },
      [],
    ],
  ];
  for (const [what, cells, extra, expected, message] of table) {
    it(what, async () => {
      const problems = await checkCells(
        cells.map((text, index) => ({ index, text })),
        context(extra),
      );
      const found = problems.flatMap((p) => p.diagnostics.map((d): Found => [p.index, d.code, d.line, d.column]));
      assert.deepEqual(found, expected);
      if (message) assert.match(problems.flatMap((p) => p.diagnostics.map((d) => d.message)).join('\n'), message);
    });
  }

  describe('a run of some cells (VS Code: run selected cells, cells below)', () => {
    const cells = [
      { index: 0, text: `name: party\n${LIST}` },
      { index: 2, text: 'GET: /a/{{party.body.id}}' },
      { index: 3, text: `name: later\n${LIST}` },
      { index: 4, text: 'GET: /b/{{later.status}}' },
    ];
    it('a response from an earlier cell outside the run counts only when it is in memory', async () => {
      const run = new Set([2]);
      assert.deepEqual(
        (await checkCells(cells, context(), run)).map((p) => p.diagnostics[0].code),
        ['response-unnamed'],
      );
      assert.deepEqual(await checkCells(cells, context({ responses: new Set(['party']) }), run), []);
    });
    it('a response in memory from a cell below still counts as below', async () => {
      const moved = [cells[1], { ...cells[0], index: 5 }];
      const problems = await checkCells(moved, context({ responses: new Set(['party']) }));
      assert.match(problems[0]?.diagnostics[0].message ?? '', /below this one/);
    });
    it('only the cells of the run are checked', async () => {
      assert.deepEqual(await checkCells([...cells, { index: 6, text: 'bogus' }], context(), new Set([3, 4])), []);
    });
  });

  it('tells each cell what is above and below it, for a name used twice and for a response used as a variable', async () => {
    const texts = [
      'GET: /a/{{dup.status}}',
      `name: dup\n${LIST}`,
      'GET: /b/{{dup.status}}/{{dup}}',
      `name: dup\n${LIST}`,
      'GET: /c/{{nope.status}}',
    ];
    const problems = await checkCells(
      texts.map((text, index) => ({ index, text })),
      context(),
    );
    assert.deepEqual(
      problems.map((p) => [p.index, p.diagnostics.map((d) => d.code)]),
      [
        [0, ['response-unnamed']],
        [2, ['variable-is-response']],
        [4, ['response-unnamed']],
      ],
    );
    assert.match(problems[0].diagnostics[0].message, /below this one/);
    assert.doesNotMatch(problems[2].diagnostics[0].message, /below/);
  });

  it('takes more checks as a list (the access model adds its own)', async () => {
    const check: CellCheck = ({ parsed }) =>
      parsed.cell?.method === 'DELETE'
        ? [
            {
              message: 'no DELETE here',
              code: 'no-delete',
              severity: 'error',
              offset: 0,
              endOffset: 6,
              line: 1,
              column: 1,
            },
          ]
        : [];
    const problems = await checkCells([{ index: 0, text: 'DELETE: /a' }], context(), undefined, [
      ...CELL_CHECKS,
      check,
    ]);
    assert.deepEqual(
      problems.map((p) => p.diagnostics.map((d) => d.code)),
      [['no-delete']],
    );
  });
});

describe('where a cell problem is in the notebook file', () => {
  const texts = [
    LIST,
    'POST: /upload\nbodyFile: "x"\n',
    '\n\n  indented {{x}}\n',
    'a\r\nb',
    'tab\there',
    'name: n\nGET: /a # c\n',
    'ünïcödé: 東京\nGET: /b',
  ];

  it('maps every character of a literal-block cell to the same character in the file', () => {
    const file = serializeNotebookFile({ cells: texts.map((text) => ({ kind: 'request' as const, text })) });
    const lines = file.split('\n');
    const maps = cellPositions(file);
    assert.equal(maps.length, texts.length);
    let checked = 0;
    texts.forEach((text, i) => {
      for (let offset = 0; offset < text.length; offset++) {
        if (text[offset] === '\n' || text[offset] === '\r') continue;
        const { line, column } = lineColumnAt(text, offset);
        const at = maps[i](line, column);
        if (!at.exact) continue;
        assert.equal(lines[at.line - 1][at.column - 1], text[offset], `cell ${i} offset ${offset}`);
        checked++;
      }
    });
    assert.ok(checked > 80, `${checked} characters checked`);
  });

  it('a hand-written notebook: comments, an indentation indicator, a quoted cell', () => {
    const file = [
      '# my notebook',
      'akkuro-notebook: 1',
      'cells:',
      '  # first',
      '  - request: |2   # keep the leading spaces',
      '        GET: /a',
      '  -',
      '    request: |',
      '',
      '      name: x',
      '      GET: /b',
      '  - request: "GET: /c\\nPOST: /d"',
      '  - request: GET /plain',
    ].join('\n');
    const maps = cellPositions(file);
    assert.deepEqual(maps[0](1, 3), { line: 6, column: 9, exact: true });
    assert.deepEqual(maps[1](3, 1), { line: 11, column: 7, exact: true });
    assert.deepEqual(maps[2](1, 6), { line: 12, column: 20, exact: true });
    assert.deepEqual(maps[2](2, 1), { line: 12, column: 14, exact: false });
    assert.deepEqual(maps[3](1, 5), { line: 13, column: 18, exact: true });
  });

  it('formats the file position first, then the place in the cell', () => {
    const file = serializeNotebookFile({
      cells: [
        { kind: 'markdown', text: '# hi' },
        { kind: 'request', text: 'GET: /a\nPOST: /b' },
      ],
    });
    const d = {
      message: 'Two method keys',
      severity: 'error' as const,
      code: 'x',
      offset: 8,
      endOffset: 12,
      line: 2,
      column: 1,
    };
    assert.equal(
      formatCellProblem(d, 'nb/a.akkuro-nb', 1, cellPositions(file)[1]),
      'nb/a.akkuro-nb:line 7, column 7 (cell 2, line 2, column 1): Two method keys',
    );
    assert.equal(formatCellProblem(d, 'a.akkuro-nb', 1), 'a.akkuro-nb:cell 2, line 2, column 1: Two method keys');
  });
});
