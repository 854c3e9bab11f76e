/**
 * The one place that removes secrets: the client secret, its Basic-auth encoding, and every token the
 * token cache hands out. Every face (extension outputs, CLI reports, logs) passes text through a Redactor
 * before it leaves the process. A Redactor is owned by the object that knows the secrets; there is no global one.
 */
export const REDACTED = '‹redacted›';

const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
]);
const MAX_SECRETS = 10_000;
const MAX_CREDENTIAL_PAIRS = 1_000;
/**
 * Shorter values would redact ordinary words inside text; real secrets and tokens are far longer. The core
 * refuses to use a client secret or token this short; any other short value registered is still hidden
 * wherever it is a whole value (a header value, a JSON string).
 */
export const MIN_SECRET_LENGTH = 6;

export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly shortSecrets = new Set<string>();
  /**
   * No registered secret is shorter than this (a bound: evicting a secret leaves it as it was), so shorter text,
   * such as most keys and header values, holds none. At least MIN_SECRET_LENGTH.
   */
  private shortest = Infinity;
  /** The Basic-auth form of each client id and secret registered, by the pair. */
  private readonly basicForms = new Map<string, string>();

  /** Registers a value that must never be shown, with the encodings in which it can leak. */
  add(value: string | undefined): void {
    if (!value) return;
    // A server that echoes a value trims it: the trimmed form must be hidden too.
    const trimmed = value.trim();
    if (trimmed !== value) this.add(trimmed);
    if (!trimmed) return;
    if (value.length < MIN_SECRET_LENGTH) {
      if (this.shortSecrets.size < MAX_SECRETS) this.shortSecrets.add(value);
      return;
    }
    if (this.secrets.has(value)) return;
    if (this.secrets.size >= MAX_SECRETS) {
      const oldest = this.secrets.values().next().value;
      if (oldest !== undefined) this.secrets.delete(oldest);
    }
    this.secrets.add(value);
    // Its encodings are never shorter than the value itself.
    if (value.length < this.shortest) this.shortest = value.length;
    const encoded = encodeURIComponent(value);
    if (encoded !== value) this.secrets.add(encoded);
    const json = JSON.stringify(value).slice(1, -1);
    if (json !== value) this.secrets.add(json);
  }

  addCredentials(clientId: string, clientSecret: string): void {
    this.add(clientSecret);
    // Every request registers its credentials again (a run may meet the same client many times): the Basic
    // form is worked out once per pair, and `add` of a known value returns at once.
    const pair = `${clientId}\0${clientSecret}`;
    let basic = this.basicForms.get(pair);
    if (basic === undefined) {
      if (this.basicForms.size >= MAX_CREDENTIAL_PAIRS) this.basicForms.clear();
      basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
      this.basicForms.set(pair, basic);
    }
    this.add(basic);
  }

  /** Replaces every registered secret in the text. */
  redact(text: string): string {
    if (this.shortSecrets.size && text.length < 64 && this.shortSecrets.has(text.trim())) return REDACTED;
    if (text.length < this.shortest) return text;
    let out = text;
    for (const s of this.secrets) {
      if (out.includes(s)) out = out.split(s).join(REDACTED);
    }
    return out;
  }

  /**
   * Whether the text (or bytes, read as UTF-8/Latin-1 alike since secrets are ASCII) holds a registered
   * secret, in any of its registered encodings, or is a short secret as a whole.
   */
  contains(text: string | Buffer): boolean {
    if (typeof text === 'string' && text.length < 64 && this.shortSecrets.has(text.trim())) return true;
    for (const s of this.secrets) if (text.includes(s)) return true;
    return false;
  }

  /**
   * A JSON-like value with every string redacted (object keys included). Copy on write: parts with
   * nothing to redact are returned as they are, so the common case allocates nothing.
   */
  redactDeep<T>(value: T): T {
    if (this.secrets.size === 0 && this.shortSecrets.size === 0) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v = this.walk(value[i]);
        if (v !== value[i]) (out ??= value.slice())[i] = v;
      }
      return out ?? value;
    }
    if (value && typeof value === 'object') {
      // Clean objects are the rule: look first, copy only when a key or value changes.
      const source = value as Record<string, unknown>;
      let out: Record<string, unknown> | undefined;
      for (const k in source) {
        const v = source[k];
        const rk = this.redact(k);
        const rv = this.walk(v);
        if (!out && (rk !== k || rv !== v)) {
          out = {};
          for (const before in source) {
            if (before === k) break;
            out[before] = source[before];
          }
        }
        if (out) out[rk] = rv;
      }
      return out ?? value;
    }
    return value;
  }
}

export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADERS.has(name.toLowerCase());
}

/** `Bearer abc` → `Bearer ‹redacted›`; cookies and keys → `‹redacted›`. */
export function redactHeaderValue(name: string, value: string): string {
  if (!isSensitiveHeader(name)) return value;
  const scheme = /^(Bearer|Basic|Digest|Negotiate|Token)\s+/i.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

export function redactHeaders(
  headers: ReadonlyArray<readonly [string, string]>,
  redactor?: Redactor,
): Array<[string, string]> {
  return headers.map(([n, v]) => [n, redactor ? redactor.redact(redactHeaderValue(n, v)) : redactHeaderValue(n, v)]);
}
