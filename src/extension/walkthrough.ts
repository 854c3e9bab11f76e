import * as vscode from 'vscode';
import type { RunEngine } from '../core/engine';
import { SANDBOX_ENVIRONMENT } from '../core/environments/environment';
import { COMMANDS, NOTEBOOK_TYPE } from '../contract/ids';
import type { NotebookEnvironments } from './notebookEnvironments';
import { NotebookSerializer } from './serializer';
import { CONTEXT_KEYS } from './storageKeys';
import { openUntitledNotebook } from './untitledNotebook';

/** The example notebook, shipped in the .vsix (see .vscodeignore). */
const EXAMPLE = ['examples', 'getting-started.akkuro-nb'];

/**
 * What the "Get Started with Akkuro Notebooks" walkthrough (package.json) needs beyond existing commands:
 * its buttons Open Example Notebook and Copy CI Command, and the context keys that complete its steps
 * when the user has really done them (a response from the sandbox; a token for an environment of theirs).
 */
export function registerWalkthrough(
  engine: RunEngine,
  notebooks: NotebookEnvironments,
  extensionUri: vscode.Uri,
): vscode.Disposable[] {
  const done = new Set<string>();
  const complete = (key: string) => {
    if (done.has(key)) return;
    done.add(key);
    void vscode.commands.executeCommand('setContext', key, true);
  };
  return [
    engine.onEvent((event) => {
      if (event.kind === 'request' && event.environment === SANDBOX_ENVIRONMENT && event.status !== undefined)
        complete(CONTEXT_KEYS.ranOnSandbox);
      if (event.kind === 'token' && event.action === 'received' && event.environment !== SANDBOX_ENVIRONMENT)
        complete(CONTEXT_KEYS.authenticated);
    }),
    vscode.commands.registerCommand(COMMANDS.openExample, async () => {
      // A copy: the user's edits and runs never touch the installed extension's files.
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...EXAMPLE));
      const doc = await openUntitledNotebook(new NotebookSerializer().deserializeNotebook(bytes));
      return doc.uri.toString();
    }),
    vscode.commands.registerCommand(COMMANDS.copyCiCommand, () => copyCiCommand(notebooks)),
  ];
}

/** The runner's command line for the active notebook (else the workspace) and its environment. */
async function copyCiCommand(notebooks: NotebookEnvironments): Promise<string> {
  const active = vscode.window.activeNotebookEditor?.notebook;
  const notebook = active?.notebookType === NOTEBOOK_TYPE ? active : undefined;
  const target = notebook && !notebook.isUntitled ? vscode.workspace.asRelativePath(notebook.uri, false) : '.';
  const environment =
    (notebook
      ? (await notebooks.current(notebook)).choice.name
      : vscode.workspace.getConfiguration('akkuro').get<string>('defaultEnvironment') ||
        (await notebooks.environments.setFor(undefined)).defaultEnvironment) || SANDBOX_ENVIRONMENT;
  const sandbox = environment === SANDBOX_ENVIRONMENT;
  // The white label and client picked in the status bar live in workspace state, which CI never sees.
  const picked = notebook ? notebooks.accessChoice(notebook, environment) : {};
  const command = `akkuro-nb run ${shellWord(target)} ${sandbox ? '--sandbox' : `--env ${shellWord(environment)}`}${
    picked.label ? ` --label ${shellWord(picked.label)}` : ''
  }`;
  await vscode.env.clipboard.writeText(command);
  void vscode.window.showInformationMessage(
    `Copied "${command}". ${
      sandbox
        ? 'It starts the embedded sandbox with its demo client.'
        : `In CI, give it the client id and secret of "${environment}" as environment variables from your secret store (README, "In CI").`
    }${
      picked.client
        ? ` The runner chooses each request's client by its path: to use "${picked.client}" there too, write "client: ${picked.client}" in the notebook.`
        : ''
    }`,
  );
  return command;
}

function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
