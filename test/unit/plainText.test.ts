import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatResultText, indentJson } from '../../src/core/text/plainText';
import { rendererFixtures } from '../fixtures/renderer-fixtures';
import type { RunResult } from '../../src/contract/response';

describe('the text/plain fallback of a result', () => {
  it('shows a response body control characters escaped, keeping its lines', () => {
    const text = formatResultText({
      kind: 'failure',
      outcome: 'failed',
      category: 'network',
      title: 'Could not connect',
      message: 'first\nsecond \x1b[2J\x1b]52;c;eA==\x07',
      startedAt: new Date(0).toISOString(),
    });
    assert.equal(text, '✘ Could not connect\nfirst\nsecond \\x1b[2J\\x1b]52;c;eA==\\x07');
  });

  it('indents JSON text exactly as JSON.stringify(value, null, 2) does', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        assert.equal(indentJson(text), JSON.stringify(JSON.parse(text), null, 2));
      }),
      { numRuns: 500 },
    );
    assert.equal(
      indentJson('{ "a" : [ ] , "b":{ },"s":"x\\\\\\"{,:"}'),
      '{\n  "a": [],\n  "b": {},\n  "s": "x\\\\\\"{,:"\n}',
    );
  });

  it('indents only the start of a large body, and a malformed one as far as it goes', () => {
    const big = JSON.stringify({ items: Array.from({ length: 100_000 }, (_, i) => ({ i })) });
    const shown = indentJson(big, 100);
    assert.ok(shown.length <= 110, `${shown.length}`);
    assert.ok(shown.startsWith('{\n  "items": [\n    {\n      "i": 0\n    },\n    {\n'), shown);
    assert.equal(indentJson('{"a": [1, "unterminated'), '{\n  "a": [\n    1,\n    "unterminated');
  });

  it('shows a large JSON response as its indented start and its size', () => {
    const ok = rendererFixtures.okJson as Extract<RunResult, { kind: 'response' }>;
    const text = JSON.stringify({ items: Array.from({ length: 50_000 }, (_, i) => ({ referenceId: `cp-${i}` })) });
    const out = formatResultText({ ...ok, body: { ...ok.body, text, size: text.length } }, 200);
    assert.match(out, /\n\{\n {2}"items": \[\n {4}\{\n {6}"referenceId": "cp-0"\n/);
    assert.match(out, /… \(1\.\d MB in all\)$/);
  });

  it('lists the requests of a paginate or repeat cell, with their waits, bounded', () => {
    const out = formatResultText(rendererFixtures.pages);
    assert.match(
      out,
      /\npages: 3 pages · 250 items \(total 250\)\n {2}✔ page 1: 200 OK · 101 ms · 100 items\n {2}• page 2: 429 Too Many Requests · 12 ms · 429 Too Many Requests, Retry-After: 1: waiting 1 s before retry 1 of 2\n {2}✔ page 2 · retry 1: 200 OK · 99 ms · after 1000 ms \(Retry-After after 429\) · 100 items\n/,
    );
    const many = {
      ...(rendererFixtures.pages as Extract<RunResult, { kind: 'response' }>),
      sequence: {
        kind: 'polling' as const,
        summary: '50 attempts · until met',
        requests: 50,
        exchanges: Array.from({ length: 50 }, (_, i) => ({
          label: `attempt ${i + 1}`,
          status: 200,
          durationMs: 1,
          ok: i === 49,
        })),
      },
    };
    const lines = formatResultText(many).split('\n');
    const start = lines.indexOf('polling: 50 attempts · until met');
    assert.equal(lines[start + 11], '  … 31 more');
    assert.match(lines[start + 20], /✔ attempt 50: 200 · 1 ms$/);
  });
});
