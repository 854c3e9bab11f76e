import {
  SANDBOX_API_VERSIONS,
  SANDBOX_BROKER_KEY,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  SANDBOX_ENVIRONMENT_CLIENTS,
  SANDBOX_LABELS,
} from './sandboxIdentity';
import { SANDBOX_ENVIRONMENT, type AccessClient, type Environment } from './environment';
import type { Credentials } from '../auth/token';

/** The built-in `sandbox` environment, pointing at a running local sandbox. */
export function sandboxEnvironment(url: string): Environment {
  const u = new URL(url);
  return {
    name: SANDBOX_ENVIRONMENT,
    baseUrl: u.href.replace(/\/+$/, ''),
    origin: u.origin,
    brokerKey: SANDBOX_BROKER_KEY,
    labelReferenceId: SANDBOX_LABELS[0],
    labels: SANDBOX_LABELS,
    clients: SANDBOX_ENVIRONMENT_CLIENTS.map((c): AccessClient => ({
      name: c.name,
      labels: c.labels,
      domains: c.domains,
      dailyQuota: c.dailyQuota,
    })),
    apiVersion: SANDBOX_API_VERSIONS[SANDBOX_API_VERSIONS.length - 1],
    description: 'The local Akkuro Lending sandbox (a simulator)',
    variables: {},
    protected: false,
    builtin: true,
  };
}

/** Public demo values; still registered with the Redactor like any secret, so they never show in outputs. */
export const SANDBOX_CREDENTIALS: Readonly<Credentials> = {
  clientId: SANDBOX_CLIENT_ID,
  clientSecret: SANDBOX_CLIENT_SECRET,
};

/** The demo credentials of one of the sandbox environment's clients (the implicit client gets the first). */
export function sandboxCredentials(clientName: string): Credentials | undefined {
  const c = SANDBOX_ENVIRONMENT_CLIENTS.find((x) => x.name === clientName);
  if (c) return { clientId: c.clientId, clientSecret: c.clientSecret };
  return clientName === 'default' ? { ...SANDBOX_CREDENTIALS } : undefined;
}
