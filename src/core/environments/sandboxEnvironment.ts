import {
  SANDBOX_API_VERSIONS,
  SANDBOX_BROKER_KEY,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  SANDBOX_LABEL,
} from './sandboxIdentity';
import { SANDBOX_ENVIRONMENT, type Environment } from './environment';
import type { Credentials } from '../auth/token';

/** The built-in `sandbox` environment, pointing at a running local sandbox. */
export function sandboxEnvironment(url: string): Environment {
  const u = new URL(url);
  return {
    name: SANDBOX_ENVIRONMENT,
    baseUrl: u.href.replace(/\/+$/, ''),
    origin: u.origin,
    brokerKey: SANDBOX_BROKER_KEY,
    labelReferenceId: SANDBOX_LABEL,
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
