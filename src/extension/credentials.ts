import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { usesTokens, type AccessClient, type Environment } from '../core/environments/environment';
import { sandboxCredentials } from '../core/environments/sandboxEnvironment';
import { tokenTarget, type AccessToken, type Credentials } from '../core/auth/token';
import type { CredentialLookup, RunEngine } from '../core/engine';
import { bindingOf, bindingProblem, type StoredCredentialBinding } from '../core/auth/credentialBinding';
import { STORAGE_KEYS } from './storageKeys';

interface StoredCredentials extends Credentials, StoredCredentialBinding {
  storedAt: string;
}

/** One stored secret: an environment and, for a declared client, its name. */
export interface StoredEntry {
  environment: string;
  /** Undefined for the implicit client (credentials stored per environment, as before clients existed). */
  client?: string;
}

const PREFIX = STORAGE_KEYS.credentialPrefix;
const INDEX_KEY = STORAGE_KEYS.credentialIndex;

/**
 * Client credentials in VS Code SecretStorage, one entry per client of an environment, bound to the
 * environment's token origin, broker key and the client's name. The implicit client of an environment
 * without `clients:` keeps the key it always had (`akkuro.credentials/<env>`), so credentials stored
 * before clients existed keep working; a declared client is `akkuro.credentials/<env>/<client>`. Only
 * those names (never secrets) are kept in global state, so "Sign Out" knows what to remove.
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
      const name = e.key.slice(PREFIX.length);
      this.raw.delete(name);
      const digest = digestOf(await secrets.get(e.key));
      if (this.digests.has(name) && this.digests.get(name) === digest) return;
      this.digests.set(name, digest);
      const env = name.split('/')[0];
      engine.tokens.dropEnvironment(env);
      this.changed.fire(env);
    });
  }

  /** SHA-256 of what is stored per key (never the secret itself), to tell real changes apart. */
  private readonly digests = new Map<string, string>();
  /**
   * What SecretStorage holds per key, read once: every request looks its credentials up, and each read is a
   * round trip to the workbench (milliseconds each in a busy window; most of a Run All's time). Forgotten
   * whenever SecretStorage reports a change, and on store and remove.
   */
  private readonly raw = new Map<string, Promise<string | undefined>>();

  async lookup(env: Environment, client: AccessClient): Promise<CredentialLookup> {
    if (env.builtin) {
      const demo = sandboxCredentials(client.name);
      return demo ? { kind: 'ok', credentials: demo } : { kind: 'missing' };
    }
    const stored = await this.read(entryKey(env.name, client));
    if (!stored) return { kind: 'missing' };
    const problem = bindingProblem(stored, env, client.name);
    if (problem) return { kind: 'unbound', reason: problem };
    return { kind: 'ok', credentials: { clientId: stored.clientId, clientSecret: stored.clientSecret } };
  }

  /** The client id last used for a client of an environment, to pre-fill the Authenticate input. */
  async clientId(envName: string, client: AccessClient): Promise<string | undefined> {
    return (await this.read(entryKey(envName, client)))?.clientId;
  }

  /**
   * Stores verified credentials of one client; `token` is the one their verification produced (for
   * `label`), kept for the first request.
   */
  async store(
    env: Environment,
    client: AccessClient,
    credentials: Credentials,
    token?: { token: AccessToken; label: string },
  ): Promise<void> {
    if (!usesTokens(env))
      throw new Error(`Environment "${env.name}" has no brokerKey and labels, so it needs no credentials.`);
    const value: StoredCredentials = {
      ...credentials,
      ...bindingOf(env, client.name),
      storedAt: new Date().toISOString(),
    };
    const key = entryKey(env.name, client);
    const raw = JSON.stringify(value);
    this.digests.set(key, digestOf(raw));
    const previous = await this.read(key);
    this.raw.delete(key);
    await this.secrets.store(PREFIX + key, raw);
    this.raw.delete(key);
    await this.state.update(INDEX_KEY, [...new Set([...this.index(), key])]);
    // Only this client's tokens: another client's stay valid.
    if (previous) this.engine.tokens.dropEnvironment(env.name, previous.clientId);
    this.engine.tokens.dropEnvironment(env.name, credentials.clientId);
    if (token) this.engine.tokens.seed(tokenTarget(env, token.label, client.name), credentials.clientId, token.token);
    this.changed.fire(env.name);
  }

  /** Removes one client's credentials, or every client's of the environment when `client` is undefined. */
  async remove(envName: string, client?: AccessClient): Promise<StoredEntry[]> {
    const keys = client
      ? [entryKey(envName, client)]
      : this.index().filter((k) => k === envName || k.startsWith(`${envName}/`));
    const removed: StoredEntry[] = [];
    for (const key of keys) {
      const stored = await this.read(key);
      if (stored) removed.push(entryOf(key));
      this.digests.set(key, digestOf(undefined));
      this.raw.delete(key);
      await this.secrets.delete(PREFIX + key);
      this.raw.delete(key);
      if (stored) this.engine.tokens.dropEnvironment(envName, stored.clientId);
    }
    await this.state.update(
      INDEX_KEY,
      this.index().filter((k) => !keys.includes(k)),
    );
    if (!client) this.engine.tokens.dropEnvironment(envName);
    this.changed.fire(envName);
    return removed;
  }

  /** Every stored secret's environment and client (names only). */
  stored(): StoredEntry[] {
    return this.index().map(entryOf);
  }

  /** Names of environments that have stored credentials. */
  storedEnvironments(): string[] {
    return [...new Set(this.stored().map((e) => e.environment))];
  }

  async has(envName: string, client?: AccessClient): Promise<boolean> {
    if (client) return (await this.read(entryKey(envName, client))) !== undefined;
    return this.storedEnvironments().includes(envName);
  }

  private index(): string[] {
    return this.state.get<string[]>(INDEX_KEY, []);
  }

  private async read(key: string): Promise<StoredCredentials | undefined> {
    let pending = this.raw.get(key);
    if (!pending) {
      pending = Promise.resolve(this.secrets.get(PREFIX + key));
      this.raw.set(key, pending);
      // A failed read is not remembered: the next lookup asks again.
      pending.then(undefined, () => this.raw.get(key) === pending && this.raw.delete(key));
    }
    const raw = await pending;
    if (!this.digests.has(key)) this.digests.set(key, digestOf(raw));
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

/** `uat-eu` for the implicit client (the key it always had), `uat-eu/onboarding` for a declared one. */
function entryKey(envName: string, client: AccessClient): string {
  return client.implicit ? envName : `${envName}/${client.name}`;
}

function entryOf(key: string): StoredEntry {
  const [environment, client] = key.split('/');
  return client ? { environment, client } : { environment };
}

function digestOf(raw: string | undefined): string {
  return raw === undefined ? '' : createHash('sha256').update(raw).digest('hex');
}
