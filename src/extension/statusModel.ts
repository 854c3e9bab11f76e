// Pure view-model logic for the status bar, credential binding and environment choice. No `vscode`
// import, so it is unit-tested in plain Node.
import type { Environment } from '../core/environments';

export interface StoredCredentialBinding {
  origin: string;
  brokerKey: string;
  labelReferenceId: string;
}

/** Why stored credentials must not be used for `env` as it is defined now; undefined when they may. */
export function bindingProblem(stored: StoredCredentialBinding, env: Environment): string | undefined {
  const changes: string[] = [];
  if (stored.origin !== env.origin) changes.push(`its host changed from ${stored.origin} to ${env.origin}`);
  if (stored.brokerKey !== (env.brokerKey ?? ''))
    changes.push(`its brokerKey changed from "${stored.brokerKey}" to "${env.brokerKey ?? ''}"`);
  if (stored.labelReferenceId !== (env.labelReferenceId ?? ''))
    changes.push(`its labelReferenceId changed from "${stored.labelReferenceId}" to "${env.labelReferenceId ?? ''}"`);
  if (changes.length === 0) return undefined;
  return `The stored credentials for "${env.name}" are not used: since you authenticated, ${changes.join(' and ')} in akkuro-environments.yaml. A changed file must not send your secret somewhere new, so authenticate again if the change is intended.`;
}

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
  | { kind: 'expired' };

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
    case 'token': {
      const left = expiryCountdown(state.expiresAt, now);
      return left === 'expired' ? 'expired' : `token ${left}`;
    }
  }
}

export interface StatusView {
  text: string;
  tooltip: string;
  warning: boolean;
}

export function statusView(env: Environment, state: TokenState, now: number, source?: string): StatusView {
  const who = env.brokerKey && env.labelReferenceId ? ` · ${env.brokerKey}/${env.labelReferenceId}` : '';
  const icon = env.protected ? '$(warning)' : '$(server-environment)';
  const stateText = tokenStateText(state, now);
  const text = `${icon} ${env.name}${who} · ${stateText}`;
  const lines = [
    `Akkuro environment: ${env.name}${env.protected ? ' (PROTECTED)' : ''}${source ? ` — ${source}` : ''}`,
    `Base URL: ${env.baseUrl}`,
    ...(env.brokerKey ? [`Tenant / white label: ${env.brokerKey} / ${env.labelReferenceId}`] : []),
    `Token: ${stateText}`,
    ...(env.protected
      ? [`Protected: ${env.protectedReason ?? 'yes'}. Requests other than GET/HEAD and Run All ask for confirmation.`]
      : []),
    'Click to switch environment, authenticate or sign out.',
  ];
  return { text, tooltip: lines.join('\n'), warning: env.protected };
}

export interface EnvironmentChoiceInput {
  /** The notebook file's `environment:` pin. */
  pin?: string;
  /** The user's last choice for this notebook (workspace state). */
  lastChoice?: string;
  /** The `akkuro.defaultEnvironment` setting. */
  settingDefault?: string;
  /** The environments file's `default:`. */
  fileDefault?: string;
  available: readonly string[];
}

export interface EnvironmentChoice {
  name: string;
  source: 'pin' | 'choice' | 'setting' | 'file' | 'fallback';
  /** Set when the notebook asks for an environment that does not exist. */
  problem?: string;
}

/** The notebook's pin, else the user's last choice, else the workspace default, else the sandbox. */
export function chooseEnvironment(input: EnvironmentChoiceInput): EnvironmentChoice {
  const has = (n: string | undefined): n is string => !!n && input.available.includes(n);
  if (input.pin) {
    return has(input.pin)
      ? { name: input.pin, source: 'pin' }
      : {
          name: input.pin,
          source: 'pin',
          problem: `This notebook is pinned to environment "${input.pin}", which is not defined. Known: ${input.available.join(', ')}. Define it in akkuro-environments.yaml or change the notebook's "environment:".`,
        };
  }
  if (has(input.lastChoice)) return { name: input.lastChoice, source: 'choice' };
  if (has(input.settingDefault)) return { name: input.settingDefault, source: 'setting' };
  if (has(input.fileDefault)) return { name: input.fileDefault, source: 'file' };
  return { name: 'sandbox', source: 'fallback' };
}

export function choiceSourceText(source: EnvironmentChoice['source']): string {
  return {
    pin: 'pinned by the notebook',
    choice: 'your choice for this notebook',
    setting: 'the akkuro.defaultEnvironment setting',
    file: 'the default of akkuro-environments.yaml',
    fallback: 'the built-in default',
  }[source];
}
