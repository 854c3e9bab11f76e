import { clientsOf, describeClient } from '../core/environments/accessModel';
import { IMPLICIT_CLIENT, type AccessClient, type Environment } from '../core/environments/environment';
import { sandboxCredentials } from '../core/environments/sandboxEnvironment';
import type { Credentials } from '../core/auth/token';

export type ProcessEnv = Readonly<Record<string, string | undefined>>;

export const GENERIC_ID = 'AKKURO_CLIENT_ID';
export const GENERIC_SECRET = 'AKKURO_CLIENT_SECRET';

interface VariablePair {
  id: string;
  secret: string;
}

/**
 * `uat-eu` → `AKKURO_UAT_EU_CLIENT_ID` / `AKKURO_UAT_EU_CLIENT_SECRET`; with a client, `uat-eu` and
 * `onboarding` → `AKKURO_UAT_EU_ONBOARDING_CLIENT_ID` / `..._SECRET` (upper-cased, `-` → `_`).
 */
export function credentialVariables(environmentName: string, clientName?: string): VariablePair {
  const part = (s: string) => s.toUpperCase().replace(/-/g, '_');
  const stem = `AKKURO_${part(environmentName)}${clientName ? `_${part(clientName)}` : ''}_CLIENT`;
  return { id: `${stem}_ID`, secret: `${stem}_SECRET` };
}

export type CredentialsFromEnv =
  { ok: true; credentials: Credentials; source: string } | { ok: false; message: string };

/**
 * The pairs tried for a client, in order: its own pair (a declared client), then, for an environment with
 * one client only, the environment's pair and the generic one. With several clients a shared pair would
 * send one client's secret as another's, so only the client's own pair counts.
 */
export function credentialPairs(env: Environment, client: AccessClient): VariablePair[] {
  const own = client.implicit ? [] : [credentialVariables(env.name, client.name)];
  if (clientsOf(env).length > 1) return own;
  const shared = [credentialVariables(env.name)];
  return env.builtin ? [...own, ...shared] : [...own, ...shared, { id: GENERIC_ID, secret: GENERIC_SECRET }];
}

/**
 * The credentials for one client of an environment, from the process environment only. The first pair
 * that is set wins; a half-set pair is an error, so an id never travels with another client's secret. The
 * built-in sandbox uses its public demo clients unless a pair is set.
 */
export function credentialsFor(
  env: Environment,
  processEnv: ProcessEnv,
  client: AccessClient = clientsOf(env)[0] ?? { name: IMPLICIT_CLIENT, labels: 'all', implicit: true },
): CredentialsFromEnv {
  const get = (name: string) => (processEnv[name] === '' ? undefined : processEnv[name]);
  const pairs = credentialPairs(env, client);
  const whose = client.implicit ? `environment "${env.name}"` : `client "${client.name}" of environment "${env.name}"`;
  for (const pair of pairs) {
    const id = get(pair.id);
    const secret = get(pair.secret);
    if (id !== undefined && secret !== undefined)
      return { ok: true, credentials: { clientId: id, clientSecret: secret }, source: `${pair.id}/${pair.secret}` };
    if (id !== undefined || secret !== undefined) {
      const others = pairs.filter((p) => p !== pair);
      return {
        ok: false,
        message: `${id === undefined ? pair.id : pair.secret} is not set, but ${id === undefined ? pair.secret : pair.id} is: set both for ${whose}${others.length && pair.id === GENERIC_ID ? `, or set ${others.map((p) => `${p.id} and ${p.secret}`).join(', or ')}` : ''}.`,
      };
    }
  }
  const demo = env.builtin ? sandboxCredentials(client.name) : undefined;
  if (demo) return { ok: true, credentials: demo, source: 'the sandbox demo client' };
  const where = env.brokerKey
    ? client.implicit
      ? ` (${env.brokerKey}/${env.labelReferenceId} on ${new URL(env.origin).host})`
      : ` (${env.brokerKey} on ${new URL(env.origin).host}: ${describeClient(client, env)})`
    : '';
  return {
    ok: false,
    message: `No credentials for ${whose}${where}. Set ${pairs.map((p) => `${p.id} and ${p.secret}`).join(', or ')}, in the environment of this process (never in files or arguments).`,
  };
}

/**
 * Every client secret set in the process environment (`AKKURO_*CLIENT_SECRET`), with the id of its pair when
 * that is set too. The runner registers them all with its engine before anything runs, so that even a secret
 * meant for another environment, echoed back by a server, never reaches an output.
 */
export function environmentSecrets(processEnv: ProcessEnv): Array<{ clientId?: string; clientSecret: string }> {
  const found: Array<{ clientId?: string; clientSecret: string }> = [];
  for (const [name, value] of Object.entries(processEnv)) {
    if (!value || !/^AKKURO_(?:.+_)?CLIENT_SECRET$/.test(name)) continue;
    const id = processEnv[name.replace(/SECRET$/, 'ID')];
    found.push(id ? { clientId: id, clientSecret: value } : { clientSecret: value });
  }
  return found;
}
