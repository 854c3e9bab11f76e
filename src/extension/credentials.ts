import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { usesTokens, type Environment } from '../core/environments/environment';
import { SANDBOX_CREDENTIALS } from '../core/environments/sandboxEnvironment';
import { tokenTarget, type AccessToken, type Credentials } from '../core/auth/token';
import type { CredentialLookup, RunEngine } from '../core/engine';
import { bindingOf, bindingProblem, type StoredCredentialBinding } from '../core/auth/credentialBinding';
import { STORAGE_KEYS } from './storageKeys';

interface StoredCredentials extends Credentials, StoredCredentialBinding {
  storedAt: string;
}

const PREFIX = STORAGE_KEYS.credentialPrefix;
const INDEX_KEY = STORAGE_KEYS.credentialIndex;

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
    private readonly engine: RunEngine,
  ) {
    // Another window signed in or out: never keep using a token for credentials that changed. Some
    // SecretStorage hosts report every key when one changes, so compare digests before dropping.
    this.subscription = secrets.onDidChange(async (e) => {
      if (!e.key.startsWith(PREFIX)) return;
      const env = e.key.slice(PREFIX.length);
      this.raw.delete(env);
      const digest = digestOf(await secrets.get(e.key));
      if (this.digests.has(env) && this.digests.get(env) === digest) return;
      this.digests.set(env, digest);
      engine.tokens.dropEnvironment(env);
      this.changed.fire(env);
    });
  }

  /** SHA-256 of what is stored per environment (never the secret itself), to tell real changes apart. */
  private readonly digests = new Map<string, string>();
  /**
   * What SecretStorage holds per environment, read once: every request looks its credentials up, and each
   * read is a round trip to the workbench (milliseconds each in a busy window; most of a Run All's time).
   * Forgotten whenever SecretStorage reports a change, and on store and remove.
   */
  private readonly raw = new Map<string, Promise<string | undefined>>();

  async lookup(env: Environment): Promise<CredentialLookup> {
    if (env.builtin) return { kind: 'ok', credentials: SANDBOX_CREDENTIALS };
    const stored = await this.read(env.name);
    if (!stored) return { kind: 'missing' };
    const problem = bindingProblem(stored, env);
    if (problem) return { kind: 'unbound', reason: problem };
    return { kind: 'ok', credentials: { clientId: stored.clientId, clientSecret: stored.clientSecret } };
  }

  /** The client id last used for an environment, to pre-fill the Authenticate input. */
  async clientId(envName: string): Promise<string | undefined> {
    return (await this.read(envName))?.clientId;
  }

  /** Stores verified credentials; `token` is the one their verification produced, kept for the first request. */
  async store(env: Environment, credentials: Credentials, token?: AccessToken): Promise<void> {
    if (!usesTokens(env))
      throw new Error(`Environment "${env.name}" has no brokerKey/labelReferenceId, so it needs no credentials.`);
    const value: StoredCredentials = {
      ...credentials,
      ...bindingOf(env),
      storedAt: new Date().toISOString(),
    };
    const raw = JSON.stringify(value);
    this.digests.set(env.name, digestOf(raw));
    this.raw.delete(env.name);
    await this.secrets.store(PREFIX + env.name, raw);
    this.raw.delete(env.name);
    const names = new Set(this.state.get<string[]>(INDEX_KEY, []));
    names.add(env.name);
    await this.state.update(INDEX_KEY, [...names]);
    this.engine.tokens.dropEnvironment(env.name);
    if (token) this.engine.tokens.seed(tokenTarget(env), credentials.clientId, token);
    this.changed.fire(env.name);
  }

  async remove(envName: string): Promise<boolean> {
    const had = (await this.secrets.get(PREFIX + envName)) !== undefined;
    this.digests.set(envName, digestOf(undefined));
    this.raw.delete(envName);
    await this.secrets.delete(PREFIX + envName);
    this.raw.delete(envName);
    await this.state.update(
      INDEX_KEY,
      this.state.get<string[]>(INDEX_KEY, []).filter((n) => n !== envName),
    );
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
    let pending = this.raw.get(envName);
    if (!pending) {
      pending = Promise.resolve(this.secrets.get(PREFIX + envName));
      this.raw.set(envName, pending);
      // A failed read is not remembered: the next lookup asks again.
      pending.then(undefined, () => this.raw.get(envName) === pending && this.raw.delete(envName));
    }
    const raw = await pending;
    if (!this.digests.has(envName)) this.digests.set(envName, digestOf(raw));
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

function digestOf(raw: string | undefined): string {
  return raw === undefined ? '' : createHash('sha256').update(raw).digest('hex');
}
