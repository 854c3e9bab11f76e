import * as vscode from 'vscode';
import { usesTokens, type AccessClient, type Environment } from '../core/environments/environment';
import { clientLabels, clientsOf, declaresClients, domainsText, scopeText } from '../core/environments/accessModel';
import { TokenError, tokenTarget, type AccessToken, type Credentials } from '../core/auth/token';
import type { CredentialStore } from './credentials';
import type { RunEngine } from '../core/engine';
import type { EnvironmentService, EnvironmentSet } from './environmentService';
import { expiryCountdown } from './statusModel';
import { COMMANDS } from '../contract/ids';

/** Arguments for scripted use (tests, other extensions); anything missing is asked for. */
export interface AuthenticateArgs {
  environment?: string;
  /** The client of the environment (its name in `clients:`); asked when the environment has several. */
  client?: string;
  clientId?: string;
  clientSecret?: string;
  notebook?: string;
}

export interface AuthenticateResult {
  ok: boolean;
  environment?: string;
  client?: string;
  message: string;
  /** Who the token says you are; never the token itself. */
  tenant?: string;
  whiteLabel?: string;
  expiresAt?: number;
  domains?: string[];
}

/** A step's value, or the result that ends the flow early (cancelled, refused, or nothing to do). */
type Step<T> = { value: T } | { end: AuthenticateResult };

/**
 * Pick an environment, then one of its clients (when it declares several), enter client id and secret,
 * verify by getting a token for one of the client's white labels, and only then store the credentials in
 * SecretStorage: one secret serves every label the client is scoped to. Cancelling at any step, or
 * credentials that are refused, store nothing.
 */
export class Authenticator {
  constructor(
    private readonly engine: RunEngine,
    private readonly environments: EnvironmentService,
    private readonly credentials: CredentialStore,
  ) {}

  async run(args: AuthenticateArgs = {}): Promise<AuthenticateResult> {
    const picked = await this.pickEnvironment(args);
    if ('end' in picked) return picked.end;
    const env = picked.value;
    const chosen = await this.pickClient(env, args);
    if ('end' in chosen) return chosen.end;
    const client = chosen.value;
    const cancelled = () =>
      this.done({ ok: false, environment: env.name, message: 'Cancelled; nothing was stored.' }, args);
    const clientId = await this.askClientId(env, client, args);
    if (!clientId) return cancelled();
    const clientSecret = await this.askSecret(env, client, args);
    if (!clientSecret) return cancelled();
    const credentials = { clientId: clientId.trim(), clientSecret };
    const label = clientLabels(client, env)[0];
    const verified = await this.verify(env, client, label, credentials, args);
    if ('end' in verified) return verified.end;
    await this.credentials.store(env, client, credentials, { token: verified.value, label });
    return this.done(this.describeSignIn(env, client, label, verified.value), args);
  }

  /** The client to sign in: the only one, the one named, or the user's pick with its labels and domains. */
  private async pickClient(env: Environment, args: AuthenticateArgs): Promise<Step<AccessClient>> {
    const clients = clientsOf(env);
    const end = (message: string): Step<AccessClient> => ({
      end: this.done({ ok: false, environment: env.name, message }, args, !message.startsWith('Cancelled')),
    });
    if (args.client) {
      const named = clients.find((c) => c.name === args.client && !c.implicit);
      return named
        ? { value: named }
        : end(
            `Environment "${env.name}" has no client "${args.client}". Its clients: ${
              clients
                .filter((c) => !c.implicit)
                .map((c) => c.name)
                .join(', ') || 'none declared (it uses one set of credentials)'
            }.`,
          );
    }
    if (clients.length === 1) return { value: clients[0] };
    const items = await Promise.all(
      clients.map(async (c) => ({
        label: c.name,
        description: `${scopeText(c, env)} · ${domainsText(c)}`,
        detail: `${(await this.credentials.has(env.name, c)) ? 'credentials stored' : 'not signed in'}${c.dailyQuota ? ` · ${c.dailyQuota} requests/day` : ''}`,
        client: c,
      })),
    );
    const picked = await vscode.window.showQuickPick(items, {
      title: `Akkuro: Authenticate "${env.name}" (2/4) — client`,
      placeHolder: 'Which client application do you want to sign in?',
      ignoreFocusOut: true,
      matchOnDescription: true,
    });
    return picked ? { value: picked.client } : end('Cancelled; nothing was stored.');
  }

  private async pickEnvironment(args: AuthenticateArgs): Promise<Step<Environment>> {
    const notebookUri = args.notebook
      ? vscode.Uri.parse(args.notebook)
      : vscode.window.activeNotebookEditor?.notebook.uri;
    const set = await this.environments.setFor(notebookUri);
    if (args.environment) return this.namedEnvironment(args.environment, set, args);
    return this.chooseEnvironment(set.environments.filter((e) => !e.builtin && usesTokens(e)));
  }

  private namedEnvironment(name: string, set: EnvironmentSet, args: AuthenticateArgs): Step<Environment> {
    const end = (result: AuthenticateResult): Step<Environment> => ({ end: this.done(result, args) });
    const env = set.environments.find((e) => e.name === name);
    if (!env)
      return end({
        ok: false,
        message: `No environment "${name}" in ${set.file ? vscode.workspace.asRelativePath(set.file) : 'akkuro-environments.yaml (not found)'}.`,
      });
    if (env.builtin)
      return end({
        ok: true,
        environment: env.name,
        message: 'The sandbox uses its built-in demo credentials; nothing to store.',
      });
    if (!usesTokens(env))
      return end({
        ok: false,
        environment: env.name,
        message: `Environment "${env.name}" has no brokerKey/labelReferenceId, so it needs no credentials.`,
      });
    return { value: env };
  }

