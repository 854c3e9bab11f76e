import { IMPLICIT_CLIENT, type Environment } from '../environments/environment';

/**
 * What stored credentials are bound to (PRODUCT.md §5, §10): the token origin, the tenant and the client's
 * name. One secret serves every white label its client is scoped to, so the labels are not part of it.
 * Stored credentials carry it, and are checked against it before the secret leaves the process, so a
 * changed environments file never sends a secret somewhere new.
 */
export interface StoredCredentialBinding {
  origin: string;
  brokerKey: string;
  /** The client's name; absent in credentials stored before clients existed, which are the implicit client's. */
  client?: string;
  /** Written by versions before clients existed; no longer compared (labels are a client's scope, not its identity). */
  labelReferenceId?: string;
}

/** The binding of a client of an environment as it is defined now, to store next to its credentials. */
export function bindingOf(env: Environment, client: string = IMPLICIT_CLIENT): StoredCredentialBinding {
  return { origin: env.origin, brokerKey: env.brokerKey ?? '', client };
}

/** Why stored credentials must not be used for a client of `env` as it is defined now; undefined when they may. */
export function bindingProblem(
  stored: StoredCredentialBinding,
  env: Environment,
  client: string = IMPLICIT_CLIENT,
): string | undefined {
  const changes: string[] = [];
  const storedClient = stored.client ?? IMPLICIT_CLIENT;
  if (stored.origin !== env.origin) changes.push(`its host changed from ${stored.origin} to ${env.origin}`);
  if (stored.brokerKey !== (env.brokerKey ?? ''))
    changes.push(`its brokerKey changed from "${stored.brokerKey}" to "${env.brokerKey ?? ''}"`);
  if (storedClient !== client) changes.push(`they were stored for client "${storedClient}", not "${client}"`);
  if (changes.length === 0) return undefined;
  const whose = client === IMPLICIT_CLIENT ? `"${env.name}"` : `client "${client}" of "${env.name}"`;
  return `The stored credentials for ${whose} are not used: since you authenticated, ${changes.join(' and ')} in akkuro-environments.yaml. A changed file must not send your secret somewhere new, so authenticate again if the change is intended.`;
}
