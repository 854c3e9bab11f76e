import * as vscode from 'vscode';
import { RequestCounter, sumDayCounts, utcDay, usageKey, type DayCounts } from '../core/budget/usage';
import type { RunEngine } from '../core/engine';
import { STORAGE_KEYS } from './storageKeys';

/** Counts are written at most this often (a Run All of 500 cells is not 500 writes), and when the window closes. */
const SAVE_MS = 500;
/** The status bar follows counts at most this often. */
const CHANGE_MS = 250;

/**
 * Requests per client and UTC day across windows and restarts (PRODUCT.md §10): every request and token request
 * of the window's engine is counted (core/budget/usage.ts) and kept in VS Code's global state, one record per
 * window session, each written only by its own window, so no window overwrites another's counts. The day's use of
 * a client is the sum of today's records; yesterday's are deleted.
 */
export class RequestUsage implements vscode.Disposable {
  private counter: RequestCounter;
  private key: string;
  private readonly subscription: { dispose(): void };
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (at most every 250 ms) when a count changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    engine: RunEngine,
    private readonly state: vscode.Memento,
    session: string = vscode.env.sessionId,
    private readonly now: () => number = Date.now,
  ) {
    this.key = `${STORAGE_KEYS.requestUsagePrefix}${session}`;
    this.counter = new RequestCounter(now, this.state.get<DayCounts>(this.key));
    this.prune();
    this.subscription = engine.onEvent((event) => {
      if (this.counter.record(event) === undefined) return;
      this.saveSoon();
      this.changeSoon();
    });
  }

  /** Today's requests of a client in every window, token requests included. */
  count(environment: string, client: string): number {
    const key = usageKey(environment, client);
    const others = sumDayCounts(this.otherRecords(), utcDay(this.now()))[key] ?? 0;
    return others + this.counter.count(environment, client);
  }

  /** Writes this window's counts now. */
  async flush(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await this.state.update(this.key, this.counter.snapshot());
  }

  /**
   * For the extension's tests: what a restart does. This window's counts are written and it starts over as a
   * new session that has counted nothing yet; what it reads now comes from global state only.
   */
  async restart(session: string): Promise<void> {
    await this.flush();
    this.key = `${STORAGE_KEYS.requestUsagePrefix}${session}`;
    this.counter = new RequestCounter(this.now, this.state.get<DayCounts>(this.key));
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    clearTimeout(this.changeTimer);
    void this.flush().catch(() => undefined);
    this.changed.dispose();
  }

  private otherRecords(): Array<DayCounts | undefined> {
    return this.state
      .keys()
      .filter((k) => k.startsWith(STORAGE_KEYS.requestUsagePrefix) && k !== this.key)
      .map((k) => this.state.get<DayCounts>(k));
  }

  /** Records of other days are no use: a quota is per day. */
  private prune(): void {
    const today = utcDay(this.now());
    for (const k of this.state.keys()) {
      if (!k.startsWith(STORAGE_KEYS.requestUsagePrefix)) continue;
      const r = this.state.get<DayCounts>(k);
      if (r?.day !== today) void this.state.update(k, undefined);
    }
  }

  private saveSoon(): void {
    this.saveTimer ??= setTimeout(() => void this.flush().catch(() => undefined), SAVE_MS);
  }

  private changeSoon(): void {
    this.changeTimer ??= setTimeout(() => {
      this.changeTimer = undefined;
      this.changed.fire();
    }, CHANGE_MS);
  }
}
