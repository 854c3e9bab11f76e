import assert from 'node:assert/strict';
import type { AccessPreferences } from '../../src/core/environments/accessChoice';
import type { Environment } from '../../src/core/environments/environment';
import { cellDiagnostics } from '../../src/core/language/diagnostics';
import {
  checkHeaderAccess,
  headerDiagnostic,
  headerProblemInCell,
  headerValueRange,
  type HeaderAccessProblem,
} from '../../src/core/notebook/headerAccess';
import { serializeNotebookFile } from '../../src/core/notebook/notebookFile';
import { checkCells, checkHeader, withHeaderProblems } from '../../src/core/notebook/staticCheck';
import { parseRequestCell } from '../../src/core/request/cell';

const ENV: Environment = {
  name: 'uat-eu',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'yourbank',
  labelReferenceId: 'retail',
  labels: ['retail', 'business'],
  clients: [
    { name: 'onboarding', labels: 'all', domains: ['/counterparty-management', '/collateral-management'] },
    { name: 'migration', labels: ['business'], domains: ['/migration-assistance'] },
  ],
  apiVersion: '2025.1.0',
  variables: {},
  protected: false,
};

const PARTIES = 'GET: /counterparty-management/counterparties';
const MIGRATIONS = 'GET: /migration-assistance/migrations';
const OWN_CLIENT = 'client: onboarding\nGET: /counterparty-management/counterparties';
const OWN_BOTH = 'client: onboarding\nlabel: retail\nGET: /counterparty-management/counterparties';
const OWN_LABEL = 'label: retail\nGET: /counterparty-management/counterparties';
const NO_TOKEN = 'auth: none\nGET: /counterparty-management/counterparties';

/** Cells as a notebook holds them: a markdown cell first, so the indexes are the notebook's, not the requests'. */
const cellsOf = (texts: readonly string[]) => texts.map((text, i) => ({ index: i + 1, text }));

type Found = [key: 'client' | 'label', code: string, cells: number[], fixes: string[]];

describe('the notebook header: client: and label: checked once for the notebook', () => {
  const table: Array<[string, AccessPreferences, string[], Found[]]> = [
    [
      'an unknown client: one problem, the cells that rely on it, a fix to the nearest name',
      { notebook: { client: 'onbording' } },
      [PARTIES, OWN_CLIENT, MIGRATIONS],
      [
        [
          'client',
          'unknown-client',
          [1, 3],
          [
            'Change the notebook\'s client to "onboarding"',
            'Remove "client: onbording" from the notebook (each request chooses its client)',
          ],
        ],
      ],
    ],
    [
      'a label that is not one of the environment',
      { notebook: { label: 'retial' } },
      [PARTIES, OWN_LABEL, OWN_CLIENT],
      [
        [
          'label',
          'unknown-label',
          [1, 3],
          [
            'Change the notebook\'s label to "retail"',
            'Remove "label: retial" from the notebook (the environment\'s first label)',
          ],
        ],
      ],
    ],
    [
      'a client outside the scope of the label (the default one)',
      { notebook: { client: 'migration' } },
      [PARTIES, MIGRATIONS],
      [
        [
          'client',
          'label-out-of-scope',
          [1, 2],
          [
            'Set the notebook\'s label to "business"',
            'Remove "client: migration" from the notebook (each request chooses its client)',
          ],
        ],
      ],
    ],
    [
      'a client outside the scope of the label the header names too',
      { notebook: { client: 'migration', label: 'retail' } },
      [PARTIES],
      [
        [
          'client',
          'label-out-of-scope',
          [1],
          [
            'Set the notebook\'s label to "business"',
            'Remove "client: migration" from the notebook (each request chooses its client)',
          ],
        ],
      ],
    ],
    [
      'both keys wrong: each once, for the cells that rely on each',
      { notebook: { client: 'nope', label: 'nope' } },
      [PARTIES, OWN_LABEL, OWN_CLIENT, OWN_BOTH],
      [
        [
          'client',
          'unknown-client',
          [2],
          ['Remove "client: nope" from the notebook (each request chooses its client)'],
        ],
        ['label', 'unknown-label', [1, 3], ['Remove "label: nope" from the notebook (the environment\'s first label)']],
      ],
    ],
    [
      'every cell names its own client and label: nothing relies on the header',
      { notebook: { client: 'nope', label: 'nope' } },
      [OWN_BOTH, NO_TOKEN],
      [],
    ],
    [
      "a cell with its own label out of the client's scope: the cell's problem, not the header's",
      { notebook: { client: 'migration', label: 'business' } },
      [OWN_LABEL],
      [],
    ],
    [
      "the run's --label fits the client",
      { notebook: { client: 'migration' }, explicit: { label: 'business' } },
      [PARTIES],
      [],
    ],
    [
      "the run's --label does not fit the header's client",
      { notebook: { client: 'migration', label: 'business' }, explicit: { label: 'retail' } },
      [PARTIES],
      [
        [
          'client',
          'label-out-of-scope',
          [1],
          [
            'Set the notebook\'s label to "business"',
            'Remove "client: migration" from the notebook (each request chooses its client)',
          ],
        ],
      ],
    ],
    [
      "the run's --label hides the header's label",
      { notebook: { label: 'nope' }, explicit: { label: 'retail' } },
      [PARTIES],
      [],
    ],
    ['a valid header', { notebook: { client: 'onboarding', label: 'business' } }, [PARTIES, MIGRATIONS], []],
    ['cells that send no token', { notebook: { client: 'nope' } }, [NO_TOKEN, 'GET: https://elsewhere.example/x'], []],
  ];
  for (const [what, preferences, texts, expected] of table) {
    it(what, () => {
      const found = checkHeaderAccess(cellsOf(texts), ENV, preferences, parseRequestCell);
      assert.deepEqual(
        found.map((p) => [p.key, p.problem.code, p.cells, p.fixes.map((f) => f.title)]),
        expected,
      );
      for (const p of found) {
        assert.equal(p.value, preferences.notebook?.[p.key]);
        assert.match(p.problem.message, /named by the notebook file|not to white label/);
      }
    });
  }

  it('reads no cell when the header cannot fail (the usual case)', () => {
    let parsed = 0;
    const parse = (text: string) => (parsed++, parseRequestCell(text));
    assert.deepEqual(
      checkHeaderAccess(cellsOf([PARTIES, MIGRATIONS]), ENV, { notebook: { client: 'onboarding' } }, parse),
      [],
    );
    assert.deepEqual(checkHeaderAccess(cellsOf([PARTIES]), ENV, {}, parse), []);
    assert.equal(parsed, 0);
  });

  it('fixes name the header key and value to write (null removes the line)', () => {
    const [p] = checkHeaderAccess(cellsOf([PARTIES]), ENV, { notebook: { client: 'migration' } }, parseRequestCell);
    assert.deepEqual(
      p.fixes.map((f) => [f.key, f.value, f.preferred ?? false]),
      [
        ['label', 'business', true],
        ['client', null, false],
      ],
    );
  });
});

