import type { Environment } from '../environments/environment';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

/** Where and for whom a token is asked: the parts of an environment that a token depends on. */
export interface TokenTarget {
  environment: string;
  baseUrl: string;
  origin: string;
  brokerKey: string;
  labelReferenceId: string;
  /** The client's name in the environments file, for events and messages (the client id comes with the credentials). */
  client?: string;
}

export interface AccessToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
  issuedAt: number;
  /** Decoded JWT payload, when the token is a JWT (claims only; never verified here: the API does that). */
  claims?: Record<string, unknown>;
}

export type TokenErrorKind =
  'refused' | 'forbidden' | 'not-found' | 'network' | 'timeout' | 'tls' | 'bad-response' | 'server' | 'cancelled';

/** A token-endpoint failure, worded for the user, with no secret in it. */
export class TokenError extends Error {
  constructor(
    readonly kind: TokenErrorKind,
    message: string,
    readonly hint: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/** The token of one white label (the environment's default unless named) for one client of the environment. */
export function tokenTarget(
  env: Environment & { brokerKey: string; labelReferenceId: string },
  label: string = env.labelReferenceId,
  client?: string,
): TokenTarget {
  return {
    environment: env.name,
    baseUrl: env.baseUrl,
    origin: env.origin,
    brokerKey: env.brokerKey,
    labelReferenceId: label,
    ...(client !== undefined ? { client } : {}),
  };
}

export function tokenUrl(target: TokenTarget): string {
  return `${target.baseUrl}/authentication/token/${encodeURIComponent(target.brokerKey)}/${encodeURIComponent(target.labelReferenceId)}`;
}

export function basicAuthorization(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`, 'utf8').toString('base64')}`;
}

/** Reads the JWT payload without verifying it; undefined when the text is not a JWT. */
export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return payload && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const TOKEN_KEYS = ['access_token', 'accessToken', 'token', 'jwt'] as const;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Accepts every documented response form: a JSON object with the JWT under access_token, accessToken,
 * token or jwt (and optional expires_in/expiresIn seconds), a JSON string, or a bare JWT text body.
 */
export function readTokenResponse(text: string): { token: string; expiresIn?: number } | undefined {
  const trimmed = text.trim();
  if (JWT_SHAPE.test(trimmed)) return { token: trimmed };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof parsed === 'string') return parsed.trim() ? { token: parsed.trim() } : undefined;
  if (!parsed || typeof parsed !== 'object') return undefined;
  const o = parsed as Record<string, unknown>;
  const key = TOKEN_KEYS.find((k) => typeof o[k] === 'string' && (o[k] as string).trim().length > 0);
  if (!key) return undefined;
  const raw = o.expires_in ?? o.expiresIn;
  const expiresIn =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : undefined;
  return { token: (o[key] as string).trim(), ...(expiresIn !== undefined && expiresIn > 0 ? { expiresIn } : {}) };
}

/** Shorter than this, a token is not a real bearer credential, and it could not be hidden in outputs either. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * Why a token (already trimmed) must not be used, or undefined. A token goes into a header and is
 * redacted by exact match, so it must be one run of visible ASCII characters, long enough to find.
 */
export function tokenProblem(token: string): string | undefined {
  if (!/^[\x21-\x7e]+$/.test(token)) return 'it holds spaces, control or non-ASCII characters';
  if (token.length < MIN_TOKEN_LENGTH)
    return `it is only ${token.length} characters long (a real token has at least ${MIN_TOKEN_LENGTH})`;
  return undefined;
}

/** Expiry: the JWT `exp`, else `expires_in`, else a cautious 5 minutes. */
export function tokenFromResponse(text: string, receivedAt: number): AccessToken | undefined {
  const read = readTokenResponse(text);
  if (!read) return undefined;
  const claims = decodeJwtClaims(read.token);
  const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : undefined;
  const expiresAt =
    exp ?? (read.expiresIn !== undefined ? receivedAt + read.expiresIn * 1000 : receivedAt + 5 * 60_000);
  return { token: read.token, expiresAt, issuedAt: receivedAt, ...(claims ? { claims } : {}) };
}
