import assert from 'node:assert/strict';
import { INTERRUPT_BUDGET, tieringFlag } from '../../src/cli/tiering';

describe('cli: V8 tiering of the runner process', () => {
  it('raises the interrupt budget on V8 11.3 (Node 20) only', () => {
    assert.equal(tieringFlag('11.3.244.8-node.38', []), `--interrupt-budget=${INTERRUPT_BUDGET}`);
    assert.ok(INTERRUPT_BUDGET > 67584, 'more than V8 11.3’s default');
    // Node 22 and 24 tier up by invocation counts and have no such flag: V8 would print an error for it.
    assert.equal(tieringFlag('12.4.254.21-node.33', []), undefined);
    assert.equal(tieringFlag('13.6.233.17-node.53', []), undefined);
    assert.equal(tieringFlag('11.8.172.17-node.19', []), undefined);
  });

  it('leaves a budget the user set alone', () => {
    assert.equal(tieringFlag('11.3.244.8-node.38', ['--interrupt-budget=1000']), undefined);
    assert.equal(tieringFlag('11.3.244.8-node.38', [], '--max-old-space-size=512 --interrupt_budget=5000'), undefined);
    assert.equal(
      tieringFlag('11.3.244.8-node.38', ['--max-old-space-size=512'], '--enable-source-maps'),
      `--interrupt-budget=${INTERRUPT_BUDGET}`,
    );
  });
});
