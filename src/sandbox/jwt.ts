import { createHmac, timingSafeEqual } from 'node:crypto';

/** The claims the sandbox puts in every access token. */
export interface SandboxClaims {
  iss: string;
  sub: string;
  tenant: string;
  whiteLabel: string;
  domains: string[];
  iat: number;
  exp: number;
  jti: string;
}

export type VerifyResult =
  { ok: true; claims: SandboxClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired'; detail: string };

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export function signJwt(claims: SandboxClaims, key: Buffer): string {
  const payload = base64url(JSON.stringify(claims));
  const signingInput = `${HEADER}.${payload}`;
  return `${signingInput}.${hmac(signingInput, key).toString('base64url')}`;
}

/**
 * Checks the signature before reading anything else, so a forged payload never reaches the caller.
 * `nowSeconds` is fractional on purpose: a token whose `exp` equals the current second is expired.
 */
export function verifyJwt(token: string, key: Buffer, nowSeconds: number): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => p.length === 0 || !/^[A-Za-z0-9_-]+$/.test(p))) {
    return {
      ok: false,
      reason: 'malformed',
      detail: 'The bearer token is not a JWT (expected three base64url parts separated by dots).',
    };
  }
  const header = parseJson(parts[0]);
  if (!isRecord(header) || header.alg !== 'HS256') {
    return {
      ok: false,
      reason: 'signature',
      detail: "The bearer token is not signed with this sandbox's key (unexpected JWT header).",
    };
  }
  const expected = hmac(`${parts[0]}.${parts[1]}`, key);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      reason: 'signature',
      detail:
        'The bearer token signature is invalid: it was not issued by this sandbox (or the sandbox restarted). Get a new token.',
    };
  }
  const claims = parseJson(parts[1]);
  if (!isClaims(claims)) {
    return { ok: false, reason: 'malformed', detail: 'The bearer token payload lacks the sandbox claims.' };
  }
  if (claims.exp <= nowSeconds) {
    const ago = Math.max(0, Math.round(nowSeconds - claims.exp));
    return {
      ok: false,
      reason: 'expired',
      detail: `The bearer token expired ${ago}s ago (exp ${claims.exp}). Get a new token.`,
    };
  }
  return { ok: true, claims };
}

function hmac(input: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(input).digest();
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function parseJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isClaims(value: unknown): value is SandboxClaims {
  return (
    isRecord(value) &&
    typeof value.sub === 'string' &&
    typeof value.tenant === 'string' &&
    typeof value.whiteLabel === 'string' &&
    Array.isArray(value.domains) &&
    value.domains.every((d) => typeof d === 'string') &&
    typeof value.exp === 'number' &&
    typeof value.iat === 'number'
  );
}
