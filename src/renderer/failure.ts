/** How each kind of failure looks, and its text lines; no DOM. */
import type { Diagnostic } from '../core/diagnostic';
import type { FailureCategory } from '../core/response';

export type FailureTone = 'error' | 'warning' | 'info';

export interface FailureStyle {
  icon: string;
  tone: FailureTone;
  /** Names the kind of failure in a few words, above the title. */
  label: string;
}

const STYLES: Record<FailureCategory, FailureStyle> = {
  'cell': { icon: '✎', tone: 'error', label: 'Cell problem' },
  'variable': { icon: '{}', tone: 'error', label: 'Variable problem' },
  'environment': { icon: '⚙', tone: 'warning', label: 'Environment problem' },
  'not-signed-in': { icon: '⚿', tone: 'warning', label: 'Not signed in' },
  'credentials': { icon: '⚿', tone: 'error', label: 'Credentials problem' },
  'token': { icon: '⚿', tone: 'error', label: 'Token request failed' },
  'network': { icon: '⇄', tone: 'error', label: 'Network error' },
  'timeout': { icon: '⏱', tone: 'error', label: 'Timed out' },
  'tls': { icon: '⚠', tone: 'error', label: 'TLS error' },
  'cancelled': { icon: '■', tone: 'info', label: 'Cancelled' },
  'blocked': { icon: '⊘', tone: 'warning', label: 'Not sent' },
  'body-file': { icon: '✎', tone: 'error', label: 'Body file problem' },
  'internal': { icon: '✕', tone: 'error', label: 'Internal error' },
};

export function failureStyle(category: FailureCategory | string): FailureStyle {
  return STYLES[category as FailureCategory] ?? STYLES.internal;
}

/** `line 3, column 5: message`, the form used by every face. */
export function diagnosticLine(d: Pick<Diagnostic, 'line' | 'column' | 'message'>): string {
  return `line ${d.line}, column ${d.column}: ${d.message}`;
}
