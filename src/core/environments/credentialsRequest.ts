import { CLIENT_NAME_PATTERN, DOMAIN_PATTERN, isProductionHost } from './environment';

/** What Akkuro's customer service asks for when a team requests credentials for a client application. */
export interface CredentialsRequest {
  clientName: string;
  purpose: string;
  /** `all` white labels of the tenant, or the listed ones. */
  labels: 'all' | readonly string[];
  domains: readonly string[];
  requestsPerDay: number;
  /** Where the client will be used, when an environment is known. */
  environment?: { name: string; baseUrl: string; brokerKey?: string };
}

/** Why a field cannot go into a request, in the words of the input that asks for it; undefined when fine. */
export const CREDENTIALS_REQUEST_CHECKS = {
  clientName: (v: string) =>
    CLIENT_NAME_PATTERN.test(v.trim())
      ? undefined
      : 'A name of letters, digits, "-" and "_" that starts with a letter, e.g. onboarding (it is also the name in akkuro-environments.yaml).',
  purpose: (v: string) => (v.trim().length >= 10 ? undefined : 'Say in a sentence what the client is for.'),
  domain: (v: string) =>
    DOMAIN_PATTERN.test(v.trim()) ? undefined : 'An API domain is one path segment, e.g. /counterparty-management.',
  requestsPerDay: (v: string) =>
    /^\d+$/.test(v.trim()) && Number(v) >= 1 ? undefined : 'A whole number of requests per day, at least 1.',
} as const;

/**
 * The request as a Markdown document to send to Akkuro, with the `clients:` entry to add once it is
 * granted. It holds names and numbers only: nothing here is, or asks for, a secret.
 */
export function credentialsRequestMarkdown(r: CredentialsRequest): string {
  const cell = (s: string) => s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
  const scope = r.labels === 'all' ? 'All white labels of the tenant' : r.labels.join(', ');
  const env = r.environment;
  const host = env ? new URL(env.baseUrl).hostname : undefined;
  const rows: Array<[string, string]> = [
    ['Client name', r.clientName],
    ['Purpose of use', r.purpose],
    ...(env?.brokerKey ? [['Tenant (broker key)', env.brokerKey] as [string, string]] : []),
    ['White-label scope', scope],
    ['API domains', r.domains.join(', ')],
    ['Expected requests per day', String(r.requestsPerDay)],
    ...(env && host
      ? [['Environment', `${isProductionHost(host) ? 'Production' : 'UAT / test'}: ${env.baseUrl}`] as [string, string]]
      : []),
  ];
  const yamlLabels = r.labels === 'all' ? 'all' : `[${r.labels.join(', ')}]`;
  return [
    `# Request for Akkuro Lending API credentials: ${r.clientName}`,
    '',
    'To Akkuro customer service: please issue a client id and secret for a new client application.',
    '',
    '| Field | Value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`),
    '',
    'Please send the client id and secret through the secure channel agreed with us, not in a reply to this',
    'message. We will keep them in our secret store only.',
    '',
    '---',
    '',
    'Once the credentials arrive, add the client to `akkuro-environments.yaml` (it holds no secret) and sign in',
    'with **Akkuro: Authenticate**:',
    '',
    '```yaml',
    '    clients:',
    `      ${r.clientName}:`,
    `        labels: ${yamlLabels}`,
    `        domains: [${r.domains.join(', ')}]`,
    `        dailyQuota: ${r.requestsPerDay}`,
    '```',
    '',
  ].join('\n');
}
