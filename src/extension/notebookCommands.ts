import * as vscode from 'vscode';
import { isRendererMessage } from '../contract/messages';
import type { FullResponses } from './fullResponses';
import type { SandboxService } from './sandboxService';
import { COMMANDS, RENDERER_ID, REQUEST_LANGUAGE } from '../contract/ids';
import { STARTER_CELLS } from './templates';
import { openUntitledNotebook } from './untitledNotebook';

/** Commands a renderer output may ask for; anything else from the webview is ignored. */
const RENDERER_COMMANDS = new Set([
  COMMANDS.authenticate,
  COMMANDS.selectEnvironment,
  COMMANDS.startSandbox,
  COMMANDS.openEnvironmentsFile,
  COMMANDS.showRunHistory,
  COMMANDS.useClient,
  COMMANDS.draftCredentialsRequest,
  'workbench.trust.manage',
]);

/** New Request Notebook, Open Full Response, the sandbox commands and the renderer's messages. */
export function registerNotebookCommands(fullResponses: FullResponses, sandbox: SandboxService): vscode.Disposable[] {
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  return [
    vscode.commands.registerCommand(COMMANDS.newNotebook, async () => {
      const data = new vscode.NotebookData(
        STARTER_CELLS.map((c) =>
          c.kind === 'markdown'
            ? new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, c.text, 'markdown')
            : new vscode.NotebookCellData(vscode.NotebookCellKind.Code, c.text, REQUEST_LANGUAGE),
        ),
      );
      return (await openUntitledNotebook(data)).uri.toString();
    }),
    vscode.commands.registerCommand(COMMANDS.openFullResponse, async (arg?: string | { fullBodyId?: string }) => {
      const doc = await fullResponses.open(typeof arg === 'string' ? arg : arg?.fullBodyId);
      return doc?.uri.toString();
    }),
    vscode.commands.registerCommand(COMMANDS.startSandbox, async (args?: { silent?: boolean }) => {
      const s = await sandbox.start();
      if (!args?.silent)
        void vscode.window.showInformationMessage(
          `Local Akkuro sandbox running at ${s.url}. The "sandbox" environment uses it with built-in demo credentials.`,
        );
      return s.url;
    }),
    vscode.commands.registerCommand(COMMANDS.stopSandbox, async () => {
      const stopped = await sandbox.stop();
      void vscode.window.showInformationMessage(
        stopped ? 'Local Akkuro sandbox stopped.' : 'The local sandbox was not running.',
      );
      return stopped;
    }),
    messaging.onDidReceiveMessage(async ({ message }) => {
      if (!isRendererMessage(message)) return;
      if (message.type === 'openFullResponse') await fullResponses.open(message.fullBodyId);
      else if (message.type === 'copy') {
        await vscode.env.clipboard.writeText(message.text);
        void vscode.window.setStatusBarMessage('$(copy) Copied', 2000);
      } else if (RENDERER_COMMANDS.has(message.command))
        await vscode.commands.executeCommand(message.command, ...(message.args ?? []));
    }),
  ];
}
