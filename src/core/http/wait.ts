/** Thrown by `wait` when its signal aborts: the run was cancelled during a pause. */
export class WaitCancelled extends Error {
  constructor() {
    super('cancelled while waiting');
    this.name = 'WaitCancelled';
  }
}

/**
 * A pause that ends early when the run is cancelled (Retry-After, `every:`, pacing): nothing a run waits for
 * may outlast a cancel.
 */
export function wait(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new WaitCancelled());
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new WaitCancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
