import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  parseNotebookFile,
  parseNotebookYaml,
  sameNotebook,
  serializeNotebookFile,
  textToSave,
  type ParseNotebookResult,
} from '../../src/core/notebook/notebookFile';
import type { NotebookFile } from '../../src/core/notebook/notebookTypes';

function parsed(result: ParseNotebookResult): NotebookFile {
  if (!result.ok)
    assert.fail(
      `expected a notebook, got: ${result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`,
    );
  return result.notebook;
}

function diagnosticsOf(result: ParseNotebookResult) {
  if (result.ok) assert.fail(`expected diagnostics, got a notebook with ${result.notebook.cells.length} cells`);
  return result.diagnostics;
}

/** Both readers must give back exactly the notebook: the fast canonical one and the general YAML one. */
function assertRoundTrip(notebook: NotebookFile): void {
  const text = serializeNotebookFile(notebook);
  assert.ok(
    text.endsWith('\n') && !text.endsWith('\n\n'),
    `file must end with exactly one LF: ${JSON.stringify(text.slice(-20))}`,
  );
  assert.ok(isWellFormed(text), 'the file must be storable as UTF-8');
  assert.deepEqual(parsed(parseNotebookFile(text)), notebook, text);
  assert.deepEqual(parsed(parseNotebookYaml(text)), notebook, text);
  assert.equal(serializeNotebookFile(parsed(parseNotebookFile(text))), text);
}

function isWellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

const AWKWARD = [
  '',
  '\n',
  '\n\n',
  '\n\n\n',
  ' ',
  '  ',
  '\t',
  ' \n',
  '\n ',
  'a',
  'a\n',
  'a\n\n',
  'a\n\n\n',
  '\na',
  '\n\na\n',
  ' a',
  '  a\n b',
  '\ta',
  'a\t',
  'a ',
  'a  \n',
  'a\n  ',
  'a\n \n',
  'a\n\t\n',
  'a\r\nb\r\n',
  'a\rb',
  '\r',
  '\r\n',
  '---',
  '---\na',
  'a\n---\nb',
  '...',
  'a\n...\n',
  '# comment',
  'a # b',
  '{{x}}',
  '{{$uuid}}',
  '"quoted"',
  "'single'",
  '\\',
  '\\n',
  'C:\\path\\',
  'key: value',
  '- item',
  '[a, b]',
  '{a: 1}',
  '&anchor',
  '*alias',
  '!tag',
  '%YAML 1.2',
  '@x',
  '`x`',
  '|',
  '>',
  '|-\n  x',
  'é',
  'e\u0301',
  'ñ\u0303\u0304',
  '😀',
  '👩‍👩‍👧',
  '🇳🇱',
  '\u00a0',
  '\u00a0a',
  '\uFEFF',
  '\uFEFFa',
  'a\uFEFF',
  '\u0085',
  'a\u2028b',
  'a\u2029b',
  '\u0000',
  '\u0007\u001b',
  '\u007f',
  '\u009f',
  '\uFFFE',
  '\uFFFF',
  '\uD800',
  'a\uDC00',
  'akkuro-notebook: 1',
  '  - request: |\n      GET: /x',
  'null',
  'true',
  '1',
  'name: party\nPOST: /counterparty-management/counterparties\nbody:\n  name: Jane Doe\n',
  'invalid: [yaml\n  : :',
  '\t\tindented\n\twith tabs\n',
  'trailing spaces   \n   \n',
  '\n\n\nleading blank lines',
];

const notebookOf = (text: fc.Arbitrary<string>): fc.Arbitrary<NotebookFile> =>
  fc
    .record(
      {
        environment: fc.string({ unit: 'grapheme', maxLength: 12 }),
        client: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
        label: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
        apiVersion: fc.tuple(fc.integer({ min: 1000, max: 9999 }), fc.nat(30), fc.nat(30)).map((v) => v.join('.')),
        cells: fc.array(fc.record({ kind: fc.constantFrom('markdown' as const, 'request' as const), text }), {
          maxLength: 6,
        }),
      },
      { requiredKeys: ['cells'] },
    )
    .map((nb) => JSON.parse(JSON.stringify(nb)) as NotebookFile);

