import type { AccessClient, Environment } from './environment';
import {
  clientLabels,
  clientsOf,
  declaresDomain,
  describeClient,
  domainsText,
  findClient,
  isScoped,
  labelsOf,
  scopeText,
} from './accessModel';

/** A client and/or label asked for by one party. */
export interface AccessAsk {
  client?: string;
  label?: string;
}

/** Who may ask, strongest first: the cell, the run (--label), the notebook file, the user's choice for the notebook. */
export interface AccessPreferences {
  /** Asked for by this run (the runner's --label); wins over the notebook's keys. */
  explicit?: AccessAsk;
  /** The notebook file's `client:` and `label:`. */
  notebook?: AccessAsk;
  /** The user's last choice for this notebook (the status bar's menu). */
  choice?: AccessAsk;
}

export type AccessSource = 'cell' | 'explicit' | 'notebook' | 'choice' | 'default' | 'path' | 'only';

export interface AccessInput extends AccessPreferences {
  environment: Environment;
  /** The cell's `client:` and `label:`. */
  cell?: AccessAsk;
  /** The request's API domain (`/counterparty-management`); undefined when not known yet or not on the origin. */
  domain?: string;
}

/** A client and label that the caller may ask for instead, e.g. as a quick fix. */
export interface AccessSuggestion {
  client: string;
  /** Set when the current label is not in the client's scope: this label is. */
  label?: string;
}

export type AccessProblemCode =
  'unknown-label' | 'unknown-client' | 'label-out-of-scope' | 'no-client' | 'several-clients' | 'domain-unknown';

export interface AccessProblem {
  code: AccessProblemCode;
  /** What is wrong and what exists, in the user's terms. */
  message: string;
  /** Which key is at fault: a name the cell wrote, or the request as a whole (its path). */
  at: { key: 'client' | 'label'; source: AccessSource } | { key: 'path' };
  suggestions: AccessSuggestion[];
}

export interface AccessDecision {
  client: AccessClient;
  label: string;
  clientSource: AccessSource;
  labelSource: AccessSource;
  /** Why this client and label, in one sentence each ("path /x is granted to onboarding"). */
  clientReason: string;
  labelReason: string;
  /** A named client that does not declare the request's domain: the API may answer 403. */
  warning?: string;
}

export type AccessResult = { ok: true; decision: AccessDecision } | { ok: false; problem: AccessProblem };

const ASKERS = ['cell', 'explicit', 'notebook', 'choice'] as const;

/**
 * The one rule for which client and white label a request uses (PRODUCT.md §10), for the run, the runner's
 * checks and the editor. Label: the cell's, else the run's, else the notebook's, else the user's choice,
 * else the environment's first. Client: the cell's, else the run's, else the notebook's, else the user's
 * choice, else the one client whose domains cover the request's first path segment (narrowed to the
 * clients scoped to the label). A client that declares no domains covers what no other client declares.
 * None or several is a problem: nothing is sent on a guess.
 */
export function chooseAccess(input: AccessInput): AccessResult {
  const label = chooseLabel(input);
  if ('problem' in label) return { ok: false, problem: label.problem };
  const named = firstAsk(input, 'client');
  if (named) return namedClient(input, named.name, named.source, label);
  return clientByPath(input, label);
}

export interface LabelChoice {
  name: string;
  source: AccessSource;
  reason: string;
}

/** The white label part of the rule alone (the status bar shows it for the notebook, before any cell). */
export function chooseLabel(input: AccessInput): LabelChoice | { problem: AccessProblem } {
  const env = input.environment;
  const labels = labelsOf(env);
  const asked = firstAsk(input, 'label');
  if (!asked)
    return {
      name: labels[0],
      source: 'default',
      reason: `label ${labels[0]} is the first of environment "${env.name}"`,
    };
  if (!labels.includes(asked.name)) {
    return {
      problem: {
        code: 'unknown-label',
        message: `Label "${asked.name}" (${NAMED_BY[asked.source]}) is not a white label of environment "${env.name}". Its labels: ${labels.join(', ')}.`,
        at: { key: 'label', source: asked.source },
        suggestions: [],
      },
    };
  }
  return { name: asked.name, source: asked.source, reason: `label ${asked.name} is ${NAMED_BY[asked.source]}` };
}

function namedClient(
  input: AccessInput,
  name: string,
  source: (typeof ASKERS)[number],
  label: LabelChoice,
): AccessResult {
  const env = input.environment;
  const client = findClient(env, name);
  const all = clientsOf(env);
  if (!client) {
    return problem(
      'unknown-client',
      `Client "${name}" (${NAMED_BY[source]}) is not a client of environment "${env.name}". Its clients: ${all.map((c) => describeClient(c, env)).join('; ')}.`,
      { key: 'client', source },
      all.filter((c) => !c.implicit).map((c) => suggestion(c, label.name, env)),
    );
  }
  if (!isScoped(client, label.name)) {
    return problem(
      'label-out-of-scope',
      `Client "${client.name}" is scoped to ${scopeText(client, env)}, not to white label "${label.name}" (${label.reason}).`,
      label.source === 'cell' ? { key: 'label', source: 'cell' } : { key: 'client', source },
      clientLabels(client, env).map((l) => ({ client: client.name, label: l })),
    );
  }
  const declared = input.domain === undefined ? undefined : declaresDomain(client, input.domain);
  const others = input.domain === undefined ? [] : all.filter((c) => c !== client && declaresDomain(c, input.domain!));
  const warning =
    declared === false
      ? `Client "${client.name}" is not declared for ${input.domain} (it declares ${domainsText(client)})${others.length ? `; ${others.map((c) => `"${c.name}"`).join(' and ')} ${others.length === 1 ? 'is' : 'are'}` : ''}. The API may answer 403.`
      : undefined;
  return decided(client, label, source, `client ${client.name} is ${NAMED_BY[source]}`, warning);
}

