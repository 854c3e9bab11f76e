import * as vscode from 'vscode';
import {
  clientLabels,
  clientsOf,
  declaresClients,
  domainsText,
  labelsOf,
  scopeText,
} from '../core/environments/accessModel';
import { usesTokens, type Environment } from '../core/environments/environment';
import { applyEdits, setCellKeys } from '../core/language/cellEdits';
import type { NotebookEnvironments } from './notebookEnvironments';
import { COMMANDS, NOTEBOOK_TYPE } from '../contract/ids';

export interface AccessArgs {
  notebook?: string;
  /** The white label or client to use; `null` goes back to the default label, or to the choice by path. */
  label?: string | null;
  client?: string | null;
  /** On a notebook whose file names a label or client: change the file without asking. */
  changePin?: boolean;
  /** Write the label or client into the notebook file (its header) even when it names none yet. */
  inFile?: boolean;
}

export interface UseClientArgs {
  /** The cell's document URI. */
  cell: string;
  client: string;
  label?: string;
}

/**
 * Switch White Label, Switch Client (the status bar's menu) and the 403 card's "use client" link, which
 * writes `client:` (and `label:` when needed) into the cell. A choice is the notebook's, per environment,
 * kept in workspace state; a notebook whose file names a label or client gets its file changed instead,
 * after asking, like an environment pin.
 */
export class AccessCommands {
  constructor(private readonly notebooks: NotebookEnvironments) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(COMMANDS.selectLabel, (a?: AccessArgs) => this.selectLabel(a ?? {})),
      vscode.commands.registerCommand(COMMANDS.selectClient, (a?: AccessArgs) => this.selectClient(a ?? {})),
      vscode.commands.registerCommand(COMMANDS.useClient, (a?: UseClientArgs) => this.useClient(a)),
    ];
  }

  async selectLabel(args: AccessArgs): Promise<string | null | undefined> {
    const target = await this.target(args);
    if (!target) return undefined;
    const { notebook, env, current } = target;
    const labels = labelsOf(env);
    let label = args.label;
    if (label === undefined) {
      const picked = await vscode.window.showQuickPick(
        labels.map((l, i) => ({
          label: l,
          description: [i === 0 ? 'default' : '', l === current.label ? 'current' : ''].filter(Boolean).join(' · '),
          detail: `Clients: ${
            clientsOf(env)
              .filter((c) => clientLabels(c, env).includes(l))
              .map((c) => (c.implicit ? 'the environment’s credentials' : c.name))
              .join(', ') || 'none is scoped to this label'
          }`,
          value: l,
        })),
        { title: `Akkuro: Switch White Label (${env.name})`, placeHolder: 'White label for this notebook' },
      );
      if (!picked) return undefined;
      label = picked.value;
    }
    if (label !== null && !labels.includes(label)) {
      void vscode.window.showErrorMessage(`"${label}" is not a white label of "${env.name}": ${labels.join(', ')}.`);
      return undefined;
    }
    return (await this.apply(notebook, env, 'label', label, args)) ? label : undefined;
  }

  async selectClient(args: AccessArgs): Promise<string | null | undefined> {
    const target = await this.target(args);
    if (!target) return undefined;
    const { notebook, env, current } = target;
    const clients = clientsOf(env).filter((c) => !c.implicit);
    // The notebook file's `client:` can always be removed, even where there is no client to choose.
    const unpin = args.client === null && typeof notebook.metadata?.client === 'string';
    if (!declaresClients(env) && !unpin) {
      void vscode.window.showInformationMessage(
        `Environment "${env.name}" has one set of credentials (no "clients:" in akkuro-environments.yaml).`,
      );
      return undefined;
    }
    let client = args.client;
    if (client === undefined) {
      const picked = await vscode.window.showQuickPick(
        [
          {
            label: '$(symbol-event) Automatic',
            description: current.client ? '' : 'current',
            detail: 'Each request uses the client whose domains cover its path',
            value: null as string | null,
          },
          ...clients.map((c) => ({
            label: c.name,
            description: `${scopeText(c, env)}${c.name === current.client ? ' · current' : ''}`,
            detail: domainsText(c),
            value: c.name as string | null,
          })),
        ],
        { title: `Akkuro: Switch Client (${env.name})`, placeHolder: 'Client for the requests of this notebook' },
      );
      if (!picked) return undefined;
      client = picked.value;
    }
    if (client !== null && !clients.some((c) => c.name === client)) {
      void vscode.window.showErrorMessage(
        `"${client}" is not a client of "${env.name}": ${clients.map((c) => c.name).join(', ')}.`,
      );
      return undefined;
    }
    return (await this.apply(notebook, env, 'client', client, args)) ? client : undefined;
  }

  /** Writes `client:` (and `label:`) into a cell; returns whether the cell changed. */
  async useClient(args: UseClientArgs | undefined): Promise<boolean> {
    if (!args?.cell || !args.client) return false;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === args.cell);
    if (!doc) {
      void vscode.window.showWarningMessage('That cell is no longer open.');
      return false;
    }
    const text = doc.getText();
    const edits = setCellKeys(text, { client: args.client, ...(args.label ? { label: args.label } : {}) });
    if (applyEdits(text, edits) === text) return false;
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits)
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
    return vscode.workspace.applyEdit(edit);
  }

  private async target(args: AccessArgs) {
    const notebook = args.notebook
      ? vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === args.notebook)
      : vscode.window.activeNotebookEditor?.notebook;
    if (!notebook || notebook.notebookType !== NOTEBOOK_TYPE) {
      void vscode.window.showInformationMessage('Open an Akkuro notebook (.akkuro-nb) to choose its label or client.');
      return undefined;
    }
    const { environment: env, access } = await this.notebooks.current(notebook);
    if (!env || !usesTokens(env)) {
      void vscode.window.showInformationMessage(
        env ? `Environment "${env.name}" uses no tokens.` : 'The notebook has no environment yet.',
      );
      return undefined;
    }
    const current = {
      label: access.notebook?.label ?? access.choice?.label ?? labelsOf(env)[0],
      client: access.notebook?.client ?? access.choice?.client,
    };
    return { notebook, env, current };
  }

  /** The notebook file's key when it has one (after asking), else the user's choice in workspace state. */
  private async apply(
    notebook: vscode.NotebookDocument,
    env: Environment,
    key: 'label' | 'client',
    value: string | null,
    args: AccessArgs,
  ): Promise<boolean> {
    const meta = notebook.metadata?.[key];
    const pinned = typeof meta === 'string' && meta ? meta : undefined;
    if (pinned ? pinned !== value : args.inFile && value) {
      const change = 'Change File';
      const shown = value ?? (key === 'client' ? 'automatic' : 'the default');
      const ok =
        !pinned ||
        args.changePin ||
        (await vscode.window.showWarningMessage(
          `This notebook's file says "${key}: ${pinned}". Change it to ${value ? `"${value}"` : `${shown} (remove the line)`}?`,
          { modal: true, detail: 'The change is saved in the notebook file, so teammates get it too.' },
          change,
        )) === change;
      if (!ok) return false;
      const metadata: Record<string, unknown> = { ...notebook.metadata };
      if (value) metadata[key] = value;
      else delete metadata[key];
      const edit = new vscode.WorkspaceEdit();
      edit.set(notebook.uri, [vscode.NotebookEdit.updateNotebookMetadata(metadata)]);
      await vscode.workspace.applyEdit(edit);
    }
    await this.notebooks.chooseAccess(notebook, env.name, { [key]: value ?? undefined });
    return true;
  }
}