  private async chooseEnvironment(candidates: Environment[]): Promise<Step<Environment>> {
    if (candidates.length === 0) {
      const open = 'Open Environments File';
      void vscode.window
        .showInformationMessage(
          'No environment needs credentials yet. Add one with baseUrl, brokerKey and labelReferenceId to akkuro-environments.yaml.',
          open,
        )
        .then((c) => c === open && vscode.commands.executeCommand(COMMANDS.openEnvironmentsFile));
      return { end: { ok: false, message: 'No environment needs credentials.' } };
    }
    const items = await Promise.all(
      candidates.map(async (e) => ({
        label: `${e.protected ? '$(warning) ' : ''}${e.name}`,
        description: `${e.brokerKey} · ${labelsText(e)}${declaresClients(e) ? ` · ${clientsOf(e).length} clients` : ''}`,
        detail: `${e.baseUrl} · ${(await this.credentials.has(e.name)) ? 'credentials stored' : 'not signed in'}${e.protected ? ' · PROTECTED' : ''}`,
        env: e,
      })),
    );
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Akkuro: Authenticate (1/…) — environment',
      placeHolder: 'Which environment do you want to sign in to?',
      ignoreFocusOut: true,
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return { end: { ok: false, message: 'Cancelled; nothing was stored.' } };
    return { value: picked.env };
  }

  private async askClientId(
    env: Environment,
    client: AccessClient,
    args: AuthenticateArgs,
  ): Promise<string | undefined> {
    const named = declaresClients(env);
    return (
      args.clientId ??
      (await vscode.window.showInputBox({
        title: `Akkuro: Authenticate "${env.name}"${named ? ` as "${client.name}" (3/4)` : ' (2/3)'} — client id`,
        prompt: `Client id${named ? ` of "${client.name}"` : ''} for ${env.brokerKey} (${scopeText(client, env)}) on ${new URL(env.origin).host}`,
        value: (await this.credentials.clientId(env.name, client)) ?? '',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'Enter the client id'),
      }))
    );
  }

  private async askSecret(env: Environment, client: AccessClient, args: AuthenticateArgs): Promise<string | undefined> {
    const named = declaresClients(env);
    return (
      args.clientSecret ??
      (await vscode.window.showInputBox({
        title: `Akkuro: Authenticate "${env.name}"${named ? ` as "${client.name}" (4/4)` : ' (3/3)'} — client secret`,
        prompt: 'Client secret (kept in the OS secret store by VS Code, never in files)',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v ? undefined : 'Enter the client secret'),
      }))
    );
  }

  private async verify(
    env: Environment,
    client: AccessClient,
    label: string,
    credentials: Credentials,
    args: AuthenticateArgs,
  ): Promise<Step<AccessToken>> {
    const tokenEnv = env as Environment & { brokerKey: string; labelReferenceId: string };
    try {
      // Verified outside the cache, for one of the client's labels: until they are stored, these
      // credentials are not the client's.
      const token = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Verifying credentials for "${env.name}"${client.implicit ? '' : ` as "${client.name}"`} (white label ${label})…`,
        },
        () => this.engine.verifyCredentials(tokenTarget(tokenEnv, label, client.name), credentials),
      );
      return { value: token };
    } catch (e) {
      const message =
        e instanceof TokenError
          ? `${e.message} ${e.hint} Nothing was stored.`
          : `Could not verify the credentials: ${(e as Error).message}. Nothing was stored.`;
      return {
        end: this.done({ ok: false, environment: env.name, message: this.engine.redactor.redact(message) }, args, true),
      };
    }
  }

  /** Who the new token says you are, from its claims where it has them, else from the environment. */
  private describeSignIn(
    env: Environment,
    client: AccessClient,
    label: string,
    token: AccessToken,
  ): AuthenticateResult {
    const claims = token.claims ?? {};
    const str = (k: string) => (typeof claims[k] === 'string' ? (claims[k] as string) : undefined);
    const domains = Array.isArray(claims.domains)
      ? (claims.domains as unknown[]).filter((d): d is string => typeof d === 'string')
      : undefined;
    const tenant = str('tenant') ?? env.brokerKey;
    const whiteLabel = str('whiteLabel') ?? str('labelReferenceId') ?? label;
    const as = client.implicit ? '' : ` with client "${client.name}" (${scopeText(client, env)})`;
    const message = `Signed in to "${env.name}"${as} as ${tenant}/${whiteLabel}; token valid for ${expiryCountdown(token.expiresAt, Date.now())}${domains?.length ? `; granted: ${domains.join(', ')}` : ''}.`;
    return {
      ok: true,
      environment: env.name,
      ...(client.implicit ? {} : { client: client.name }),
      message,
      tenant,
      whiteLabel,
      expiresAt: token.expiresAt,
      ...(domains ? { domains } : {}),
    };
  }

  private done(result: AuthenticateResult, args: AuthenticateArgs, error = false): AuthenticateResult {
    const scripted = args.clientSecret !== undefined;
    if (!scripted || error) {
      if (result.ok) void vscode.window.showInformationMessage(result.message);
      else if (!result.message.startsWith('Cancelled')) void vscode.window.showErrorMessage(result.message);
    }
    return result;
  }
}

function labelsText(env: Environment): string {
  const labels = env.labels ?? (env.labelReferenceId ? [env.labelReferenceId] : []);
  return labels.length > 1 ? `labels ${labels.join(', ')}` : `label ${labels[0] ?? ''}`;
}
