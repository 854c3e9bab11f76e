import type { Dispatcher } from '../http/undici';
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
  'refused' | 'forbidden' | 'not-found' | 'network' | 'timeout' | 'bad-response' | 'server' | 'cancelled';

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

export function tokenTarget(env: Environment & { brokerKey: string; labelReferenceId: string }): TokenTarget {
  return {
    environment: env.name,
    baseUrl: env.baseUrl,
    origin: env.origin,
    brokerKey: env.brokerKey,
    labelReferenceId: env.labelReferenceId,
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
  const key = TOKEN_KEYS.find((k) => typeof o[k] === 'string' && (o[k] as string).length > 0);
  if (!key) return undefined;
  const raw = o.expires_in ?? o.expiresIn;
  const expiresIn =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : undefined;
  return { token: o[key] as string, ...(expiresIn !== undefined && expiresIn > 0 ? { expiresIn } : {}) };
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

export interface RequestTokenOptions {
  dispatcher: Dispatcher;
  now?: () => number;
  timeoutMs?: number;
  signal?: AbortSignal;
  userAgent?: string;
}

/** The Akkuro token request, exactly as documented. Throws TokenError, whose text never holds the secret. */
export async function requestToken(
  target: TokenTarget,
  credentials: Credentials,
  options: RequestTokenOptions,
): Promise<AccessToken> {
  const url = new URL(tokenUrl(target));
  const who = `${target.brokerKey}/${target.labelReferenceId} on ${url.host}`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let status: number;
  let text: string;
  try {
    const res = await options.dispatcher.request({
      origin: url.origin,
      path: url.pathname,
      method: 'GET',
      headers: {
        authorization: basicAuthorization(credentials),
        accept: 'application/json',
        'user-agent': options.userAgent ?? 'akkuro-notebooks',
      },
      signal,
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch (e) {
    if (options.signal?.aborted)
      throw new TokenError('cancelled', `Getting a token for ${who} was cancelled.`, 'Run the cell again.');
    if (timeout.aborted)
      throw new TokenError(
        'timeout',
        `The token endpoint for ${who} did not answer within ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s.`,
        'Check your network or proxy settings and try again.',
      );
    const code = (e as { code?: string }).code ?? (e as Error).name;
    throw new TokenError(
      'network',
      `Could not reach the token endpoint for ${who} (${code}).`,
      `Check that ${url.origin} is reachable from here (VPN, proxy, firewall).`,
    );
  }
  if (status === 200 || status === 201) {
    const token = tokenFromResponse(text, options.now?.() ?? Date.now());
    if (token) return token;
    throw new TokenError(
      'bad-response',
      `The token endpoint for ${who} answered ${status} but its body held no token.`,
      'Check that baseUrl points at the Akkuro Lending API.',
      status,
    );
  }
  const detail = problemDetail(text);
  switch (status) {
    case 401:
      throw new TokenError(
        'refused',
        `The client id/secret was refused for ${who}.`,
        'Check the client id and secret, then run "Akkuro: Authenticate" again.',
        status,
      );
    case 403:
      throw new TokenError(
        'forbidden',
        `The client is not allowed to get tokens for ${who}${detail ? `: ${detail}` : ''}.`,
        'Check brokerKey (tenant) and labelReferenceId (white label) in akkuro-environments.yaml, or ask for access.',
        status,
      );
    case 404:
      throw new TokenError(
        'not-found',
        `No token endpoint for ${who} (404)${detail ? `: ${detail}` : ''}.`,
        'Check baseUrl, brokerKey and labelReferenceId in akkuro-environments.yaml.',
        status,
      );
    default:
      throw new TokenError(
        'server',
        `The token endpoint for ${who} answered ${status}${detail ? `: ${detail}` : ''}.`,
        status >= 500 ? 'The service may be unavailable; try again shortly.' : 'Check the environment settings.',
        status,
      );
  }
}

function problemDetail(text: string): string | undefined {
  try {
    const p = JSON.parse(text) as { detail?: unknown; title?: unknown };
    const d = typeof p.detail === 'string' ? p.detail : typeof p.title === 'string' ? p.title : undefined;
    return d && d.length < 300 ? d : undefined;
  } catch {
    return undefined;
  }
}
