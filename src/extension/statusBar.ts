import * as vscode from 'vscode';
import { usesTokens, type AccessClient, type Environment } from '../core/environments/environment';
import { tokenTarget } from '../core/auth/token';
import type { CredentialStore } from './credentials';
import type { RunEngine } from '../core/engine';
import type { NotebookEnvironments } from './notebookEnvironments';
import { COMMANDS, NOTEBOOK_TYPE, STATUS_BAR_ID } from '../contract/ids';
import { choiceSourceText } from '../core/environments/environmentChoice';
import { chooseLabel, type AccessPreferences } from '../core/environments/accessChoice';
import { clientsOf, isScoped } from '../core/environments/accessModel';
import { combinedState, statusView, type StatusAccess, type TokenState } from './statusModel';
import type { RequestUsage } from './requestUsage';
import type { NotebookHeaderProblems } from './language/headerDiagnostics';
import { cellsUsingIt } from '../core/notebook/headerAccess';

const REFRESH_MS = 15_000;
const EXECUTION_REFRESH_MS = 250;

/**
 * The active Akkuro notebook's environment, white label, client and token state; hidden when no Akkuro
 * notebook is active.
 */
export class EnvironmentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly timer: ReturnType<typeof setInterval>;
  private generation = 0;

  constructor(
    private readonly engine: RunEngine,
    private readonly notebooks: NotebookEnvironments,
    private readonly credentials: CredentialStore,
    private readonly usage?: RequestUsage,
    private readonly header?: NotebookHeaderProblems,
  ) {
    this.item.name = 'Akkuro Environment';
    this.item.command = COMMANDS.environmentMenu;
    const refresh = () => void this.refresh();
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveNotebookEditor(refresh),
      notebooks.onDidChange(refresh),
      credentials.onDidChange(refresh),
      ...(usage ? [usage.onDidChange(refresh)] : []),
      ...(header ? [header.onDidChange(refresh)] : []),
      // Each cell of a Run All ends an execution: look at the token once per batch, not once per cell.
      vscode.workspace.onDidChangeNotebookDocument((e) => e.cellChanges.some((c) => c.executionSummary) && this.soon()),
      { dispose: () => clearTimeout(this.pending) },
    );
    this.timer = setInterval(refresh, REFRESH_MS);
    refresh();
  }

  private pending: ReturnType<typeof setTimeout> | undefined;

  private soon(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      void this.refresh();
    }, EXECUTION_REFRESH_MS);
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    if (!notebook || notebook.notebookType !== NOTEBOOK_TYPE) {
      this.item.hide();
      return;
    }
    const { choice, environment, access } = await this.notebooks.current(notebook);
    if (generation !== this.generation) return;
    if (!environment) {
      this.item.text = `$(error) ${choice.name} · ${/has problems/.test(choice.problem ?? '') ? 'has problems' : 'not defined'}`;
      this.item.tooltip = choice.problem ?? `Environment "${choice.name}" is not defined.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      this.item.show();
      return;
    }
    const shown = await this.accessState(environment, access);
    if (generation !== this.generation) return;
    const headerProblems = (this.header?.problems(notebook) ?? []).map(
      (p) => `"${p.key}: ${p.value}": ${p.problem.message} (${cellsUsingIt(p.cells)})`,
    );
    if (headerProblems.length) shown.access = { ...shown.access, headerProblems };
    const view = statusView(
      environment,
      shown.state,
      Date.now(),
      choice.source && choiceSourceText(choice.source),
      shown.access,
    );
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.error
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : view.warning
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
    this.item.accessibilityInformation = { label: view.text.replace(/\$\([^)]*\)\s*/g, ''), role: 'button' };
    this.item.show();
  }

  /** The notebook's label and client, and the token state of the clients it can use with that label. */
  private async accessState(
    env: Environment,
    prefs: AccessPreferences,
  ): Promise<{ state: TokenState; access: StatusAccess }> {
    if (!usesTokens(env)) return { state: { kind: 'no-auth' }, access: {} };
    const label = chooseLabel({ environment: env, ...prefs });
    const labelName = 'problem' in label ? (prefs.notebook?.label ?? prefs.choice?.label) : label.name;
    const named = prefs.notebook?.client ?? prefs.choice?.client;
    const candidates = named
      ? clientsOf(env).filter((c) => c.name === named)
      : clientsOf(env).filter((c) => !labelName || isScoped(c, labelName));
    const clients = await Promise.all(
      candidates.map(async (c) => ({
        name: c.name,
        state: await this.tokenState(env, c, labelName),
        ...(this.usage ? { used: this.usage.count(env.name, c.name) } : {}),
        ...(c.dailyQuota !== undefined ? { quota: c.dailyQuota } : {}),
      })),
    );
    return {
      state: combinedState(clients.map((c) => c.state)),
      access: {
        ...(labelName ? { label: labelName } : {}),
        ...('problem' in label
          ? { labelSource: 'not a white label of this environment' }
          : { labelSource: label.reason.replace(/^label \S+ is /, '') }),
        ...(named
          ? { client: named, clientSource: prefs.notebook?.client ? 'named by the notebook file' : 'your choice' }
          : {}),
        clients,
      },
    };
  }

  async tokenState(env: Environment, client?: AccessClient, label?: string): Promise<TokenState> {
    if (!usesTokens(env)) return { kind: 'no-auth' };
    const c = client ?? clientsOf(env)[0];
    const lookup = await this.credentials.lookup(env, c);
    if (lookup.kind === 'missing') return { kind: 'signed-out' };
    if (lookup.kind === 'unbound') return { kind: 'rebind' };
    const token = this.engine.tokens.peek(tokenTarget(env, label, c.name), lookup.credentials.clientId, true);
    if (!token) return { kind: 'signed-in' };
    return token.expiresAt > Date.now() ? { kind: 'token', expiresAt: token.expiresAt } : { kind: 'expired' };
  }

  /** The visible text, for tests and the environment menu. */
  get text(): string | undefined {
    return this.item.text;
  }

  /** The theme colour id of the background (`statusBarItem.warningBackground`…), or undefined: for tests. */
  get background(): string | undefined {
    return this.item.backgroundColor?.id;
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
