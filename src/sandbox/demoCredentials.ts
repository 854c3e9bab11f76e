/**
 * The fixed, public identities of the local sandbox. They are demo values printed by `npm run sandbox`
 * and written in the docs, so nothing here is secret; they are also what the CLI's `--sandbox` and the
 * extension's built-in `sandbox` environment authenticate with.
 */
import {
  SANDBOX_API_VERSIONS,
  SANDBOX_BROKER_KEY,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  SANDBOX_LABEL,
  SANDBOX_LABELS,
  SANDBOX_MIGRATION_CLIENT_ID,
  SANDBOX_MIGRATION_CLIENT_SECRET,
} from '../core/environments/sandboxIdentity';

export { SANDBOX_API_VERSIONS, SANDBOX_BROKER_KEY, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_LABEL };

/** Every API domain a real client can be granted; the sandbox implements the first two. */
export const SANDBOX_DOMAINS: readonly string[] = [
  '/counterparty-management',
  '/collateral-management',
  '/financing-solutions',
  '/financing-execution',
  '/process-orchestration',
  '/migration-assistance',
];

/** Tenants (broker keys) and their white labels (label reference ids). */
export const SANDBOX_TENANTS: Readonly<Record<string, readonly string[]>> = {
  [SANDBOX_BROKER_KEY]: SANDBOX_LABELS,
  'other-bank': ['other-label'],
};

export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  /** The one tenant this client belongs to. */
  tenant: string;
  /** White labels it may ask tokens for; `all` means every label of its tenant. */
  whiteLabels: readonly string[] | 'all';
  /** API domains granted, as path prefixes; `all` means every entry of SANDBOX_DOMAINS. */
  domains: readonly string[] | 'all';
  /** Why this client exists, for docs and `--help`. */
  purpose: string;
  /** Its name in the built-in `sandbox` environment, when that environment declares it. */
  environmentName?: string;
}

export const SANDBOX_CLIENTS: readonly SandboxClient[] = [
  {
    clientId: SANDBOX_CLIENT_ID,
    clientSecret: SANDBOX_CLIENT_SECRET,
    tenant: SANDBOX_BROKER_KEY,
    whiteLabels: 'all',
    // Every domain but /migration-assistance, so the getting-started notebook can show a real 403.
    domains: SANDBOX_DOMAINS.filter((d) => d !== '/migration-assistance'),
    purpose: 'demo-bank, every white label, every domain except /migration-assistance (shows a 403)',
    environmentName: 'onboarding',
  },
  {
    clientId: SANDBOX_MIGRATION_CLIENT_ID,
    clientSecret: SANDBOX_MIGRATION_CLIENT_SECRET,
    tenant: SANDBOX_BROKER_KEY,
    whiteLabels: [SANDBOX_LABEL],
    domains: ['/migration-assistance'],
    purpose: 'demo-bank, white label demo-label only (not second-label), /migration-assistance only',
    environmentName: 'migration',
  },
  {
    clientId: 'limited-client',
    clientSecret: 'limited-secret-change-me',
    tenant: SANDBOX_BROKER_KEY,
    whiteLabels: [SANDBOX_LABEL],
    domains: ['/counterparty-management'],
    purpose: 'demo-bank, white label demo-label only, /counterparty-management only (shows 403s)',
  },
  {
    clientId: 'reporting-client',
    clientSecret: 'reporting-secret-change-me',
    tenant: SANDBOX_BROKER_KEY,
    whiteLabels: 'all',
    domains: ['/counterparty-management'],
    purpose: 'demo-bank, every white label, /counterparty-management only (a second client beside demo-client)',
  },
  {
    clientId: 'other-client',
    clientSecret: 'other-secret-change-me',
    tenant: 'other-bank',
    whiteLabels: ['other-label'],
    domains: 'all',
    purpose: 'another tenant (other-bank/other-label), to show isolation',
  },
];

export function grantedWhiteLabels(client: SandboxClient): readonly string[] {
  return client.whiteLabels === 'all' ? (SANDBOX_TENANTS[client.tenant] ?? []) : client.whiteLabels;
}

export function grantedDomains(client: SandboxClient): readonly string[] {
  return client.domains === 'all' ? SANDBOX_DOMAINS : client.domains;
}
