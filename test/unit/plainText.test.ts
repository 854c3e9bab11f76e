import assert from 'node:assert/strict';
import { formatResultText } from '../../src/core/plainText';

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
});
