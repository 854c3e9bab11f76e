import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Sandbox, startSandbox } from '../sandbox/server';
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
    this.starting ??= Promise.resolve()
      .then(() =>
        loadSandbox().startSandbox({
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

/**
 * The sandbox server is a file of its own next to this bundle (esbuild.mjs), required when first started: most
 * windows never run the sandbox, so activating the extension neither loads nor compiles it.
 */
function loadSandbox(): { startSandbox: typeof startSandbox } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate file, loaded on demand
  return require(path.join(__dirname, 'sandboxServer.js')) as { startSandbox: typeof startSandbox };
}
