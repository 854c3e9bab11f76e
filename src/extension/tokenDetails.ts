import * as vscode from 'vscode';
import { tokenTarget } from '../core/auth/token';
import { clientLabels, clientsOf, declaresClients, labelsOf } from '../core/environments/accessModel';
import { usesTokens, type Environment } from '../core/environments/environment';
import type { RunEngine } from '../core/engine';
import type { NotebookEnvironments } from './notebookEnvironments';
import { expiryCountdown } from './statusModel';

/** The live tokens Show Token Details found: claims and expiry per client and white label, never a token. */
export interface TokenDetails {
  environment: string;
  /** Those of the notebook's current label (or the first found), for callers that want one. */
  claims: Record<string, unknown>;
  expiresAt: number;
  tokens: Array<{ client: string; label: string; claims: Record<string, unknown>; expiresAt: number }>;
}

function claimLines(claims: Record<string, unknown>): string {
  return Object.entries(claims)
    .map(
      ([k, v]) =>
        `  ${k}: ${typeof v === 'number' && (k === 'exp' || k === 'iat' || k === 'nbf') ? `${v} (${new Date(v * 1000).toISOString()})` : JSON.stringify(v)}`,
    )
    .join('\n');
}

/**
 * The live tokens of an environment per white label and client, as decoded claims and expiry (never the
 * token). The notebook's current label gets a token for each of its clients when none is live yet.
 */
export async function showTokenDetails(
  engine: RunEngine,
  notebooks: NotebookEnvironments,
  notebook: vscode.NotebookDocument | undefined,
  args: { environment?: string; client?: string },
): Promise<TokenDetails | undefined> {
  const set = await notebooks.environments.setFor(notebook?.uri);
  const current = notebook ? await notebooks.current(notebook) : undefined;
  // With no notebook open there is no environment to assume: ask, among those that get tokens.
  const name = args.environment ?? current?.choice.name ?? (await pickEnvironment(set.environments));
  if (name === null) return undefined;
  const env = name ? await notebooks.environments.resolve(notebook?.uri, name) : undefined;
  if (!env || !usesTokens(env)) {
    void vscode.window.showInformationMessage(
      env
        ? `Environment "${env.name}" uses no token.`
        : `No environment${name ? ` "${name}"` : ''} (known: ${set.environments.map((e) => e.name).join(', ')}).`,
    );
    return undefined;
  }
  const label =
    (current?.environment?.name === env.name
      ? (current.access.notebook?.label ?? current.access.choice?.label)
      : undefined) ?? labelsOf(env)[0];
  const tokens: TokenDetails['tokens'] = [];
  const problems: string[] = [];
  for (const client of clientsOf(env).filter((c) => !args.client || c.name === args.client)) {
    const lookup = await engine.credentials(env, client);
    const who = client.implicit ? `"${env.name}"` : `client "${client.name}" of "${env.name}"`;
    if (lookup.kind !== 'ok') {
      problems.push(lookup.kind === 'missing' ? `Not signed in as ${who}.` : lookup.reason);
      continue;
    }
    for (const l of clientLabels(client, env)) {
      const target = tokenTarget(env, l, client.name);
      let token = engine.tokens.peek(target, lookup.credentials.clientId);
      if (!token && l === label) {
        try {
          token = await engine.tokens.get(target, lookup.credentials);
        } catch (e) {
          problems.push(engine.redactor.redact(`${who}, label ${l}: ${(e as Error).message}`));
        }
      }
      if (token) tokens.push({ client: client.name, label: l, claims: token.claims ?? {}, expiresAt: token.expiresAt });
    }
  }
  if (tokens.length === 0) {
    void vscode.window.showWarningMessage(problems.join(' ') || `No token for "${env.name}".`);
    return undefined;
  }
  if (!args.environment) {
    const named = declaresClients(env);
    const blocks = tokens.map(
      (t) =>
        `${named ? `Client ${t.client} · ` : ''}white label ${t.label} — expires in ${expiryCountdown(t.expiresAt, Date.now())}\n${claimLines(t.claims) || 'The token is not a JWT; no claims to show.'}`,
    );
    void vscode.window.showInformationMessage(`Tokens of "${env.name}" (${tokens.length})`, {
      modal: true,
      detail: `${blocks.join('\n\n')}${problems.length ? `\n\n${problems.join('\n')}` : ''}\n\nThe tokens themselves are never shown.`,
    });
  }
  const first = tokens.find((t) => t.label === label) ?? tokens[0];
  return { environment: env.name, claims: first.claims, expiresAt: first.expiresAt, tokens };
}

/** Undefined when no environment gets tokens (the caller says so); null when the pick was dismissed. */
async function pickEnvironment(environments: readonly Environment[]): Promise<string | null | undefined> {
  const items = environments.filter(usesTokens).map((e) => ({
    label: e.name,
    description: `${e.brokerKey} · ${labelsOf(e).join(', ')}`,
    detail: e.baseUrl,
  }));
  if (!items.length) return undefined;
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Akkuro: Show Token Details',
    placeHolder: 'Environment whose tokens to show (no notebook is open)',
  });
  return picked?.label ?? null;
}
