import type { Redactor } from './redact';

/** What a check found; the request is not sent. */
export interface OutgoingProblem {
  /** `cell`: the request as written cannot be sent; `blocked`: a guard refused it. */
  category: 'cell' | 'blocked';
  title: string;
  message: string;
  hint: string;
}

export interface OutgoingRequestView {
  url: string;
  origin: string;
  headers: ReadonlyArray<readonly [string, string]>;
  body?: Buffer | string;
}

export interface OutgoingContext {
  redactor: Redactor;
  environmentName: string;
  /** The only origin that may receive the environment's token and secrets. */
  environmentOrigin: string;
  /** Whether the environment's token will be attached. */
  tokenAttached: boolean;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What undici (and Node) refuse in a header value: control characters other than tab, and beyond Latin-1. */
const BAD_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * The last checks before anything leaves, after every {{variable}} is filled in: headers HTTP can carry, no
 * `Host` header beside the token (it could route the token to another virtual host), and no known secret or
 * token, anywhere in the request, for an origin that is not the environment's (a variable holding an
 * earlier response can hold the token).
 */
export function checkOutgoing(req: OutgoingRequestView, c: OutgoingContext): OutgoingProblem | undefined {
  for (const [name, value] of req.headers) {
    if (!HEADER_NAME.test(name))
      return cellProblem(`The header name ${JSON.stringify(name)} has a character HTTP does not allow in a name.`);
    const bad = BAD_VALUE_CHAR.exec(value);
    if (bad)
      return cellProblem(`The value of header "${name}" holds ${describe(bad[0])}, which HTTP headers cannot carry.`);
  }
  if (c.tokenAttached && req.headers.some(([n]) => n.toLowerCase() === 'host'))
    return {
      category: 'blocked',
      title: 'Host header not allowed here',
      message: `This request carries the token of environment "${c.environmentName}", and a Host header could send it to another host than ${c.environmentOrigin}.`,
      hint: 'Remove the Host header, or use "auth: none" if the request needs no token.',
    };
  if (req.origin === c.environmentOrigin) return undefined;
  const where = secretPlace(req, c.redactor);
  if (!where) return undefined;
  return {
    category: 'blocked',
    title: 'Secret for another origin',
    message: `Not sent: ${where} of this request to ${req.origin} holds a secret or token known to Akkuro Notebooks. Secrets and tokens only ever go to the origin of environment "${c.environmentName}" (${c.environmentOrigin}).`,
    hint: 'A {{variable}} or an earlier response probably holds the token; do not pass it to another host.',
  };
}

function secretPlace(req: OutgoingRequestView, redactor: Redactor): string | undefined {
  if (redactor.contains(req.url) || redactor.contains(decoded(req.url))) return 'the URL';
  for (const [name, value] of req.headers) {
    if (redactor.contains(value) || redactor.contains(name)) return `the header "${name}"`;
  }
  if (req.body !== undefined && redactor.contains(req.body)) return 'the body';
  return undefined;
}

function decoded(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

function describe(ch: string): string {
  const code = `U+${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0').toUpperCase()}`;
  if (ch === '\n' || ch === '\r') return `a line break (${code})`;
  return (ch.codePointAt(0) ?? 0) < 0x80 ? `a control character (${code})` : `a character beyond Latin-1 (${code})`;
}

function cellProblem(message: string): OutgoingProblem {
  return {
    category: 'cell',
    title: 'The request cannot be sent',
    message,
    hint: 'Check the cell and the values of its {{variables}}; nothing was sent.',
  };
}
