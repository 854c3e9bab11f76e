import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import type { Environment } from '../../src/core/environments/environment';
import { completions } from '../../src/core/language/completion';
import { cursorContext } from '../../src/core/language/context';
import { cellDiagnostics } from '../../src/core/language/diagnostics';
import { fromCurl } from '../../src/core/language/fromCurl';
import { hover } from '../../src/core/language/hover';
import type { CellScope } from '../../src/core/language/languageTypes';
import { shellQuote, shellWords } from '../../src/core/language/shellWords';

const environment: Environment = {
  name: 'e',
  baseUrl: 'https://h.test',
  origin: 'https://h.test',
  brokerKey: 'b',
  labelReferenceId: 'l',
  variables: { v: '1' },
  protected: false,
};
const scope: CellScope = {
  environment,
  earlierNames: new Set(['party']),
  responses: new Map([['party', { status: 200, headers: { a: 'b' }, body: { x: [1, { y: 2 }] }, bodyIsJson: true }]]),
};

/** Cell-like text: fragments of request cells glued together in any order, so the YAML is often half-written. */
const fragment = fc.constantFrom(
  'GET:',
  ' /x',
  '{{',
  '}}',
  'party.',
  'body.',
  'headers:',
  '\n',
  '\r\n',
  '  ',
  '- ',
  ': ',
  '"',
  "'",
  '#',
  '|',
  '>-',
  '{',
  '}',
  '[',
  ']',
  ',',
  'expect:',
  '$.a',
  'type',
  'apiVersion',
  'é',
  '\t',
  'x',
  '$uuid',
  'name: party',
);
const cellText = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(''));

describe('language robustness', () => {
  it('context, completion, diagnostics and hover never throw, and keep offsets inside the text', async () => {
    await fc.assert(
      fc.asyncProperty(cellText, fc.nat(), async (text, n) => {
        const offset = text.length === 0 ? 0 : n % (text.length + 1);
        const ctx = cursorContext(text, offset);
        assert.ok(ctx.start <= offset && offset <= ctx.end && ctx.end <= text.length, JSON.stringify(ctx));
        for (const item of completions({ ...scope, text, offset }))
          assert.ok(
            item.replaceStart <= offset && offset <= item.replaceEnd && item.replaceEnd <= text.length,
            JSON.stringify(item),
          );
        for (const d of cellDiagnostics(text, scope)) {
          assert.ok(d.offset <= d.endOffset && d.endOffset <= text.length);
          for (const f of d.fixes) for (const e of f.edits) assert.ok(e.start <= e.end && e.end <= text.length);
        }
        const h = await hover({ ...scope, text, offset });
        if (h) assert.ok(h.start <= offset && offset <= h.end && h.end <= text.length);
      }),
      { numRuns: 400 },
    );
  });

  it('shellWords reads back any word list that shellQuote wrote', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { maxLength: 6 }), (words) => {
        const r = shellWords(['curl', ...words.map(shellQuote)].join(' '));
        assert.ok(r.ok);
        assert.deepEqual(r.words.slice(1), words);
      }),
      { numRuns: 300 },
    );
  });

  it("a real shell reads shellQuote's words the same way", () => {
    const samples = fc.sample(
      fc.string({ unit: 'grapheme', maxLength: 16 }).filter((s) => !s.includes('\0')),
      { numRuns: 40, seed: 7 },
    );
    const script = `for a in ${samples.map(shellQuote).join(' ')}; do printf '%s\\0' "$a"; done`;
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, -1);
    assert.deepEqual(out, samples);
  });

  it('fromCurl never throws on arbitrary command text', () => {
    const piece = fc.constantFrom(
      'curl ',
      '-X ',
      'POST ',
      '-H ',
      "'A: b' ",
      '-d ',
      '\'{"a":1}\' ',
      'https://h.test/x?y=1 ',
      '"$V" ',
      '\\\n',
      '-G ',
      '--json ',
      '-u ',
      'x ',
      "'",
      '"',
      "$'",
      '|',
      '-sSL ',
      '%zz ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const r = fromCurl(parts.join(''), { environment });
        if (r.ok) assert.equal(typeof r.cellText, 'string');
        else assert.ok(r.message.length > 0);
      }),
      { numRuns: 400 },
    );
  });
});
