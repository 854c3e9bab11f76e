import * as vscode from 'vscode';
import { COMMANDS } from '../contract/ids';
import type { CellRuns } from './cellRuns';
import { STORAGE_KEYS } from './storageKeys';

const PERSIST_SETTING = 'history.persist';
/** The stored history never grows past this; the oldest runs are left out first. */
export const MAX_STORED_BYTES = 8 * 1024 * 1024;
const SAVE_DELAY_MS = 1000;

/**
 * The run history across sessions, only when the user opts in (`akkuro.history.persist`): one JSON file in
 * the extension's storage for this workspace (`context.storageUri`, never the workspace folder or the
 * notebook), redacted and bounded. Turning the setting off, or "Clear Run History", deletes the file.
 */
export class HistoryStore implements vscode.Disposable {
  private readonly file: vscode.Uri | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly cellRuns: CellRuns,
    storage: vscode.Uri | undefined,
  ) {
    this.file = storage && vscode.Uri.joinPath(storage, STORAGE_KEYS.runHistoryFile);
    this.subscriptions = [
      // Whether to keep it is read when it is written (save), not on each change: a Run All changes the history once
      // per cell, and reading the setting is a call into the configuration service.
      cellRuns.onDidChangeHistory(() => this.file && this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(`akkuro.${PERSIST_SETTING}`)) return;
        if (this.persist()) this.schedule(0);
        else void this.remove();
      }),
      vscode.commands.registerCommand(COMMANDS.clearRunHistory, () => this.clear()),
    ];
  }

  /** Reads the stored history back, when persistence is on; a damaged file is ignored (and replaced later). */
  async load(): Promise<number> {
    if (!this.file || !this.persist()) return 0;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.file));
      const restored = this.cellRuns.history.restore(JSON.parse(text));
      this.cellRuns.refresh();
      return restored;
    } catch {
      return 0;
    }
  }

  async clear(): Promise<void> {
    const runs = this.cellRuns.history.size;
    this.cellRuns.clear();
    await this.remove();
    void vscode.window.showInformationMessage(
      `Run history cleared (${runs === 1 ? '1 run' : `${runs} runs`}${this.persist() ? ', and the stored copy' : ''}).`,
    );
  }

  /** Where the history is stored; for the extension's own tests. */
  get location(): vscode.Uri | undefined {
    return this.file;
  }

  /** Waits for pending writes (the extension's tests read the file). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.save();
    }
    await this.writing;
  }

  private persist(): boolean {
    return !!this.file && vscode.workspace.getConfiguration('akkuro').get<boolean>(PERSIST_SETTING, false);
  }

  private schedule(delay = SAVE_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, delay);
  }

  private save(): Promise<void> {
    const file = this.file;
    if (!file || !this.persist()) return this.writing;
    const { json } = this.cellRuns.history.snapshot(MAX_STORED_BYTES, (key) => this.cellRuns.storedKey(key));
    this.writing = this.writing.then(async () => {
      try {
        await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
        await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(json));
      } catch {
        // A history that cannot be stored is still kept in memory; the next run tries again.
      }
    });
    return this.writing;
  }

  private async remove(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    if (!this.file) return;
    try {
      await vscode.workspace.fs.delete(this.file);
    } catch {
      // Nothing was stored.
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    if (this.timer) {
      clearTimeout(this.timer);
      void this.save();
    }
  }
}
