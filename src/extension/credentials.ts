import * as vscode from 'vscode';
import { usesTokens, type Environment } from '../core/environments';
import type { CredentialLookup } from '../core/run';
import { SANDBOX_CREDENTIALS } from '../core/sandboxEnvironment';
import type { Credentials } from '../core/token';
import type { Engine } from './engine';
import { bindingProblem, type StoredCredentialBinding } from './statusModel';

interface StoredCredentials extends Credentials, StoredCredentialBinding {
  storedAt: string;
}

const PREFIX = 'akkuro.credentials/';
const INDEX_KEY = 'akkuro.credentialEnvironments';

/**
 * Client credentials in VS Code SecretStorage, one entry per environment, bound to the environment's
 * token origin, broker key and label. Only environment names (never secrets) are kept in global state,
 * so "Sign Out of all" knows what to remove.
 */
export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly engine: Engine,
  ) {
    // Another window signed in or out: never keep using a token for credentials that changed.
    this.subscription = secrets.onDidChange((e) => {
      if (!e.key.startsWith(PREFIX)) return;
      const env = e.key.slice(PREFIX.length);
      engine.tokens.dropEnvironment(env);
      this.changed.fire(env);
    });
  }

  async lookup(env: Environment): Promise<CredentialLookup> {
    if (env.builtin) return { kind: 'ok', credentials: SANDBOX_CREDENTIALS };
    const stored = await this.read(env.name);
    if (!stored) return { kind: 'missing' };
    const problem = bindingProblem(stored, env);
    if (problem) return { kind: 'unbound', reason: problem };
    this.engine.redactor.addCredentials(stored.clientId, stored.clientSecret);
    return { kind: 'ok', credentials: { clientId: stored.clientId, clientSecret: stored.clientSecret } };
  }

  /** The client id last used for an environment, to pre-fill the Authenticate input. */
  async clientId(envName: string): Promise<string | undefined> {
    return (await this.read(envName))?.clientId;
  }

  async store(env: Environment, credentials: Credentials): Promise<void> {
    if (!usesTokens(env)) throw new Error(`Environment "${env.name}" has no brokerKey/labelReferenceId, so it needs no credentials.`);
    const value: StoredCredentials = { ...credentials, origin: env.origin, brokerKey: env.brokerKey, labelReferenceId: env.labelReferenceId, storedAt: new Date().toISOString() };
    this.engine.redactor.addCredentials(credentials.clientId, credentials.clientSecret);
    await this.secrets.store(PREFIX + env.name, JSON.stringify(value));
    const names = new Set(this.state.get<string[]>(INDEX_KEY, []));
    names.add(env.name);
    await this.state.update(INDEX_KEY, [...names]);
    this.engine.tokens.dropEnvironment(env.name);
    this.changed.fire(env.name);
  }

  async remove(envName: string): Promise<boolean> {
    const had = (await this.secrets.get(PREFIX + envName)) !== undefined;
    await this.secrets.delete(PREFIX + envName);
    await this.state.update(INDEX_KEY, this.state.get<string[]>(INDEX_KEY, []).filter((n) => n !== envName));
    this.engine.tokens.dropEnvironment(envName);
    this.changed.fire(envName);
    return had;
  }

  /** Names of environments that have stored credentials. */
  storedEnvironments(): string[] {
    return this.state.get<string[]>(INDEX_KEY, []);
  }

  async has(envName: string): Promise<boolean> {
    return (await this.read(envName)) !== undefined;
  }

  private async read(envName: string): Promise<StoredCredentials | undefined> {
    const raw = await this.secrets.get(PREFIX + envName);
    if (!raw) return undefined;
    try {
      const v = JSON.parse(raw) as StoredCredentials;
      return typeof v.clientId === 'string' && typeof v.clientSecret === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
