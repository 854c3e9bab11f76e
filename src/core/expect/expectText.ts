/* How values of `expect:` read in messages: bounded, and never showing a JWT. */

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// Response values reach messages; a JWT among them (a token endpoint's body) must not.
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
export const mask = (text: string): string => text.replace(JWT, '‹redacted JWT›');

/** A value as it reads in a message: JSON, masked, cut to about 80 characters. */
export function show(v: unknown, max = 80): string {
  const text = mask(v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
