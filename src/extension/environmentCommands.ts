import * as vscode from 'vscode';
import { ENVIRONMENTS_FILE_NAME, usesTokens } from '../core/environments/environment';
import { declaresClients, findClient, labelsOf } from '../core/environments/accessModel';
import type { Authenticator } from './authenticate';
import type { CredentialStore } from './credentials';
import type { RunEngine } from '../core/engine';
import type { NotebookEnvironments } from './notebookEnvironments';
import { COMMANDS, NOTEBOOK_TYPE } from '../contract/ids';
import { ENVIRONMENTS_TEMPLATE } from './templates';
import { showTokenDetails, type TokenDetails } from './tokenDetails';
import { chooseWorkspaceDefault } from './workspaceDefault';

export interface EnvironmentArgs {
  environment?: string;
  /** Sign Out of, or Show Token Details for, one client of the environment. */
  client?: string;
  notebook?: string;
  /** Select Environment on a pinned notebook: change the pin in the file without asking. */
  changePin?: boolean;
  all?: boolean;
}

/** Select Environment, the status-bar menu, Sign Out, Show Token Details and Open Environments File. */
export class EnvironmentCommands {
  constructor(
    private readonly engine: RunEngine,
    private readonly notebooks: NotebookEnvironments,
    private readonly credentials: CredentialStore,
    private readonly authenticator: Authenticator,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(COMMANDS.selectEnvironment, (a?: EnvironmentArgs) => this.select(a ?? {})),
      vscode.commands.registerCommand(COMMANDS.environmentMenu, () => this.menu()),
      vscode.commands.registerCommand(COMMANDS.signOut, (a?: EnvironmentArgs) => this.signOut(a ?? {})),
      vscode.commands.registerCommand(COMMANDS.showTokenDetails, (a?: EnvironmentArgs) => this.tokenDetails(a ?? {})),
      vscode.commands.registerCommand(COMMANDS.openEnvironmentsFile, (a?: EnvironmentArgs) => this.openFile(a ?? {})),
    ];
  }

  private notebook(args: EnvironmentArgs): vscode.NotebookDocument | undefined {
    if (args.notebook) return vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === args.notebook);
    const active = vscode.window.activeNotebookEditor?.notebook;
    return active?.notebookType === NOTEBOOK_TYPE ? active : undefined;
  }

  async select(args: EnvironmentArgs): Promise<string | undefined> {
    const notebook = this.notebook(args);
    if (!notebook && !args.notebook) return chooseWorkspaceDefault(this.notebooks.environments, args.environment);
    if (!notebook) {
      void vscode.window.showInformationMessage('Open an Akkuro notebook (.akkuro-nb) to choose its environment.');
      return undefined;
    }
    const { set, choice } = await this.notebooks.current(notebook);
    let name = args.environment;
    if (!name) {
      const picked = await vscode.window.showQuickPick(
        set.environments.map((e) => ({
          label: `${e.protected ? '$(warning) ' : ''}${e.name}`,
          description: e.brokerKey ? `${e.brokerKey}/${e.labelReferenceId}` : e.builtin ? 'local simulator' : '',
          detail: `${e.builtin ? 'local sandbox' : e.baseUrl}${e.protected ? ' · PROTECTED' : ''}${e.name === choice.name ? ' · current' : ''}`,
          name: e.name,
        })),
        {
          title: 'Akkuro: Select Environment',
          placeHolder: set.errors
            ? `akkuro-environments.yaml has ${set.errors} problem(s); some environments may be missing`
            : 'Environment for this notebook',
        },
      );
      name = picked?.name;
    }
    if (!name) return undefined;
    if (!set.environments.some((e) => e.name === name)) {
      void vscode.window.showErrorMessage(
        `No environment "${name}". Known: ${set.environments.map((e) => e.name).join(', ')}.`,
      );
      return undefined;
    }
    const pin = notebook.metadata?.environment;
    if (typeof pin === 'string' && pin !== name) {
      const change = 'Change Pin';
      const ok =
        args.changePin ||
        (await vscode.window.showWarningMessage(
          `This notebook is pinned to "${pin}" in its file. Change the pin to "${name}"?`,
          { modal: true, detail: 'The change is saved in the notebook file, so teammates get it too.' },
          change,
        )) === change;
      if (!ok) return undefined;
      const edit = new vscode.WorkspaceEdit();
      edit.set(notebook.uri, [vscode.NotebookEdit.updateNotebookMetadata({ ...notebook.metadata, environment: name })]);
      await vscode.workspace.applyEdit(edit);
    }
    await this.notebooks.choose(notebook, name);
    return name;
  }

  private async menu(): Promise<void> {
    const notebook = this.notebook({});
    const env = notebook ? (await this.notebooks.current(notebook)).environment : undefined;
    const signedIn = env && !env.builtin ? await this.credentials.has(env.name) : false;
    const tokens = !!env && usesTokens(env);
    const items = [
      { label: '$(globe) Switch Environment…', id: 'select' },
      ...(tokens && labelsOf(env).length > 1 ? [{ label: '$(tag) Switch White Label…', id: 'label' }] : []),
      ...(tokens && declaresClients(env) ? [{ label: '$(person) Switch Client…', id: 'client' }] : []),
      ...(tokens && !env.builtin ? [{ label: `$(key) Authenticate "${env.name}"…`, id: 'auth' }] : []),
      ...(signedIn && env ? [{ label: `$(sign-out) Sign Out of "${env.name}"…`, id: 'signout' }] : []),
      ...(tokens ? [{ label: '$(info) Show Token Details', id: 'details' }] : []),
      { label: '$(file) Open Environments File', id: 'file' },
      { label: '$(mail) Draft Credentials Request…', id: 'draft' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: env ? `Akkuro: ${env.name}` : 'Akkuro' });
    if (picked?.id === 'select') await this.select({});
    else if (picked?.id === 'label') await vscode.commands.executeCommand(COMMANDS.selectLabel);
    else if (picked?.id === 'client') await vscode.commands.executeCommand(COMMANDS.selectClient);
    else if (picked?.id === 'auth') await this.authenticator.run({ environment: env!.name });
    else if (picked?.id === 'signout') await this.signOut({ environment: env!.name, ask: true });
    else if (picked?.id === 'details') await this.tokenDetails({ environment: env!.name });
    else if (picked?.id === 'file') await this.openFile({});
    else if (picked?.id === 'draft') await vscode.commands.executeCommand(COMMANDS.draftCredentialsRequest);
  }

  /**
   * Removes stored credentials and drops their tokens: one client's (`client`), a whole environment's, or
   * all. Without arguments (or with `ask`), the user picks among what is stored. Returns what was removed,
   * as `env` or `env/client`.
   */
  async signOut(args: EnvironmentArgs & { ask?: boolean }): Promise<string[]> {
    const stored = this.credentials.stored().filter((e) => !args.environment || e.environment === args.environment);
    let targets: Array<{ environment: string; client?: string }> | undefined = args.all
      ? this.credentials.storedEnvironments().map((environment) => ({ environment }))
      : args.environment && !args.ask
        ? [{ environment: args.environment, ...(args.client ? { client: args.client } : {}) }]
        : undefined;
    if (!targets) {
      if (stored.length === 0) {
        void vscode.window.showInformationMessage('You are not signed in to any Akkuro environment.');
        return [];
      }
      const environments = [...new Set(stored.map((e) => e.environment))];
      const picked = await vscode.window.showQuickPick(
        [
          ...stored.map((e) => ({
            label: e.client ? `${e.environment} · ${e.client}` : e.environment,
            description: e.client ? 'this client only' : '',
            targets: [e],
          })),
          ...environments
            .filter((n) => stored.filter((e) => e.environment === n).length > 1)
            .map((n) => ({ label: `$(sign-out) ${n} — every client`, description: '', targets: [{ environment: n }] })),
          ...(environments.length > 1 && !args.environment
            ? [
                {
                  label: '$(sign-out) All environments',
                  description: '',
                  targets: environments.map((environment) => ({ environment })),
                },
              ]
            : []),
        ],
        { title: 'Akkuro: Sign Out' },
      );
      targets = picked?.targets;
    }
    if (!targets) return [];
    const removed: string[] = [];
    for (const t of targets) {
      const env = await this.notebooks.environments.resolve(this.notebook(args)?.uri, t.environment);
      const client = t.client
        ? ((env && findClient(env, t.client)) ?? { name: t.client, labels: 'all' as const })
        : undefined;
      const gone = await this.credentials.remove(t.environment, client);
      removed.push(
        ...(gone.length ? gone : [t]).map((e) => (e.client ? `${e.environment}/${e.client}` : e.environment)),
      );
    }
    if (!args.all && (!args.environment || args.ask))
      void vscode.window.showInformationMessage(
        `Signed out of ${removed.join(', ')}: credentials removed and tokens dropped.`,
      );
    return removed;
  }

  tokenDetails(args: EnvironmentArgs): Promise<TokenDetails | undefined> {
    const notebook = this.notebook(args);
    return showTokenDetails(this.engine, this.notebooks, notebook, args);
  }

  async openFile(args: EnvironmentArgs): Promise<vscode.Uri | undefined> {
    const notebook = this.notebook(args);
    let file = await this.notebooks.environments.fileFor(notebook?.uri, true);
    if (!file) {
      const root =
        (notebook && vscode.workspace.getWorkspaceFolder(notebook.uri)?.uri) ??
        vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!root) {
        void vscode.window.showWarningMessage('Open a folder first: akkuro-environments.yaml lives in the workspace.');
        return undefined;
      }
      file = vscode.Uri.joinPath(root, ENVIRONMENTS_FILE_NAME);
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(ENVIRONMENTS_TEMPLATE));
      this.notebooks.environments.reload(file);
    }
    await vscode.window.showTextDocument(file);
    return file;
  }
}
