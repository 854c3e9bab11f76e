import type { Node } from 'yaml';
import { nearest } from '../text/diagnostic';
import { CLIENT_NAME_PATTERN, DOMAIN_PATTERN, type AccessClient, type Environment } from './environment';
import { describeNode, entries, isMap, isScalar, isSeq, scalarText, type Entry } from '../yaml/yamlNodes';
import type { Diagnostic } from '../text/diagnostic';

/**
 * The access keys of one environment: `labels` (the white labels, the first is the default) and `clients`
 * (name → `labels: all | [..]`, `domains`, `dailyQuota`, `description`). Read key by key like the other
 * keys; what spans keys (a client's labels must be the environment's) is checked once all are read.
 */

type YNode = Node | null | undefined;
export type AccessReport = (
  node: YNode,
  code: string,
  message: string,
  extra?: Partial<Pick<Diagnostic, 'severity' | 'fix'>>,
) => void;

/** What the cross-key checks need: the nodes to point at. */
export interface AccessDraft {
  labels?: { values: string[]; node: YNode };
  clients?: {
    node: YNode;
    parsed: Array<{ client: AccessClient; labelNodes: Map<string, YNode>; domainNodes: Map<string, YNode> }>;
  };
}

const CLIENT_KEYS = ['labels', 'domains', 'dailyQuota', 'description'] as const;

export function readLabels(e: Entry, draft: AccessDraft, report: AccessReport): void {
  const single = scalarText(e.value);
  if (!e.value || !isSeq(e.value)) {
    report(
      e.value ?? e.keyNode,
      'env-labels',
      `"labels" must be a list of white labels, the default first, e.g. labels: [retail, business]; it is ${describeNode(e.value)}.`,
      single ? { fix: { title: `Change to [${single}]`, replacement: `[${single}]` } } : {},
    );
    return;
  }
  const values: string[] = [];
  for (const item of e.value.items as Node[]) {
    const s = scalarText(item);
    if (!s) report(item, 'env-labels', 'Each white label must be a non-empty text (a label reference id).');
    else if (values.includes(s)) report(item, 'env-labels-duplicate', `White label "${s}" is listed twice; keep one.`);
    else values.push(s);
  }
  if (e.value.items.length === 0)
    report(e.value, 'env-labels', '"labels" is empty: list at least one white label, the default first.');
  draft.labels = { values, node: e.value };
}

export function readClients(e: Entry, draft: AccessDraft, report: AccessReport): void {
  if (!e.value || !isMap(e.value) || e.value.items.length === 0) {
    report(
      e.value ?? e.keyNode,
      'env-clients',
      `"clients" must be a mapping of client names to their scope, e.g. onboarding: { labels: all, domains: [/counterparty-management] }; it is ${e.value && isMap(e.value) ? 'empty' : describeNode(e.value)}.`,
    );
    return;
  }
  const parsed: NonNullable<AccessDraft['clients']>['parsed'] = [];
  const seen = new Set<string>();
  for (const c of entries(e.value)) {
    if (seen.has(c.key)) {
      report(c.keyNode, 'duplicate-key', `Client "${c.key}" is defined twice; keep one.`);
      continue;
    }
    seen.add(c.key);
    if (!CLIENT_NAME_PATTERN.test(c.key))
      report(
        c.keyNode,
        'env-client-name',
        `Client name "${c.key}" must start with a letter and use only letters, digits, "-" and "_" (it becomes part of AKKURO_<ENV>_<CLIENT>_CLIENT_ID).`,
      );
    const client = readClient(c, report);
    if (client) parsed.push(client);
  }
  draft.clients = { node: e.keyNode, parsed };
}

