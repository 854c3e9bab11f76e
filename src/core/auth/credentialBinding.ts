import type { Environment } from '../environments/environment';

/**
 * What stored credentials are bound to (PRODUCT.md §5): the token origin, the tenant and the white label.
 * Stored credentials carry it, and are checked against it before the secret leaves the process, so a
 * changed environments file never sends a secret somewhere new.
 */
export interface StoredCredentialBinding {
  origin: string;
  brokerKey: string;
  labelReferenceId: string;
}

/** The binding of an environment as it is defined now, to store next to its credentials. */
export function bindingOf(env: Environment): StoredCredentialBinding {
  return { origin: env.origin, brokerKey: env.brokerKey ?? '', labelReferenceId: env.labelReferenceId ?? '' };
}

/** Why stored credentials must not be used for `env` as it is defined now; undefined when they may. */
export function bindingProblem(stored: StoredCredentialBinding, env: Environment): string | undefined {
  const changes: string[] = [];
  if (stored.origin !== env.origin) changes.push(`its host changed from ${stored.origin} to ${env.origin}`);
  if (stored.brokerKey !== (env.brokerKey ?? ''))
    changes.push(`its brokerKey changed from "${stored.brokerKey}" to "${env.brokerKey ?? ''}"`);
  if (stored.labelReferenceId !== (env.labelReferenceId ?? ''))
    changes.push(`its labelReferenceId changed from "${stored.labelReferenceId}" to "${env.labelReferenceId ?? ''}"`);
  if (changes.length === 0) return undefined;
  return `The stored credentials for "${env.name}" are not used: since you authenticated, ${changes.join(' and ')} in akkuro-environments.yaml. A changed file must not send your secret somewhere new, so authenticate again if the change is intended.`;
}
