import { IMPLICIT_CLIENT, usesTokens, type AccessClient, type Environment } from './environment';

/**
 * Reading an environment's access model: its white labels, its clients and what each covers. Environments
 * written before clients existed (and those built in tests) carry only `labelReferenceId`: they read as one
 * label and one implicit client, so every caller sees the same model.
 */

const IMPLICIT: AccessClient = Object.freeze({ name: IMPLICIT_CLIENT, labels: 'all', implicit: true });

/** The white labels of an environment, the default first; empty when it uses no tokens. */
export function labelsOf(env: Environment): readonly string[] {
  if (env.labels?.length) return env.labels;
  return env.labelReferenceId ? [env.labelReferenceId] : [];
}

/** The environment's default white label: its first. */
export function defaultLabel(env: Environment): string | undefined {
  return labelsOf(env)[0];
}

/** The clients of an environment: those of `clients:`, else the one implicit client; none without tokens. */
export function clientsOf(env: Environment): readonly AccessClient[] {
  if (!usesTokens(env)) return [];
  return env.clients?.length ? env.clients : [IMPLICIT];
}

export function findClient(env: Environment, name: string): AccessClient | undefined {
  return clientsOf(env).find((c) => c.name === name);
}

/** True when the environment names its clients (the file has `clients:`), so faces show them. */
export function declaresClients(env: Environment): boolean {
  return clientsOf(env).some((c) => !c.implicit);
}

/** The labels a client may get tokens for, in the environment's order. */
export function clientLabels(client: AccessClient, env: Environment): readonly string[] {
  const all = labelsOf(env);
  return client.labels === 'all' ? all : all.filter((l) => client.labels.includes(l));
}

export function isScoped(client: AccessClient, label: string): boolean {
  return client.labels === 'all' || client.labels.includes(label);
}

/** Whether the client's declared domains include `domain`; undefined when it declares none. */
export function declaresDomain(client: AccessClient, domain: string): boolean | undefined {
  return client.domains === undefined ? undefined : client.domains.includes(domain);
}

/**
 * The API domain of a URL that is about to be sent: the first path segment after the environment's base
 * path, with its slash (`/counterparty-management`). Undefined for a URL on another origin, or without a
 * segment.
 */
export function domainOfUrl(url: string | Pick<URL, 'origin' | 'pathname'>, env: Environment): string | undefined {
  let u: Pick<URL, 'origin' | 'pathname'>;
  if (typeof url !== 'string') u = url;
  else
    try {
      u = new URL(url);
    } catch {
      return undefined;
    }
  if (u.origin !== env.origin) return undefined;
  return firstSegment(stripBase(u.pathname, env));
}

/**
 * The API domain of a cell's URL as written, before `{{templates}}` are resolved: undefined when a template
 * stands in (or runs into) the first segment, since only the run can tell, or when the URL is on another origin.
 */
export function domainOfCellUrl(url: string, env: Environment): string | undefined {
  const text = url.trim();
  const at = text.indexOf('{{');
  const known = (at < 0 ? text : text.slice(0, at)).replace(/[?#].*$/, '');
  let rest: string;
  if (known.startsWith('/')) rest = known;
  else {
    let u: URL;
    try {
      u = new URL(known);
    } catch {
      return undefined;
    }
    if (u.origin !== env.origin || (at >= 0 && !known.slice(u.origin.length).startsWith('/'))) return undefined;
    rest = stripBase(u.pathname, env);
  }
  const segment = firstSegment(rest);
  // With a template further on, the segment is only known when a slash ends it before the template.
  return segment && (at < 0 || rest.startsWith(`${segment}/`)) ? segment : undefined;
}

/** The path of each environment's baseUrl without its trailing slashes, by the baseUrl it was worked out from. */
const basePaths = new WeakMap<Environment, { baseUrl: string; path: string }>();

function stripBase(pathname: string, env: Environment): string {
  let known = basePaths.get(env);
  if (known?.baseUrl !== env.baseUrl) {
    known = { baseUrl: env.baseUrl, path: new URL(env.baseUrl).pathname.replace(/\/+$/, '') };
    basePaths.set(env, known);
  }
  const base = known.path;
  return base && (pathname === base || pathname.startsWith(`${base}/`)) ? pathname.slice(base.length) : pathname;
}

function firstSegment(path: string): string | undefined {
  const segment = path.split('/')[1];
  return segment ? `/${segment}` : undefined;
}

/** "all labels" or "retail, business", for messages and pickers. */
export function scopeText(client: AccessClient, env: Environment): string {
  return client.labels === 'all'
    ? 'all labels'
    : clientLabels(client, env).join(', ') || 'no label of this environment';
}

/** "/a, /b", or what a client without domains means. */
export function domainsText(client: AccessClient): string {
  if (client.domains === undefined) return 'any domain no other client declares';
  return client.domains.length ? client.domains.join(', ') : 'no domain';
}

/** `onboarding (all labels; /counterparty-management, /collateral-management)`. */
export function describeClient(client: AccessClient, env: Environment): string {
  return `${client.name} (${scopeText(client, env)}; ${domainsText(client)})`;
}