function readClient(c: Entry, report: AccessReport): NonNullable<AccessDraft['clients']>['parsed'][number] | undefined {
  const client: AccessClient = { name: c.key, labels: 'all' };
  const labelNodes = new Map<string, YNode>();
  const domainNodes = new Map<string, YNode>();
  if (c.value === null || (isScalar(c.value) && c.value.value === null)) return { client, labelNodes, domainNodes };
  if (!isMap(c.value)) {
    report(
      c.value,
      'env-client',
      `Client "${c.key}" must be a mapping such as { labels: all, domains: [/counterparty-management] }; it is ${describeNode(c.value)}.`,
    );
    return undefined;
  }
  const seen = new Set<string>();
  for (const k of entries(c.value)) {
    if (seen.has(k.key)) report(k.keyNode, 'duplicate-key', `"${k.key}" appears twice in client "${c.key}"; keep one.`);
    seen.add(k.key);
    if (k.key === 'labels') readClientLabels(c.key, k, client, labelNodes, report);
    else if (k.key === 'domains') readDomains(c.key, k, client, domainNodes, report);
    else if (k.key === 'dailyQuota') readQuota(c.key, k, client, report);
    else if (k.key === 'description') {
      if (scalarText(k.value) === undefined)
        report(k.value ?? k.keyNode, 'env-client-description', '"description" must be text.');
    } else {
      const suggestion = nearest(k.key, CLIENT_KEYS);
      report(
        k.keyNode,
        'unknown-key',
        `Unknown key "${k.key}" in client "${c.key}"${suggestion ? `; did you mean "${suggestion}"?` : `. Valid keys: ${CLIENT_KEYS.join(', ')}.`}`,
        suggestion ? { fix: { title: `Change to "${suggestion}"`, replacement: suggestion } } : {},
      );
    }
  }
  return { client, labelNodes, domainNodes };
}

function readClientLabels(
  name: string,
  k: Entry,
  client: AccessClient,
  nodes: Map<string, YNode>,
  report: AccessReport,
): void {
  if (k.value && isScalar(k.value) && k.value.value === 'all') return;
  if (!k.value || !isSeq(k.value) || k.value.items.length === 0) {
    const single = scalarText(k.value);
    report(
      k.value ?? k.keyNode,
      'env-client-labels',
      `"labels" of client "${name}" must be "all" or a list of the environment's white labels, e.g. labels: [retail].`,
      single ? { fix: { title: `Change to [${single}]`, replacement: `[${single}]` } } : {},
    );
    return;
  }
  const labels: string[] = [];
  for (const item of k.value.items as Node[]) {
    const s = scalarText(item);
    if (!s) report(item, 'env-client-labels', `Each label of client "${name}" must be a white label name.`);
    else if (!labels.includes(s)) {
      labels.push(s);
      nodes.set(s, item);
    }
  }
  client.labels = labels;
}

function readDomains(
  name: string,
  k: Entry,
  client: AccessClient,
  nodes: Map<string, YNode>,
  report: AccessReport,
): void {
  if (!k.value || !isSeq(k.value)) {
    report(
      k.value ?? k.keyNode,
      'env-client-domains',
      `"domains" of client "${name}" must be a list of API domains, e.g. domains: [/counterparty-management, /collateral-management].`,
    );
    return;
  }
  const domains: string[] = [];
  for (const item of k.value.items as Node[]) {
    const s = scalarText(item)?.trim();
    const fixed = s ? `/${s.replace(/^\/+|\/+$/g, '')}` : undefined;
    if (!s)
      report(
        item,
        'env-client-domains',
        `Each domain of client "${name}" must be a path such as /counterparty-management.`,
      );
    else if (DOMAIN_PATTERN.test(s)) {
      if (domains.includes(s))
        report(item, 'env-domain-duplicate', `Domain ${s} is listed twice; keep one.`, { severity: 'warning' });
      else {
        domains.push(s);
        nodes.set(s, item);
      }
    } else if (fixed && DOMAIN_PATTERN.test(fixed))
      report(
        item,
        'env-domain',
        `The domain "${s}" must be written with one leading slash and no trailing slash: ${fixed}.`,
        {
          fix: { title: `Change to ${fixed}`, replacement: fixed },
        },
      );
    else
      report(
        item,
        'env-domain',
        `The domain "${s}" must be one path segment with a leading slash, such as /counterparty-management (the first segment of the request paths it serves).`,
      );
  }
  if (k.value.items.length === 0)
    report(
      k.value,
      'env-client-domains-empty',
      `Client "${name}" declares no domain: it is only used where a cell or notebook names it with "client:".`,
      {
        severity: 'warning',
      },
    );
  client.domains = domains;
}

