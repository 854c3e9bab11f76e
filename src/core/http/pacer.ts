import { performance } from 'node:perf_hooks';
import { wait } from './wait';

/**
 * Pacing (`minInterval:` of an environment, the runner's `--delay`): requests to one environment leave at least
 * an interval apart, however many cells or notebooks send at once. Each request takes the next free slot, so
 * parallel runs queue rather than burst.
 */
export class Pacer {
  private readonly next = new Map<string, number>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Waits for this request's turn; the milliseconds waited. A cancel ends the wait (WaitCancelled). */
  async turn(key: string, intervalMs: number, signal?: AbortSignal): Promise<number> {
    if (!(intervalMs > 0)) return 0;
    const t = this.now();
    const slot = Math.max(t, this.next.get(key) ?? 0);
    this.next.set(key, slot + intervalMs);
    const ms = slot - t;
    if (ms > 0) await wait(ms, signal);
    return ms;
  }
}
