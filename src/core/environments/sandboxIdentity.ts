/**
 * The public identity of the local sandbox: the tenant, white label, demo client and api-versions that the
 * built-in `sandbox` environment (extension and runner) authenticates with. Demo values printed by
 * `npm run sandbox` and written in the docs, so nothing here is secret; the sandbox serves exactly these.
 */
export const SANDBOX_BROKER_KEY = 'demo-bank';
export const SANDBOX_LABEL = 'demo-label';
export const SANDBOX_CLIENT_ID = 'demo-client';
export const SANDBOX_CLIENT_SECRET = 'demo-secret-change-me';
/** Supported `api-version` values, oldest first: the last one is what "no version" means. */
export const SANDBOX_API_VERSIONS = ['2024.2.0', '2025.1.0'];
