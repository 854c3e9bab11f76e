import type { Environment } from '../core/environments/environment';
import type { Redactor } from '../core/http/redact';
import { SANDBOX_CREDENTIALS } from '../core/environments/sandboxEnvironment';
import type { Credentials } from '../core/auth/token';

export type ProcessEnv = Readonly<Record<string, string | undefined>>;

export const GENERIC_ID = 'AKKURO_CLIENT_ID';
export const GENERIC_SECRET = 'AKKURO_CLIENT_SECRET';

/** `uat-eu` → `AKKURO_UAT_EU_CLIENT_ID` / `AKKURO_UAT_EU_CLIENT_SECRET`. */
export function credentialVariables(environmentName: string): { id: string; secret: string } {
  const stem = `AKKURO_${environmentName.toUpperCase().replace(/-/g, '_')}_CLIENT`;
  return { id: `${stem}_ID`, secret: `${stem}_SECRET` };
}

export type CredentialsFromEnv =
  { ok: true; credentials: Credentials; source: string } | { ok: false; message: string };

/**
 * The credentials for an environment, from the process environment only. The per-environment pair wins
 * over the generic one; the two pairs are never mixed, so an id never travels with another client's secret.
 * The built-in sandbox uses its public demo client unless its own pair is set.
 */
export function credentialsFor(env: Environment, processEnv: ProcessEnv): CredentialsFromEnv {
  const own = credentialVariables(env.name);
  const get = (name: string) => (processEnv[name] === '' ? undefined : processEnv[name]);
  const ownId = get(own.id);
  const ownSecret = get(own.secret);
  if (ownId !== undefined || ownSecret !== undefined) {
    if (ownId !== undefined && ownSecret !== undefined)
      return { ok: true, credentials: { clientId: ownId, clientSecret: ownSecret }, source: `${own.id}/${own.secret}` };
    return {
      ok: false,
      message: `${ownId === undefined ? own.id : own.secret} is not set, but ${ownId === undefined ? own.secret : own.id} is: set both for environment "${env.name}".`,
    };
  }
  if (env.builtin) return { ok: true, credentials: { ...SANDBOX_CREDENTIALS }, source: 'the sandbox demo client' };
  const id = get(GENERIC_ID);
  const secret = get(GENERIC_SECRET);
  if (id !== undefined && secret !== undefined)
    return { ok: true, credentials: { clientId: id, clientSecret: secret }, source: `${GENERIC_ID}/${GENERIC_SECRET}` };
  if (id !== undefined || secret !== undefined) {
    return {
      ok: false,
      message: `${id === undefined ? GENERIC_ID : GENERIC_SECRET} is not set, but ${id === undefined ? GENERIC_SECRET : GENERIC_ID} is: set both, or set ${own.id} and ${own.secret} for environment "${env.name}".`,
    };
  }
  const where =
    env.brokerKey && env.labelReferenceId
      ? ` (${env.brokerKey}/${env.labelReferenceId} on ${new URL(env.origin).host})`
      : '';
  return {
    ok: false,
    message: `No credentials for environment "${env.name}"${where}. Set ${own.id} and ${own.secret}, or ${GENERIC_ID} and ${GENERIC_SECRET}, in the environment of this process (never in files or arguments).`,
  };
}

/**
 * Registers every client secret found in the process environment before anything runs, so that even
 * a secret meant for another environment, echoed back by a server, never reaches an output.
 */
export function registerEnvironmentSecrets(redactor: Redactor, processEnv: ProcessEnv): void {
  for (const [name, value] of Object.entries(processEnv)) {
    if (!value || !/^AKKURO_(?:.+_)?CLIENT_SECRET$/.test(name)) continue;
    const idName = name.replace(/SECRET$/, 'ID');
    const id = processEnv[idName];
    if (id) redactor.addCredentials(id, value);
    else redactor.add(value);
  }
}
