/** How each kind of failure looks, and its text lines; no DOM. */
import type { Diagnostic } from '../core/text/diagnostic';
import type { FailureCategory } from '../contract/response';
import type { IconName } from './iconPaths';

export type FailureTone = 'error' | 'warning' | 'info';

export interface FailureStyle {
  icon: IconName;
  tone: FailureTone;
  /** Names the kind of failure in a few words, above the title. */
  label: string;
}

const STYLES: Record<FailureCategory, FailureStyle> = {
  cell: { icon: 'edit', tone: 'error', label: 'Cell problem' },
  variable: { icon: 'edit', tone: 'error', label: 'Variable problem' },
  environment: { icon: 'settings', tone: 'warning', label: 'Environment problem' },
  'not-signed-in': { icon: 'key', tone: 'warning', label: 'Not signed in' },
  credentials: { icon: 'key', tone: 'error', label: 'Credentials problem' },
  token: { icon: 'key', tone: 'error', label: 'Token request failed' },
  network: { icon: 'network', tone: 'error', label: 'Network error' },
  timeout: { icon: 'clock', tone: 'error', label: 'Timed out' },
  tls: { icon: 'shield', tone: 'error', label: 'TLS error' },
  cancelled: { icon: 'stop', tone: 'info', label: 'Cancelled' },
  blocked: { icon: 'blocked', tone: 'warning', label: 'Not sent' },
  client: { icon: 'key', tone: 'warning', label: 'Client choice' },
  'body-file': { icon: 'edit', tone: 'error', label: 'Body file problem' },
  budget: { icon: 'blocked', tone: 'warning', label: 'Over budget' },
  internal: { icon: 'error', tone: 'error', label: 'Internal error' },
};

export function failureStyle(category: FailureCategory | string): FailureStyle {
  return STYLES[category as FailureCategory] ?? STYLES.internal;
}

/** `line 3, column 5: message`, the form used by every face. */
export function diagnosticLine(d: Pick<Diagnostic, 'line' | 'column' | 'message'>): string {
  return `line ${d.line}, column ${d.column}: ${d.message}`;
}
