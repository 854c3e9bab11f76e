import * as vscode from 'vscode';
import { ENVIRONMENTS_FILE_NAME, usesTokens } from '../core/environments/environment';
import { tokenTarget } from '../core/auth/token';
import type { Authenticator } from './authenticate';
import type { CredentialStore } from './credentials';
import type { RunEngine } from '../core/engine';
import type { NotebookEnvironments } from './notebookEnvironments';
import { COMMANDS, NOTEBOOK_TYPE } from '../contract/ids';
import { expiryCountdown } from './statusModel';
import { ENVIRONMENTS_TEMPLATE } from './templates';
import { chooseWorkspaceDefault } from './workspaceDefault';

export interface EnvironmentArgs {
  environment?: string;
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
    const items = [
      { label: '$(globe) Switch Environment…', id: 'select' },
      ...(env && usesTokens(env) && !env.builtin ? [{ label: `$(key) Authenticate "${env.name}"…`, id: 'auth' }] : []),
      ...(signedIn && env ? [{ label: `$(sign-out) Sign Out of "${env.name}"`, id: 'signout' }] : []),
      ...(env && usesTokens(env) ? [{ label: '$(info) Show Token Details', id: 'details' }] : []),
      { label: '$(file) Open Environments File', id: 'file' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: env ? `Akkuro: ${env.name}` : 'Akkuro' });
    if (picked?.id === 'select') await this.select({});
    else if (picked?.id === 'auth') await this.authenticator.run({ environment: env!.name });
    else if (picked?.id === 'signout') await this.signOut({ environment: env!.name });
    else if (picked?.id === 'details') await this.tokenDetails({ environment: env!.name });
    else if (picked?.id === 'file') await this.openFile({});
  }

  async signOut(args: EnvironmentArgs): Promise<string[]> {
    const stored = this.credentials.storedEnvironments();
    let names: string[] | undefined = args.all ? stored : args.environment ? [args.environment] : undefined;
    if (!names) {
      if (stored.length === 0) {
        void vscode.window.showInformationMessage('You are not signed in to any Akkuro environment.');
        return [];
      }
      const picked = await vscode.window.showQuickPick(
        [
          ...stored.map((n) => ({ label: n, names: [n] })),
          ...(stored.length > 1 ? [{ label: '$(sign-out) All environments', names: stored }] : []),
        ],
        { title: 'Akkuro: Sign Out' },
      );
      names = picked?.names;
    }
    if (!names) return [];
    for (const n of names) await this.credentials.remove(n);
    if (!args.environment && !args.all)
      void vscode.window.showInformationMessage(
        `Signed out of ${names.join(', ')}: credentials removed and tokens dropped.`,
      );
    return names;
  }

  async tokenDetails(
    args: EnvironmentArgs,
  ): Promise<{ environment: string; claims: Record<string, unknown>; expiresAt: number } | undefined> {
    const notebook = this.notebook(args);
    const set = await this.notebooks.environments.setFor(notebook?.uri);
    const name = args.environment ?? (notebook ? (await this.notebooks.current(notebook)).choice.name : undefined);
    const env = name ? await this.notebooks.environments.resolve(notebook?.uri, name) : undefined;
    if (!env || !usesTokens(env)) {
      void vscode.window.showInformationMessage(
        env
          ? `Environment "${env.name}" uses no token.`
          : `No environment${name ? ` "${name}"` : ''} (known: ${set.environments.map((e) => e.name).join(', ')}).`,
      );
      return undefined;
    }
    const lookup = await this.engine.credentials(env);
    if (lookup.kind !== 'ok') {
      void vscode.window.showWarningMessage(
        lookup.kind === 'missing' ? `Not signed in to "${env.name}".` : lookup.reason,
      );
      return undefined;
    }
    try {
      const token = await this.engine.tokens.get(tokenTarget(env), lookup.credentials);
      const claims = token.claims ?? {};
      const lines = Object.entries(claims).map(
        ([k, v]) =>
          `${k}: ${typeof v === 'number' && (k === 'exp' || k === 'iat' || k === 'nbf') ? `${v} (${new Date(v * 1000).toISOString()})` : JSON.stringify(v)}`,
      );
      if (!args.environment)
        void vscode.window.showInformationMessage(
          `Token for "${env.name}": expires in ${expiryCountdown(token.expiresAt, Date.now())}`,
          {
            modal: true,
            detail: `${lines.join('\n') || 'The token is not a JWT; no claims to show.'}\n\nThe token itself is never shown.`,
          },
        );
      return { environment: env.name, claims, expiresAt: token.expiresAt };
    } catch (e) {
      void vscode.window.showErrorMessage(this.engine.redactor.redact((e as Error).message));
      return undefined;
    }
  }

  async openFile(args: EnvironmentArgs): Promise<vscode.Uri | undefined> {
    const notebook = this.notebook(args);
    let file = await this.notebooks.environments.fileFor(notebook?.uri);
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
    }
    await vscode.window.showTextDocument(file);
    return file;
  }
}
