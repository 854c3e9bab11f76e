import { REDACTED } from '../http/redact';

/**
 * Editors show environment variables and response values in completion details and hovers, where a
 * shoulder-surfer or a screen share can see them. Values whose name or shape says "credential" are
 * shown redacted; this is a display heuristic, not the Redactor that guards outputs.
 */
const SECRET_NAME = /secret|passw|pwd|token|key|credential|auth|bearer|private|signature|cookie|session/i;
const JWT = /^eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;
const SCHEME_CREDENTIAL = /^(Bearer|Basic|Digest|Token)\s+\S{6,}/i;
const PEM = /-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/;

export function looksSecret(name: string, value: unknown): boolean {
  if (SECRET_NAME.test(name)) return true;
  if (typeof value !== 'string') return false;
  const v = value.trim();
  return JWT.test(v) || SCHEME_CREDENTIAL.test(v) || PEM.test(v);
}

/** A value as one short line of text: redacted when it looks secret, shortened when long. */
export function shownValue(name: string, value: unknown, max = 80): string {
  if (looksSecret(name, value)) return REDACTED;
  const text = typeof value === 'string' ? value : value === undefined ? 'undefined' : JSON.stringify(value);
  const flat = text.replace(/\r?\n/g, '⏎');
  return flat.length > max ? `${flat.slice(0, max - 1)}… (${text.length} characters)` : flat;
}

/** Markdown inline code that survives backticks in the value. */
export function inlineCode(text: string): string {
  const ticks = '`'.repeat(Math.max(1, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length + 1)));
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}