describe('notebookFile', () => {
  describe('serializeNotebookFile', () => {
    it('writes the documented layout, header keys in order and literal blocks', () => {
      const text = serializeNotebookFile({
        environment: 'uat-eu',
        apiVersion: '2025.1.0',
        cells: [
          { kind: 'markdown', text: '# Onboard a counterparty\n' },
          { kind: 'request', text: 'name: party\nPOST: /counterparty-management/counterparties' },
        ],
      });
      assert.equal(
        text,
        'akkuro-notebook: 1\nenvironment: uat-eu\napiVersion: 2025.1.0\ncells:\n' +
          '  - markdown: |\n      # Onboard a counterparty\n' +
          '  - request: |-\n      name: party\n      POST: /counterparty-management/counterparties\n',
      );
    });

    it('writes client and label between environment and apiVersion, and reads them back', () => {
      const notebook: NotebookFile = {
        environment: 'uat-eu',
        client: 'onboarding',
        label: 'business',
        apiVersion: '2025.1.0',
        cells: [],
      };
      const text = serializeNotebookFile(notebook);
      assert.equal(
        text,
        'akkuro-notebook: 1\nenvironment: uat-eu\nclient: onboarding\nlabel: business\napiVersion: 2025.1.0\ncells: []\n',
      );
      assert.deepEqual(parsed(parseNotebookFile(text)), notebook);
      assert.deepEqual(parsed(parseNotebookYaml('akkuro-notebook: 1\nlabel: retail # the retail brand\ncells: []\n')), {
        label: 'retail',
        cells: [],
      });
      assert.equal(sameNotebook(notebook, { ...notebook, label: 'retail' }), false);
      assert.equal(sameNotebook(notebook, { ...notebook, client: undefined }), false);
    });

    it('omits absent header keys and writes cells: [] for no cells', () => {
      assert.equal(serializeNotebookFile({ cells: [] }), 'akkuro-notebook: 1\ncells: []\n');
      assert.equal(
        serializeNotebookFile({ apiVersion: '2025.1.0', cells: [] }),
        'akkuro-notebook: 1\napiVersion: 2025.1.0\ncells: []\n',
      );
    });

    const forms: Array<[string, string, boolean, string]> = [
      ['strip chomping without a final line break', 'a', false, '|-\n      a'],
      ['clip chomping with one final line break', 'a\n', false, '|\n      a'],
      ['keep chomping with more', 'a\n\n', false, '|+\n      a\n'],
      ['an indentation indicator for a leading space', ' a\nb', false, '|2-\n       a\n      b'],
      ['an indentation indicator for leading blank lines', '\n\na', false, '|2-\n\n\n      a'],
      ['blank lines inside a block stay empty', 'a\n\nb\n', false, '|\n      a\n\n      b'],
      ['empty text as ""', '', false, '""'],
      ['CRLF text double-quoted, one line per text line', 'a\r\n b\r\n', false, '"a\\r\\n\\\n      \\ b\\r\\n"'],
      ['only white space double-quoted', ' \n\t', false, '" \\n\\\n      \\t"'],
      ['control characters and separators escaped', '\u0000\u0085\u2028\uFEFF\u007f', false, '"\\0\\N\\L\\uFEFF\\x7F"'],
      ['quotes and backslashes escaped', 'a\r"\\', false, '"a\\r\\"\\\\"'],
      ['a lone surrogate escaped, keeping the file valid UTF-8', 'x\uD800', false, '"x\\uD800"'],
      ['keep chomping avoided in the last cell, so the file ends with one LF', 'a\n\n', true, '"a\\n\\\n      \\n"'],
    ];
    for (const [name, cellText, last, scalar] of forms) {
      it(name, () => {
        const cells: NotebookFile['cells'] = [{ kind: 'request', text: cellText }];
        if (!last) cells.push({ kind: 'markdown', text: 'end' });
        const text = serializeNotebookFile({ cells });
        const expected =
          `akkuro-notebook: 1\ncells:\n  - request: ${scalar}\n` + (last ? '' : '  - markdown: |-\n      end\n');
        assert.equal(text, expected);
        assertRoundTrip({ cells });
      });
    }

    it('quotes header values that plain YAML would misread', () => {
      for (const environment of ['true', 'null', '123', 'a: b', '#x', '', ' uat', 'no', 'uat\neu']) {
        const text = serializeNotebookFile({ environment, cells: [] });
        assert.match(text, /^akkuro-notebook: 1\nenvironment: "/);
        assert.equal(parsed(parseNotebookYaml(text)).environment, environment);
      }
    });
  });

  describe('round trip', () => {
    it('keeps every awkward text byte for byte, in the middle and at the end', () => {
      for (const text of AWKWARD) {
        assertRoundTrip({
          cells: [
            { kind: 'request', text },
            { kind: 'markdown', text: 'after' },
          ],
        });
        assertRoundTrip({
          environment: 'uat-eu',
          cells: [
            { kind: 'markdown', text: 'before' },
            { kind: 'request', text },
          ],
        });
      }
    });

    it('round-trips any grapheme text (2,000 runs)', () => {
      fc.assert(
        fc.property(notebookOf(fc.string({ unit: 'grapheme' })), (nb) => assertRoundTrip(nb)),
        { numRuns: 2000 },
      );
    });

    it('round-trips any code points, control characters included (2,000 runs)', () => {
      const binary = fc.string({ unit: 'binary' }).filter(isWellFormed);
      fc.assert(
        fc.property(notebookOf(binary), (nb) => assertRoundTrip(nb)),
        { numRuns: 2000 },
      );
    });

    it('round-trips texts mixed from awkward fragments (3,000 runs)', () => {
      const fragments = fc.constantFrom(...AWKWARD.filter(isWellFormed), '\n', '\n', ' ', '\t', 'x', '      ');
      const awkward = fc.array(fragments, { maxLength: 12 }).map((parts) => parts.join(''));
      fc.assert(
        fc.property(notebookOf(awkward), (nb) => assertRoundTrip(nb)),
        { numRuns: 3000 },
      );
    });
  });

  describe('parseNotebookFile', () => {
    it('agrees with the full YAML reader on near-canonical text (single-character edits, 1,000 runs)', () => {
      const edit = fc.record({
        notebook: notebookOf(fc.constantFrom('a', 'a\n', ' a\n\n', 'x\r\ny', '', '\u2028', 'k: v\n  w\n')),
        at: fc.nat(),
        op: fc.constantFrom('insert', 'delete', 'replace'),
        char: fc.constantFrom(' ', '\n', '"', '\\', '-', '|', '+', '2', 'x', '#', ':', '\t', '\r', 'n', 'u'),
      });
      fc.assert(
        fc.property(edit, ({ notebook, at, op, char }) => {
          const canonical = serializeNotebookFile(notebook);
          const i = at % (canonical.length + 1);
          const text =
            canonical.slice(0, i) + (op === 'delete' ? '' : char) + canonical.slice(op === 'insert' ? i : i + 1);
          assert.deepEqual(parseNotebookFile(text), parseNotebookYaml(text));
        }),
        { numRuns: 1000 },
      );
    });

    it('reads an empty or white-space-only file as a notebook without cells', () => {
      for (const text of ['', '\n', '  \r\n\t\n', '\uFEFF'])
        assert.deepEqual(parsed(parseNotebookFile(text)), { cells: [] });
    });

    it('accepts a BOM, CRLF line endings, comments, quoted and flow styles', () => {
      const text =
        '\uFEFF# shared with the team\r\nakkuro-notebook: 1 # format\r\nenvironment: "uat-eu"\r\ncells:\r\n' +
        '  - markdown: |\r\n      # Title\r\n  - {request: "GET: /x"}\r\n  - request: \'a\'\r\n  - markdown: ""\r\n';
      assert.deepEqual(parsed(parseNotebookFile(text)), {
        environment: 'uat-eu',
        cells: [
          { kind: 'markdown', text: '# Title\n' },
          { kind: 'request', text: 'GET: /x' },
          { kind: 'request', text: 'a' },
          { kind: 'markdown', text: '' },
        ],
      });
    });

    it('accepts a missing cells key as no cells', () => {
      assert.deepEqual(parsed(parseNotebookFile('akkuro-notebook: 1\nenvironment: uat-eu\n')), {
        environment: 'uat-eu',
        cells: [],
      });
    });

    const errors: Array<[string, string, string, number, number, RegExp]> = [
      [
        'a YAML syntax error',
        'akkuro-notebook: 1\ncells:\n  - request: "unclosed\n',
        'yaml-syntax',
        3,
        14,
        /YAML syntax error/,
      ],
      ['a tab used as indentation', 'akkuro-notebook: 1\ncells:\n\t- request: x\n', 'yaml-syntax', 3, 1, /tab/i],
      ['a duplicate key', 'akkuro-notebook: 1\ncells: []\ncells: []\n', 'duplicate-key', 3, 1, /Duplicate key "cells"/],
      [
        'two documents',
        'akkuro-notebook: 1\ncells: []\n---\nx: 1\n',
        'yaml-syntax',
        3,
        1,
        /more than one YAML document/,
      ],
      [
        'a list at the top',
        '- request: x\n',
        'not-a-notebook',
        1,
        1,
        /mapping that starts with `akkuro-notebook: 1`.*a list/,
      ],
      ['only a comment', '# nothing yet\n', 'not-a-notebook', 1, 1, /holds nothing/],
      ['plain text', 'hello', 'not-a-notebook', 1, 1, /`hello`/],
      ['a missing format version', 'cells: []\n', 'missing-format-version', 1, 1, /Add it as the first line/],
      [
        'a newer format',
        'akkuro-notebook: 2\ncells: []\n',
        'newer-format',
        1,
        18,
        /newer version of Akkuro Notebooks; update the extension/,
      ],
      [
        'a wrong format version',
        'akkuro-notebook: "1"\ncells: []\n',
        'bad-format-version',
        1,
        18,
        /must be the file format version 1, found `"1"`/,
      ],
      ['cells not a list', 'akkuro-notebook: 1\ncells: hello\n', 'bad-cells', 2, 8, /must be a list of cells/],
      ['cells left empty', 'akkuro-notebook: 1\ncells:\n', 'bad-cells', 2, 1, /`cells: \[\]` for none; found nothing/],
      [
        'a cell that is text',
        'akkuro-notebook: 1\ncells:\n  - hello\n',
        'bad-cell',
        3,
        5,
        /Cell 1 must be a mapping.*`hello`/,
      ],
      [
        'a cell with both kinds',
        'akkuro-notebook: 1\ncells:\n  - markdown: a\n    request: b\n',
        'bad-cell',
        4,
        5,
        /found `markdown` and `request`/,
      ],
      ['an empty cell mapping', 'akkuro-notebook: 1\ncells:\n  - {}\n', 'bad-cell', 3, 5, /found no keys/],
      [
        'a cell text that is a number',
        'akkuro-notebook: 1\ncells:\n  - request: 42\n',
        'bad-cell-text',
        3,
        14,
        /must be text, found `42`/,
      ],
      [
        'a cell text that is a mapping',
        'akkuro-notebook: 1\ncells:\n  - request:\n      GET: /x\n',
        'bad-cell-text',
        4,
        7,
        /found a mapping. Write it as a block: `request: \|`/,
      ],
      [
        'a cell text left empty',
        'akkuro-notebook: 1\ncells:\n  - markdown:\n',
        'bad-cell-text',
        3,
        5,
        /found nothing.*`markdown: ""`/,
      ],
      [
        'an unknown cell key',
        'akkuro-notebook: 1\ncells:\n  - reqest: x\n',
        'unknown-key',
        3,
        5,
        /Unknown key `reqest` in cell 1.*did you mean `request`\?/,
      ],
      [
        'cell text indented too little',
        'akkuro-notebook: 1\ncells:\n  - request: |\n    GET: /x\n',
        'unknown-key',
        4,
        5,
        /Unknown key `GET` in cell 1.*indent it further than `request:`/,
      ],
      [
        'an unknown top-level key',
        'akkuro-notebook: 1\nenviroment: uat\ncells: []\n',
        'unknown-key',
        2,
        1,
        /did you mean `environment`\?/,
      ],
      [
        'an unrelated top-level key',
        'akkuro-notebook: 1\nzzz: 1\ncells: []\n',
        'unknown-key',
        2,
        1,
        /valid keys are `akkuro-notebook`, `environment`, `client`, `label`, `apiVersion`, `cells`/,
      ],
      [
        'an environment that is not text',
        'akkuro-notebook: 1\nenvironment: [a]\ncells: []\n',
        'bad-environment',
        2,
        14,
        /found a list/,
      ],
      ['a client that is not text', 'akkuro-notebook: 1\nclient: [a]\ncells: []\n', 'bad-client', 2, 9, /found a list/],
      [
        'a malformed apiVersion',
        'akkuro-notebook: 1\napiVersion: 2025.10\ncells: []\n',
        'bad-api-version',
        2,
        13,
        /YYYY.Major.Minor.*found `2025.10`/,
      ],
      [
        'an apiVersion with a short year',
        'akkuro-notebook: 1\napiVersion: "25.1.0"\ncells: []\n',
        'bad-api-version',
        2,
        13,
        /found `"25.1.0"`/,
      ],
      ['an error after a CRLF line', 'akkuro-notebook: 1\r\nzzz: 1\r\n', 'unknown-key', 2, 1, /Unknown key `zzz`/],
      ['an error after a BOM', '\uFEFFakkuro-notebook: 3\n', 'newer-format', 1, 19, /format 3/],
    ];
    for (const [name, text, code, line, column, message] of errors) {
      it(`reports ${name} at its position`, () => {
        const diagnostics = diagnosticsOf(parseNotebookFile(text));
        const d = diagnostics.find((x) => x.code === code);
        assert.ok(d, `no ${code} among ${JSON.stringify(diagnostics)}`);
        assert.deepEqual([d.line, d.column], [line, column], d.message);
        assert.match(d.message, message);
        assert.ok(d.offset <= d.endOffset && d.endOffset <= text.length);
      });
    }

    it('reports every problem at once and offers fixes', () => {
      const text = 'cells:\n  - markdwn: a\n  - request: 1\n';
      const diagnostics = diagnosticsOf(parseNotebookFile(text));
      assert.deepEqual(diagnostics.map((d) => d.code).sort(), [
        'bad-cell-text',
        'missing-format-version',
        'unknown-key',
      ]);
      const typo = diagnostics.find((d) => d.code === 'unknown-key');
      assert.deepEqual(typo?.fix, { title: 'Change to markdown', replacement: 'markdown' });
      assert.equal(text.slice(typo.offset, typo.endOffset), 'markdwn');
      const missing = diagnostics.find((d) => d.code === 'missing-format-version');
      assert.equal(missing?.fix?.replacement, 'akkuro-notebook: 1\n');
    });

    it('never throws, and either reads a notebook or says why not (any string, 3,000 runs)', () => {
      const check = (text: string) => {
        const result = parseNotebookFile(text);
        if (result.ok) return;
        assert.ok(result.diagnostics.length > 0);
        for (const d of result.diagnostics) {
          assert.ok(
            d.offset >= 0 && d.offset <= d.endOffset && d.endOffset <= text.length && d.line >= 1 && d.column >= 1,
            JSON.stringify(d),
          );
          assert.ok(d.message.length > 20);
        }
      };
      fc.assert(fc.property(fc.string({ unit: 'binary' }), check), { numRuns: 1000 });
      const yamlish = fc.constantFrom(
        'akkuro-notebook: 1\n',
        'cells:\n',
        'cells: []\n',
        '  - ',
        'markdown: ',
        'request: ',
        '|',
        '|-',
        '|+',
        '|2',
        '"',
        "'",
        '\\',
        '\n',
        '\r\n',
        '  ',
        '    ',
        '\t',
        '---\n',
        '...\n',
        '# c\n',
        '{',
        '}',
        '[',
        ']',
        ',',
        ':',
        '? ',
        '&a ',
        '*a',
        '!!str ',
        'x',
        '1',
        'environment: ',
        'apiVersion: ',
      );
      fc.assert(
        fc.property(
          fc.array(yamlish, { maxLength: 30 }).map((p) => p.join('')),
          check,
        ),
        { numRuns: 2000 },
      );
    });

    it('never throws on deeply nested input', () => {
      const result = parseNotebookFile('a: ' + '['.repeat(20_000));
      assert.equal(result.ok, false);
    });
  });

  describe('sameNotebook', () => {
    it('compares header and cells structurally', () => {
      const a: NotebookFile = { environment: 'uat-eu', cells: [{ kind: 'request', text: 'GET: /x' }] };
      assert.equal(sameNotebook(a, { environment: 'uat-eu', cells: [{ kind: 'request', text: 'GET: /x' }] }), true);
      assert.equal(
        sameNotebook(a, {
          environment: 'uat-eu',
          apiVersion: undefined,
          cells: [{ kind: 'request', text: 'GET: /x' }],
        }),
        true,
      );
      assert.equal(sameNotebook(a, { cells: [{ kind: 'request', text: 'GET: /x' }] }), false);
      assert.equal(sameNotebook(a, { environment: 'uat-eu', cells: [{ kind: 'markdown', text: 'GET: /x' }] }), false);
      assert.equal(sameNotebook(a, { environment: 'uat-eu', cells: [{ kind: 'request', text: 'GET: /y' }] }), false);
      assert.equal(sameNotebook(a, { environment: 'uat-eu', apiVersion: '2025.1.0', cells: a.cells }), false);
      assert.equal(sameNotebook(a, { environment: 'uat-eu', cells: [...a.cells, ...a.cells] }), false);
    });
  });

  describe('textToSave', () => {
    const original =
      '# Our onboarding flow\r\nakkuro-notebook: 1\r\ncells:\r\n  - request: "GET: /x"   # list\r\n  - markdown: |\r\n      Done\r\n';

    it('keeps an unchanged original byte for byte, comments and line endings included', () => {
      const notebook = parsed(parseNotebookFile(original));
      assert.equal(textToSave(notebook, original), original);
      assert.equal(textToSave({ cells: [] }, ''), '');
    });

    it('writes the canonical form once anything changed, or when there is no readable original', () => {
      const notebook = parsed(parseNotebookFile(original));
      const edited = { ...notebook, cells: [...notebook.cells, { kind: 'markdown' as const, text: 'new' }] };
      assert.equal(textToSave(edited, original), serializeNotebookFile(edited));
      const pinned = { ...notebook, environment: 'uat-eu' };
      assert.equal(textToSave(pinned, original), serializeNotebookFile(pinned));
      assert.equal(textToSave(notebook, undefined), serializeNotebookFile(notebook));
      assert.equal(textToSave(notebook, 'not: [valid'), serializeNotebookFile(notebook));
    });
  });

  describe('performance', () => {
    it('parses and serialises a 1,000-cell notebook quickly (median of 10 after warm-up, logged)', () => {
      const cell = (i: number) =>
        `name: p${i}\nPOST: /counterparty-management/counterparties\napiVersion: 2025.1.0\nheaders: { X-Request-Id: "{{$uuid}}" }\n` +
        `body:\n  name: Jane Doe ${i}\n  city: Amsterdam\nexpect: { status: 201 }\n`;
      const notebook: NotebookFile = {
        environment: 'uat-eu',
        cells: Array.from({ length: 1000 }, (_, i) => ({ kind: i % 4 === 0 ? 'markdown' : 'request', text: cell(i) })),
      };
      const text = serializeNotebookFile(notebook);
      const median = (f: () => void) => {
        for (let i = 0; i < 10; i++) f();
        const times = Array.from({ length: 10 }, () => {
          const start = performance.now();
          f();
          return performance.now() - start;
        }).sort((a, b) => a - b);
        return (times[4] + times[5]) / 2;
      };
      const canonical = median(() => assert.ok(parseNotebookFile(serializeNotebookFile(notebook)).ok));
      const general = median(() => assert.ok(parseNotebookYaml(text).ok));
      console.log(
        `      1,000 cells, ${Math.round(text.length / 1024)} KiB: parse+serialize ${canonical.toFixed(1)} ms (median of 10); full YAML parse alone ${general.toFixed(1)} ms`,
      );
    });
  });
});
