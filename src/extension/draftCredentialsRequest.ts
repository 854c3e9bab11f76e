import * as vscode from 'vscode';
import { labelsOf } from '../core/environments/accessModel';
import {
  CREDENTIALS_REQUEST_CHECKS as CHECK,
  credentialsRequestMarkdown,
  type CredentialsRequest,
} from '../core/environments/credentialsRequest';
import type { Environment } from '../core/environments/environment';
import type { RunEngine } from '../core/engine';
import { API_DOMAINS } from '../core/language/vocabulary';
import type { NotebookEnvironments } from './notebookEnvironments';
import { COMMANDS, NOTEBOOK_TYPE } from '../contract/ids';

/** Arguments for scripted use (tests); anything missing is asked for. */
export interface DraftArgs {
  clientName?: string;
  purpose?: string;
  labels?: 'all' | string[];
  domains?: string[];
  requestsPerDay?: number;
}

/**
 * Akkuro: Draft Credentials Request. Asks for what Akkuro's customer service needs (client name, purpose,
 * white-label scope, API domains, expected requests per day) and opens the request as an untitled Markdown
 * document. It asks for no secret, and the text still goes through the Redactor.
 */
export function registerDraftCredentialsRequest(engine: RunEngine, notebooks: NotebookEnvironments): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.draftCredentialsRequest, async (args?: DraftArgs) => {
    const active = vscode.window.activeNotebookEditor?.notebook;
    const env = active?.notebookType === NOTEBOOK_TYPE ? (await notebooks.current(active)).environment : undefined;
    const request = await ask(args ?? {}, env && !env.builtin ? env : undefined);
    if (!request) return undefined;
    const doc = await vscode.workspace.openTextDocument({
      language: 'markdown',
      content: engine.redactor.redact(credentialsRequestMarkdown(request)),
    });
    await vscode.window.showTextDocument(doc);
    return doc.uri.toString();
  });
}

async function ask(args: DraftArgs, env: Environment | undefined): Promise<CredentialsRequest | undefined> {
  const title = (step: number, what: string) => `Akkuro: Draft Credentials Request (${step}/5) — ${what}`;
  const clientName =
    args.clientName ??
    (await vscode.window.showInputBox({
      title: title(1, 'client name'),
      prompt: 'A short name for the client application, one per use case (e.g. onboarding, migration, reporting)',
      ignoreFocusOut: true,
      validateInput: CHECK.clientName,
    }));
  if (!clientName) return undefined;
  const purpose =
    args.purpose ??
    (await vscode.window.showInputBox({
      title: title(2, 'purpose of use'),
      prompt: 'What will this client do? (e.g. "Onboard retail customers from our web shop")',
      ignoreFocusOut: true,
      validateInput: CHECK.purpose,
    }));
  if (!purpose) return undefined;
  const labels = args.labels ?? (await askLabels(title(3, 'white-label scope'), env));
  if (!labels) return undefined;
  const domains = args.domains ?? (await askDomains(title(4, 'API domains')));
  if (!domains?.length) return undefined;
  const perDay =
    args.requestsPerDay !== undefined
      ? String(args.requestsPerDay)
      : await vscode.window.showInputBox({
          title: title(5, 'expected requests per day'),
          prompt: 'How many requests per day do you expect this client to make?',
          ignoreFocusOut: true,
          validateInput: CHECK.requestsPerDay,
        });
  if (!perDay || CHECK.requestsPerDay(perDay)) return undefined;
  return {
    clientName: clientName.trim(),
    purpose: purpose.trim(),
    labels,
    domains,
    requestsPerDay: Number(perDay),
    ...(env
      ? {
          environment: { name: env.name, baseUrl: env.baseUrl, ...(env.brokerKey ? { brokerKey: env.brokerKey } : {}) },
        }
      : {}),
  };
}

async function askLabels(title: string, env: Environment | undefined): Promise<'all' | string[] | undefined> {
  const known = env ? labelsOf(env) : [];
  if (known.length === 0) {
    const typed = await vscode.window.showInputBox({
      title,
      prompt: 'White labels (label reference ids) separated by commas, or "all"',
      value: 'all',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Write "all" or at least one white label'),
    });
    if (!typed) return undefined;
    return typed.trim() === 'all'
      ? 'all'
      : typed
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  }
  const picked = await vscode.window.showQuickPick(
    [{ label: 'All white labels', value: 'all' }, ...known.map((l) => ({ label: l, value: l }))],
    { title, placeHolder: 'Which white labels must the client act for?', canPickMany: true, ignoreFocusOut: true },
  );
  if (!picked?.length) return undefined;
  return picked.some((p) => p.value === 'all') ? 'all' : picked.map((p) => p.value);
}

async function askDomains(title: string): Promise<string[] | undefined> {
  const picked = await vscode.window.showQuickPick(
    API_DOMAINS.map((d) => ({ label: d.path, detail: d.doc })),
    { title, placeHolder: 'Which API domains does it need?', canPickMany: true, ignoreFocusOut: true },
  );
  return picked?.map((p) => p.label);
}
