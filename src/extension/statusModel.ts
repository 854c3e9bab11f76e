// Pure view-model logic for the status bar. No `vscode` import, so it is unit-tested in plain Node.
import { clientsOf, declaresClients, defaultLabel, domainsText, scopeText } from '../core/environments/accessModel';
import type { Environment } from '../core/environments/environment';
import { quotaLevel, quotaText, type QuotaLevel } from '../core/budget/quota';

/** "12m", "45s", "1h 5m", "expired". */
export function expiryCountdown(expiresAt: number, now: number): string {
  const s = Math.floor((expiresAt - now) / 1000);
  if (s <= 0) return 'expired';
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export type TokenState =
  | { kind: 'no-auth' }
  | { kind: 'signed-out' }
  | { kind: 'rebind' }
  | { kind: 'signed-in' }
  | { kind: 'token'; expiresAt: number }
  | { kind: 'expired' }
  /** Some of the clients a label can use are signed in, not all. */
  | { kind: 'partial'; signedIn: number; total: number };

export function tokenStateText(state: TokenState, now: number): string {
  switch (state.kind) {
    case 'no-auth':
      return 'no token needed';
    case 'signed-out':
      return 'signed out';
    case 'rebind':
      return 'sign in again';
    case 'signed-in':
      return 'signed in';
    case 'expired':
      return 'expired';
    case 'partial':
      return `${state.signedIn}/${state.total} clients signed in`;
    case 'token': {
      const left = expiryCountdown(state.expiresAt, now);
      return left === 'expired' ? 'expired' : `token ${left}`;
    }
  }
}

/**
 * One state for several clients (a notebook whose requests pick their client by path): what needs doing
 * first (sign in again, sign in), else the token that expires soonest.
 */
export function combinedState(states: readonly TokenState[]): TokenState {
  if (states.length === 0) return { kind: 'signed-out' };
  if (states.length === 1) return states[0];
  if (states.some((s) => s.kind === 'rebind')) return { kind: 'rebind' };
  const out = states.filter((s) => s.kind === 'signed-out').length;
  if (out === states.length) return { kind: 'signed-out' };
  if (out > 0) return { kind: 'partial', signedIn: states.length - out, total: states.length };
  const live = states.flatMap((s) => (s.kind === 'token' ? [s.expiresAt] : []));
  if (live.length) return { kind: 'token', expiresAt: Math.min(...live) };
  return states.some((s) => s.kind === 'expired') ? { kind: 'expired' } : { kind: 'signed-in' };
}

/** The notebook's white label and client as the status bar shows them, and the state of each client. */
export interface StatusAccess {
  label?: string;
  /** Why this label ("pinned by the notebook", "your choice", "the environment's first"). */
  labelSource?: string;
  /** Undefined: each request picks its client by path. */
  client?: string;
  clientSource?: string;
  /** The clients the label can use (or the one named), with their token state and today's requests. */
  clients?: ReadonlyArray<{ name: string; state: TokenState; used?: number; quota?: number }>;
  /** Mistakes in the notebook file's `client:`/`label:` that stop its requests, one sentence each. */
  headerProblems?: readonly string[];
}

/**
 * The use of a daily quota the status bar shows: the named client's, else (each request choosing its client) the
 * client nearest to its quota, by name. Undefined when no client of the notebook has a quota.
 */
export function quotaShown(access: StatusAccess): { text: string; level: QuotaLevel } | undefined {
  const withQuota = (access.clients ?? []).filter((c) => c.quota !== undefined);
  const pick = access.client
    ? withQuota.find((c) => c.name === access.client)
    : [...withQuota].sort((a, b) => (b.used ?? 0) / b.quota! - (a.used ?? 0) / a.quota!)[0];
  if (!pick) return undefined;
  const used = pick.used ?? 0;
  const who = access.client || withQuota.length === 1 ? '' : `${pick.name} `;
  return { text: `${who}${quotaText(used, pick.quota)}`, level: quotaLevel(used, pick.quota) };
}

export interface StatusView {
  text: string;
  tooltip: string;
  warning: boolean;
  /** The notebook file's header names a client or label that cannot be used: its requests are refused. */
  error: boolean;
}

export function statusView(
  env: Environment,
  state: TokenState,
  now: number,
  source?: string,
  access: StatusAccess = {},
): StatusView {
  const label = access.label ?? defaultLabel(env);
  const named = declaresClients(env);
  const who = env.brokerKey && label ? ` · ${env.brokerKey}/${label}` : '';
  const client = named ? ` · ${access.client ?? 'auto'}` : '';
  const headerProblems = access.headerProblems ?? [];
  const icon = headerProblems.length ? '$(error)' : env.protected ? '$(warning)' : '$(server-environment)';
  const stateText = tokenStateText(state, now);
  const quota = quotaShown(access);
  const text = `${icon} ${env.name}${who}${client} · ${stateText}${quota ? ` · ${quota.text}` : ''}`;
  const lines = [
    `Akkuro environment: ${env.name}${env.protected ? ' (PROTECTED)' : ''}${source ? ` — ${source}` : ''}`,
    `Base URL: ${env.baseUrl}`,
    ...(env.brokerKey
      ? [`Tenant / white label: ${env.brokerKey} / ${label}${access.labelSource ? ` (${access.labelSource})` : ''}`]
      : []),
    ...(named ? clientLines(env, access, now) : [`Token: ${stateText}`]),
    ...headerProblems.map((p) => `Notebook file: ${p}`),
    ...(env.protected
      ? [`Protected: ${env.protectedReason ?? 'yes'}. Requests other than GET/HEAD and Run All ask for confirmation.`]
      : []),
    ...(quota && quota.level !== 'ok'
      ? [
          quota.level === 'over'
            ? 'Daily quota used up: runs ask before sending more.'
            : 'Over 80 % of the daily quota is used: runs that would pass it ask first.',
        ]
      : []),
    `Click to switch environment${named || (env.labels?.length ?? 0) > 1 ? ', white label or client' : ''}, authenticate or sign out.`,
  ];
  return {
    text,
    tooltip: lines.join('\n'),
    warning: env.protected || (!!quota && quota.level !== 'ok'),
    error: headerProblems.length > 0,
  };
}

function clientLines(env: Environment, access: StatusAccess, now: number): string[] {
  const head = access.client
    ? `Client: ${access.client}${access.clientSource ? ` (${access.clientSource})` : ''}`
    : 'Client: chosen per request, by the first segment of its path:';
  const known = new Map((access.clients ?? []).map((c) => [c.name, c]));
  const shown = access.client ? clientsOf(env).filter((c) => c.name === access.client) : clientsOf(env);
  return [
    head,
    ...shown.map((c) => {
      const k = known.get(c.name);
      const use = k?.used !== undefined ? ` · ${quotaText(k.used, k.quota)}` : '';
      return `  • ${c.name}: ${scopeText(c, env)}; ${domainsText(c)}${k ? ` — ${tokenStateText(k.state, now)}${use}` : ' — not for this label'}`;
    }),
  ];
}
