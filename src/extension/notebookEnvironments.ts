import * as vscode from 'vscode';
import { SANDBOX_ENVIRONMENT, type Environment } from '../core/environments/environment';
import type { NamedResponse } from '../core/request/variables';
import type { EnvironmentService, EnvironmentSet } from './environmentService';
import { chooseEnvironment, type EnvironmentChoice } from '../core/environments/environmentChoice';
import type { AccessAsk, AccessPreferences } from '../core/environments/accessChoice';
import { NOTEBOOK_TYPE } from '../contract/ids';
import { STORAGE_KEYS } from './storageKeys';

const CHOICE_KEY = STORAGE_KEYS.notebookChoices;
const ACCESS_KEY = STORAGE_KEYS.notebookAccess;

export interface NotebookEnvironment {
  choice: EnvironmentChoice;
  set: EnvironmentSet;
  /** Undefined when the chosen environment is not defined (see `choice.problem`). */
  environment?: Environment;
  /** The notebook file's `client:`/`label:` and the user's choice for this notebook in this environment. */
  access: AccessPreferences;
}

/**
 * Which environment each notebook uses (its pin, else the user's last choice kept in workspace state,
 * never in the file, else the workspace default), and the named responses of each notebook per environment.
 */
export class NotebookEnvironments implements vscode.Disposable {
  private readonly responses = new Map<string, Map<string, NamedResponse>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    readonly environments: EnvironmentService,
    private readonly state: vscode.Memento,
  ) {
    this.subscriptions = [
      environments.onDidChange(() => this.changed.fire(undefined)),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.clearResponses(nb.uri)),
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('akkuro.defaultEnvironment') && this.changed.fire(undefined),
      ),
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (e.metadata !== undefined && e.notebook.notebookType === NOTEBOOK_TYPE) this.changed.fire(e.notebook.uri);
      }),
    ];
  }

  async current(notebook: vscode.NotebookDocument): Promise<NotebookEnvironment> {
    const set = await this.environments.setFor(notebook.uri);
    const choices = this.state.get<Record<string, string>>(CHOICE_KEY, {});
    const pin =
      typeof notebook.metadata?.environment === 'string' ? (notebook.metadata.environment as string) : undefined;
    const choice = chooseEnvironment({
      ...(pin ? { pin } : {}),
      ...(choices[notebook.uri.toString()] ? { lastChoice: choices[notebook.uri.toString()] } : {}),
      settingDefault:
        vscode.workspace.getConfiguration('akkuro', notebook.uri).get<string>('defaultEnvironment') || undefined,
      ...(set.defaultEnvironment ? { fileDefault: set.defaultEnvironment } : {}),
      available: set.environments.map((e) => e.name),
      ...(set.unusable ? { unusable: set.unusable } : {}),
      fallback: SANDBOX_ENVIRONMENT,
    });
    const environment = set.environments.find((e) => e.name === choice.name);
    const access: AccessPreferences = {
      notebook: metadataAsk(notebook),
      choice: environment ? this.accessChoice(notebook, environment.name) : {},
    };
    return { choice, set, ...(environment ? { environment } : {}), access };
  }

  /** What the notebook file and the user ask for in an environment (the notebook's current one, or another). */
  accessFor(notebook: vscode.NotebookDocument, environment: string): AccessPreferences {
    return { notebook: metadataAsk(notebook), choice: this.accessChoice(notebook, environment) };
  }

  /** The white label and client the user picked for this notebook in an environment (the status bar's menu). */
  accessChoice(notebook: vscode.NotebookDocument, environment: string): AccessAsk {
    return this.state.get<Record<string, AccessAsk>>(ACCESS_KEY, {})[accessKey(notebook.uri, environment)] ?? {};
  }

  /**
   * Remembers a white label or client for this notebook in an environment (undefined: back to the default
   * label, or to the choice by path). A new label forgets the named responses: they hold another label's data.
   */
  async chooseAccess(notebook: vscode.NotebookDocument, environment: string, change: AccessAsk): Promise<void> {
    const all = { ...this.state.get<Record<string, AccessAsk>>(ACCESS_KEY, {}) };
    const key = accessKey(notebook.uri, environment);
    const next: AccessAsk = { ...all[key] };
    for (const k of ['client', 'label'] as const) {
      if (!(k in change)) continue;
      if (change[k]) next[k] = change[k];
      else delete next[k];
    }
    const labelChanged = 'label' in change && all[key]?.label !== next.label;
    if (next.client || next.label) all[key] = next;
    else delete all[key];
    await this.state.update(ACCESS_KEY, all);
    if (labelChanged) this.clearResponses(notebook.uri);
    this.changed.fire(notebook.uri);
  }

  /** Remembers the user's choice for this notebook and forgets its named responses. */
  async choose(notebook: vscode.NotebookDocument, name: string): Promise<void> {
    const choices = { ...this.state.get<Record<string, string>>(CHOICE_KEY, {}) };
    choices[notebook.uri.toString()] = name;
    await this.state.update(CHOICE_KEY, choices);
    this.clearResponses(notebook.uri);
    this.changed.fire(notebook.uri);
  }

  responsesFor(notebookUri: vscode.Uri, environment: string): Map<string, NamedResponse> {
    const key = `${notebookUri.toString()}\n${environment}`;
    let map = this.responses.get(key);
    if (!map) {
      map = new Map();
      this.responses.set(key, map);
    }
    return map;
  }

  clearResponses(notebookUri: vscode.Uri): void {
    const prefix = `${notebookUri.toString()}\n`;
    for (const key of [...this.responses.keys()]) if (key.startsWith(prefix)) this.responses.delete(key);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function accessKey(uri: vscode.Uri, environment: string): string {
  return `${uri.toString()}\n${environment}`;
}

/** The notebook file's `client:` and `label:`, kept in the notebook's metadata by the serializer. */
function metadataAsk(notebook: vscode.NotebookDocument): AccessAsk {
  const meta = notebook.metadata ?? {};
  return {
    ...(typeof meta.client === 'string' && meta.client ? { client: meta.client } : {}),
    ...(typeof meta.label === 'string' && meta.label ? { label: meta.label } : {}),
  };
}
