import * as vscode from 'vscode';
import { usesTokens, type Environment } from '../core/environments/environment';
import { tokenTarget } from '../core/auth/token';
import type { CredentialStore } from './credentials';
import type { RunEngine } from '../core/engine';
import type { NotebookEnvironments } from './notebookEnvironments';
import { COMMANDS, NOTEBOOK_TYPE, STATUS_BAR_ID } from '../contract/ids';
import { choiceSourceText } from '../core/environments/environmentChoice';
import { statusView, type TokenState } from './statusModel';

const REFRESH_MS = 15_000;
const EXECUTION_REFRESH_MS = 250;

/** The active Akkuro notebook's environment and token state; hidden when no Akkuro notebook is active. */
export class EnvironmentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly timer: ReturnType<typeof setInterval>;
  private generation = 0;

  constructor(
    private readonly engine: RunEngine,
    private readonly notebooks: NotebookEnvironments,
    private readonly credentials: CredentialStore,
  ) {
    this.item.name = 'Akkuro Environment';
    this.item.command = COMMANDS.environmentMenu;
    const refresh = () => void this.refresh();
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveNotebookEditor(refresh),
      notebooks.onDidChange(refresh),
      credentials.onDidChange(refresh),
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
    const { choice, environment } = await this.notebooks.current(notebook);
    if (generation !== this.generation) return;
    if (!environment) {
      this.item.text = `$(error) ${choice.name} · not defined`;
      this.item.tooltip = choice.problem ?? `Environment "${choice.name}" is not defined.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      this.item.show();
      return;
    }
    const state = await this.tokenState(environment);
    if (generation !== this.generation) return;
    const view = statusView(environment, state, Date.now(), choice.source && choiceSourceText(choice.source));
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: view.text.replace(/\$\([^)]*\)\s*/g, ''), role: 'button' };
    this.item.show();
  }

  async tokenState(env: Environment): Promise<TokenState> {
    if (!usesTokens(env)) return { kind: 'no-auth' };
    const lookup = await this.credentials.lookup(env);
    if (lookup.kind === 'missing') return { kind: 'signed-out' };
    if (lookup.kind === 'unbound') return { kind: 'rebind' };
    const token = this.engine.tokens.peek(tokenTarget(env), lookup.credentials.clientId, true);
    if (!token) return { kind: 'signed-in' };
    return token.expiresAt > Date.now() ? { kind: 'token', expiresAt: token.expiresAt } : { kind: 'expired' };
  }

  /** The visible text, for tests and the environment menu. */
  get text(): string | undefined {
    return this.item.text;
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