/** The client and label a request goes with, and why, in one sentence each. */
function decided(
  client: AccessClient,
  label: LabelChoice,
  clientSource: AccessSource,
  clientReason: string,
  warning?: string,
): AccessResult {
  return {
    ok: true,
    decision: {
      client,
      label: label.name,
      clientSource,
      labelSource: label.source,
      clientReason,
      labelReason: label.reason,
      ...(warning ? { warning } : {}),
    },
  };
}

function clientByPath(input: AccessInput, label: LabelChoice): AccessResult {
  const env = input.environment;
  const all = clientsOf(env);
  const domain = input.domain;
  if (domain === undefined) {
    const scoped = all.filter((c) => isScoped(c, label.name));
    if (all.length === 1 && scoped.length === 1) return decided(scoped[0], label, 'only', onlyReason(scoped[0], env));
    return problem(
      'domain-unknown',
      `The path's first segment is not known before the run, and environment "${env.name}" has ${all.length} clients: ${all.map((c) => describeClient(c, env)).join('; ')}. Name one with "client:".`,
      { key: 'path' },
      scoped.map((c) => suggestion(c, label.name, env)),
    );
  }
  const declaring = all.filter((c) => declaresDomain(c, domain));
  const candidates = declaring.length ? declaring : all.filter((c) => c.domains === undefined);
  const scoped = candidates.filter((c) => isScoped(c, label.name));
  if (scoped.length === 1) {
    const c = scoped[0];
    if (declaring.length) return decided(c, label, 'path', `path ${domain} is granted to ${c.name}`);
    return decided(
      c,
      label,
      all.length === 1 ? 'only' : 'path',
      all.length === 1 ? onlyReason(c, env) : `${c.name} declares no domains and no other client declares ${domain}`,
    );
  }
  const list = all.map((c) => describeClient(c, env)).join('; ');
  if (scoped.length > 1) {
    return problem(
      'several-clients',
      `${scoped.length} clients of environment "${env.name}" cover ${domain} for white label "${label.name}": ${scoped.map((c) => `"${c.name}"`).join(', ')}. Name one with "client:". Clients: ${list}.`,
      { key: 'path' },
      scoped.map((c) => ({ client: c.name })),
    );
  }
  if (candidates.length) {
    return problem(
      'label-out-of-scope',
      `${domain} is declared for ${candidates.map((c) => `client "${c.name}" (${scopeText(c, env)})`).join(' and ')}, which ${candidates.length === 1 ? 'is' : 'are'} not scoped to white label "${label.name}" (${label.reason}). Use another label, or name a client with "client:". Clients: ${list}.`,
      { key: 'path' },
      candidates.flatMap((c) =>
        clientLabels(c, env)
          .slice(0, 1)
          .map((l) => ({ client: c.name, label: l })),
      ),
    );
  }
  return problem(
    'no-client',
    `No client of environment "${env.name}" is declared for ${domain}: ${list}. Name one with "client:" if it is granted ${domain}, or add ${domain} to its "domains" in akkuro-environments.yaml.`,
    { key: 'path' },
    all.filter((c) => !c.implicit).map((c) => suggestion(c, label.name, env)),
  );
}

function firstAsk(
  input: AccessInput,
  key: 'client' | 'label',
): { name: string; source: (typeof ASKERS)[number] } | undefined {
  for (const source of ASKERS) {
    const name = input[source]?.[key];
    if (name) return { name, source };
  }
  return undefined;
}

function suggestion(client: AccessClient, label: string, env: Environment): AccessSuggestion {
  if (isScoped(client, label)) return { client: client.name };
  const first = clientLabels(client, env)[0];
  return first ? { client: client.name, label: first } : { client: client.name };
}

function onlyReason(client: AccessClient, env: Environment): string {
  return client.implicit
    ? `environment "${env.name}" has one client (its credentials)`
    : `client ${client.name} is the only client of environment "${env.name}"`;
}

function problem(
  code: AccessProblemCode,
  message: string,
  at: AccessProblem['at'],
  suggestions: AccessSuggestion[],
): AccessResult {
  return { ok: false, problem: { code, message, at, suggestions } };
}

const NAMED_BY: Record<(typeof ASKERS)[number], string> = {
  cell: 'named by this cell',
  explicit: 'asked for by this run',
  notebook: 'named by the notebook file',
  choice: 'your choice for this notebook',
};