function readQuota(name: string, k: Entry, client: AccessClient, report: AccessReport): void {
  const v = k.value && isScalar(k.value) ? k.value.value : undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    report(
      k.value ?? k.keyNode,
      'env-client-quota',
      `"dailyQuota" of client "${name}" must be a whole number of requests per day, at least 1 (the number it was issued for), e.g. dailyQuota: 500.`,
    );
  else client.dailyQuota = v;
}

/**
 * What spans keys: `labels` and `labelReferenceId` are two ways to say one thing; clients need a tenant and
 * labels; a client's labels must be the environment's; a domain declared by two clients for the same label
 * makes requests to it name their client. Sets `labels`, `labelReferenceId` and `clients` on the environment.
 */
export function applyAccess(
  env: Environment,
  draft: AccessDraft,
  seen: ReadonlySet<string>,
  keyNodes: ReadonlyMap<string, YNode>,
  report: AccessReport,
): void {
  if (draft.labels && seen.has('labelReferenceId')) {
    report(
      keyNodes.get('labelReferenceId'),
      'env-labels-twice',
      `Environment "${env.name}" has both "labels" and "labelReferenceId": keep "labels" (its first label is the default) and remove "labelReferenceId".`,
    );
    return;
  }
  if (draft.labels?.values.length) {
    env.labels = draft.labels.values;
    env.labelReferenceId = draft.labels.values[0];
  } else if (env.labelReferenceId) env.labels = [env.labelReferenceId];
  if (!draft.clients) return;
  if (!env.brokerKey || !env.labels?.length) {
    report(
      keyNodes.get('clients'),
      'env-clients-identity',
      `Clients get tokens, so environment "${env.name}" needs "brokerKey" (tenant) and "labels" (white labels) too.`,
    );
    return;
  }
  const labels = env.labels;
  for (const { client, labelNodes } of draft.clients.parsed) {
    if (client.labels === 'all') continue;
    for (const l of client.labels)
      if (!labels.includes(l))
        report(
          labelNodes.get(l),
          'env-client-label-unknown',
          `Client "${client.name}" names white label "${l}", which is not in the labels of environment "${env.name}" (${labels.join(', ')}). Add it to "labels" or fix the name.`,
          nearestFix(l, labels),
        );
  }
  warnSharedDomains(draft.clients.parsed, report);
  env.clients = draft.clients.parsed.map((p) => p.client);
}

function nearestFix(word: string, candidates: readonly string[]): Partial<Pick<Diagnostic, 'fix'>> {
  const suggestion = nearest(word, candidates);
  return suggestion ? { fix: { title: `Change to "${suggestion}"`, replacement: suggestion } } : {};
}

function warnSharedDomains(parsed: NonNullable<AccessDraft['clients']>['parsed'], report: AccessReport): void {
  parsed.forEach(({ client, domainNodes }, i) => {
    for (const [domain, node] of domainNodes) {
      const earlier = parsed.slice(0, i).filter((p) => p.client.domains?.includes(domain) && overlap(p.client, client));
      if (!earlier.length) continue;
      const names = [...earlier.map((p) => p.client.name), client.name].map((n) => `"${n}"`);
      report(
        node,
        'env-domain-shared',
        `Clients ${names.slice(0, -1).join(', ')} and ${names.at(-1)} ${names.length === 2 ? 'both' : 'all'} declare ${domain} for the same white labels: requests to ${domain} must name their client with "client:".`,
        { severity: 'warning' },
      );
    }
  });
}

function overlap(a: AccessClient, b: AccessClient): boolean {
  if (a.labels === 'all' || b.labels === 'all') return true;
  return a.labels.some((l) => (b.labels as readonly string[]).includes(l));
}
