// Pure view-model logic for the status bar. No `vscode` import, so it is unit-tested in plain Node.
import type { Environment } from '../core/environments/environment';

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