describe('the notebook header: where its problem is reported', () => {
  const problem = (preferences: AccessPreferences, texts: string[]): HeaderAccessProblem =>
    checkHeaderAccess(cellsOf(texts), ENV, preferences, parseRequestCell)[0];

  it('at the header line of the notebook file, naming the cells that use it', () => {
    const file = serializeNotebookFile({
      environment: 'uat-eu',
      client: 'onbording',
      label: 'retail',
      cells: [
        { kind: 'markdown', text: '# x' },
        ...[PARTIES, PARTIES].map((text) => ({ kind: 'request' as const, text })),
      ],
    });
    const d = headerDiagnostic(file, problem({ notebook: { client: 'onbording' } }, [PARTIES, PARTIES]));
    assert.deepEqual([d.line, d.column, file.slice(d.offset, d.endOffset)], [3, 9, 'onbording']);
    assert.equal(d.code, 'access-header-unknown-client');
    assert.match(
      d.message,
      /^Client "onbording" \(named by the notebook file\) is not a client of environment "uat-eu"\..* Cells 2 and 3 use it\.$/,
    );
  });

  it('in any YAML layout: comments, quotes, another key order', () => {
    const file =
      '# a notebook\nakkuro-notebook: 1\nlabel:   "retial"   # typo\nenvironment: uat-eu\ncells:\n  - request: |\n      GET: /x\n';
    const range = headerValueRange(file, 'label')!;
    assert.equal(file.slice(...range), '"retial"');
    const d = headerDiagnostic(file, problem({ notebook: { label: 'retial' } }, [PARTIES]));
    assert.deepEqual([d.line, d.column], [3, 10]);
    assert.match(d.message, /Cell 2 uses it\.$/);
    assert.equal(headerValueRange(file, 'client'), undefined);
  });

  it('on a cell: the method line, saying it comes from the header', () => {
    const p = problem({ notebook: { client: 'onbording' } }, [PARTIES, PARTIES, PARTIES]);
    const text = `name: first\n${PARTIES}`;
    const d = headerProblemInCell(text, parseRequestCell(text).cell!, p);
    assert.equal(text.slice(d.offset, d.endOffset), PARTIES);
    assert.equal(d.code, 'access-header-unknown-client');
    assert.match(
      d.message,
      /^From the notebook file's header, "client: onbording" \(this cell and 2 more use it\): Client "onbording"/,
    );
  });

  it("the cells' own diagnostics leave the header out, and keep what a cell names itself", () => {
    const scope = {
      environment: ENV,
      earlierNames: new Set<string>(),
      responses: new Map(),
      access: { notebook: { client: 'onbording' } },
    };
    const codes = (text: string) =>
      cellDiagnostics(text, scope)
        .map((d) => d.code)
        .filter((c) => c.startsWith('access-'));
    assert.deepEqual(codes(PARTIES), []);
    assert.deepEqual(codes('client: migraton\nGET: /migration-assistance/migrations'), ['access-unknown-client']);
    assert.deepEqual(codes('label: retail\nclient: migration\nGET: /migration-assistance/migrations'), [
      'access-label-out-of-scope',
    ]);
  });

  it('the static check: once for the header, or on each cell of a run for a face that shows problems per cell', async () => {
    const cells = [
      { index: 0, text: PARTIES },
      { index: 1, text: 'GET: /a\nbdy: {}' },
      { index: 2, text: MIGRATIONS },
    ];
    const ctx = { environment: ENV, access: { notebook: { client: 'onbording' } }, parse: parseRequestCell };
    const perCell = await checkCells(cells, ctx);
    assert.deepEqual(
      perCell.map((p) => [p.index, p.diagnostics.map((d) => d.code)]),
      [[1, ['unknown-key']]],
    );
    const header = checkHeader(cells, ctx);
    assert.deepEqual(
      header.map((h) => [h.key, h.cells]),
      [['client', [0, 2]]],
    );
    assert.deepEqual(
      checkHeader(cells, ctx, new Set([2])).map((h) => h.cells),
      [[2]],
      'only the cells the run sends',
    );
    assert.deepEqual(
      withHeaderProblems(perCell, header, cells, parseRequestCell).map((p) => [
        p.index,
        p.diagnostics.map((d) => d.code),
      ]),
      [
        [0, ['access-header-unknown-client']],
        [1, ['unknown-key']],
        [2, ['access-header-unknown-client']],
      ],
    );
  });
});
