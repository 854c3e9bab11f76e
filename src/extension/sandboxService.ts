import * as vscode from 'vscode';
import type { Sandbox } from '../sandbox/server';
import { CONTEXT_KEYS } from './storageKeys';

/** The local sandbox inside the extension host, on a free loopback port. */
export class SandboxService implements vscode.Disposable {
  private sandbox: Sandbox | undefined;
  private starting: Promise<Sandbox> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  get url(): string | undefined {
    return this.sandbox?.url;
  }

  get running(): Sandbox | undefined {
    return this.sandbox;
  }

  async start(): Promise<Sandbox> {
    if (this.sandbox) return this.sandbox;
    // Loaded when first started: most windows never run the sandbox.
    this.starting ??= import('../sandbox/server')
      .then(({ startSandbox }) =>
        startSandbox({
          port: 0,
          tokenTtlSeconds: vscode.workspace.getConfiguration('akkuro').get<number>('sandbox.tokenLifetime', 300),
          quiet: true,
        }),
      )
      .then((s) => {
        this.sandbox = s;
        void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.sandboxRunning, true);
        this.changed.fire();
        return s;
      })
      .finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<boolean> {
    const s = this.sandbox ?? (this.starting ? await this.starting : undefined);
    if (!s) return false;
    this.sandbox = undefined;
    await s.close();
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.sandboxRunning, false);
    this.changed.fire();
    return true;
  }

  dispose(): void {
    void this.stop();
    this.changed.dispose();
  }
}
