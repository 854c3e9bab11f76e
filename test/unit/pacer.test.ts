import assert from 'node:assert/strict';
import { Pacer } from '../../src/core/http/pacer';
import { wait, WaitCancelled } from '../../src/core/http/wait';

describe('pacing and waits', () => {
  it('gives each request the next free slot per environment, so parallel sends queue rather than burst', async () => {
    const pacer = new Pacer(() => 1000);
    const waits = await Promise.all([
      pacer.turn('uat-eu', 20),
      pacer.turn('uat-eu', 20),
      pacer.turn('uat-eu', 20),
      pacer.turn('uat-ch', 20),
    ]);
    assert.deepEqual(waits, [0, 20, 40, 0]);
    assert.equal(await new Pacer(() => 0).turn('x', 0), 0, 'no interval, no wait');
  });

  it('a cancel ends a pacing wait and any other pause at once', async () => {
    const pacer = new Pacer(() => 0);
    await pacer.turn('uat-eu', 60_000);
    const abort = new AbortController();
    const waiting = pacer.turn('uat-eu', 60_000, abort.signal);
    abort.abort();
    await assert.rejects(waiting, WaitCancelled);
    await assert.rejects(wait(60_000, AbortSignal.abort()), WaitCancelled);
  });
});
