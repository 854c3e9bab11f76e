// The restart suite entry, bundled by esbuild.mjs into out/test/extension/restart.js. It runs in a window of its
// own, twice: the first run counts requests and reloads the window (a real restart: a new extension host and a
// new window session, on the same profile); the workbench then loads this suite again, which finds the marker
// the first run left in the workspace and checks what survived.
import * as vscode from 'vscode';
import { runMochaSuites } from '../host/mochaRun';
import { restartPhase } from './restartPhase';

export async function run(): Promise<void> {
  const phase = restartPhase();
  await runMochaSuites(
    () => {
      require('./restart.test');
    },
    // A fresh profile opens its first notebook slowly (the notebook editor and renderer load on first use).
    { timeoutMs: 90_000 },
  );
  if (phase === 'before') {
    // The extension host ends with the window: this run never settles, the second one reports the exit code.
    await vscode.commands.executeCommand('workbench.action.reloadWindow');
    await new Promise<never>(() => {});
  }
}
