/**
 * The public identity of the local sandbox: the tenant, white labels, demo clients and api-versions that the
 * built-in `sandbox` environment (extension and runner) authenticates with. Demo values printed by
 * `npm run sandbox` and written in the docs, so nothing here is secret; the sandbox serves exactly these.
 */
export const SANDBOX_BROKER_KEY = 'demo-bank';
export const SANDBOX_LABEL = 'demo-label';
export const SANDBOX_SECOND_LABEL = 'second-label';
/** The white labels of the demo tenant, the default first. */
export const SANDBOX_LABELS: readonly string[] = [SANDBOX_LABEL, SANDBOX_SECOND_LABEL];
export const SANDBOX_CLIENT_ID = 'demo-client';
export const SANDBOX_CLIENT_SECRET = 'demo-secret-change-me';
export const SANDBOX_MIGRATION_CLIENT_ID = 'migration-client';
export const SANDBOX_MIGRATION_CLIENT_SECRET = 'migration-secret-change-me';
/** Supported `api-version` values, oldest first: the last one is what "no version" means. */
export const SANDBOX_API_VERSIONS = ['2024.2.0', '2025.1.0'];

/** A client the built-in `sandbox` environment declares, with the demo credentials it signs in with. */
export interface SandboxEnvironmentClient {
  name: string;
  clientId: string;
  clientSecret: string;
  labels: 'all' | readonly string[];
  domains: readonly string[];
  dailyQuota: number;
}

/**
 * The clients of the built-in `sandbox` environment: requests to /counterparty-management and
 * /collateral-management go to `onboarding` (every label), /migration-assistance to `migration` (demo-label
 * only), so the tour shows the choice by path, a label switch, and a 403 when a cell names the wrong client.
 */
export const SANDBOX_ENVIRONMENT_CLIENTS: readonly SandboxEnvironmentClient[] = [
  {
    name: 'onboarding',
    clientId: SANDBOX_CLIENT_ID,
    clientSecret: SANDBOX_CLIENT_SECRET,
    labels: 'all',
    domains: ['/counterparty-management', '/collateral-management'],
    dailyQuota: 1000,
  },
  {
    name: 'migration',
    clientId: SANDBOX_MIGRATION_CLIENT_ID,
    clientSecret: SANDBOX_MIGRATION_CLIENT_SECRET,
    labels: [SANDBOX_LABEL],
    domains: ['/migration-assistance'],
    dailyQuota: 100,
  },
];
