import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { USAGE } from '../../src/cli/args';
import { DIFF_USAGE } from '../../src/cli/diffArgs';
import { REPORTERS } from '../../src/cli/reporterOptions';

const ROOT = path.join(__dirname, '..', '..');
const docs = {
  'README.md': readFileSync(path.join(ROOT, 'README.md'), 'utf8'),
  'packaging/cli-README.md (the npm package README)': readFileSync(
    path.join(ROOT, 'packaging', 'cli-README.md'),
    'utf8',
  ),
};

describe('cli: the docs name every option and reporter', () => {
  const options = [...new Set(USAGE.match(/--[a-z][a-z-]+/g))].filter((o) => !['--help', '--version'].includes(o));

  it('finds the options in the usage text', () => assert.ok(options.length >= 10, options.join(' ')));

  for (const [name, text] of Object.entries(docs)) {
    it(`${name} names every option and reporter`, () => {
      assert.deepEqual(
        options.filter((o) => !text.includes(`\`${o}`)),
        [],
      );
      assert.deepEqual(
        REPORTERS.filter((r) => !new RegExp(`\`(--reporter )?${r}(:[^\`]*)?\``).test(text)),
        [],
      );
    });
  }

  it('both READMEs name every option of akkuro-nb diff', () => {
    const diff = [...new Set(DIFF_USAGE.match(/--[a-z][a-z-]+/g))].filter((o) => o !== '--help');
    assert.ok(diff.length >= 6, diff.join(' '));
    for (const [name, text] of Object.entries(docs))
      assert.deepEqual(
        diff.filter((o) => !text.includes(`\`${o}`)),
        [],
        name,
      );
  });
});
