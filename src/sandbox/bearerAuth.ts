import { verifyJwt, type SandboxClaims } from './jwt';
import { problem } from './problem';
import type { Reply } from './reply';

export type BearerCheck = { ok: true; claims: SandboxClaims } | { ok: false; reply: Reply };

const CHALLENGE = { 'www-authenticate': 'Bearer error="invalid_token"' };

function unauthorized(slug: string, detail: string): BearerCheck {
  return { ok: false, reply: problem(401, slug, detail, { headers: CHALLENGE }) };
}

/**
 * The API's view of a caller: a valid, unexpired sandbox JWT, issued for the white label the request
 * names in `X-Label-Reference-Id` when it names one.
 */
export function checkBearer(
  authorization: string | undefined,
  labelHeader: string | undefined,
  key: Buffer,
  nowSeconds: number,
): BearerCheck {
  if (!authorization) {
    return unauthorized(
      'missing-token',
      'No access token: send Authorization: Bearer <token> from GET /authentication/token/{broker-key}/{label-reference-id}.',
    );
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) {
    return unauthorized('invalid-token', 'The Authorization header must be "Bearer <token>".');
  }
  const verified = verifyJwt(match[1], key, nowSeconds);
  if (!verified.ok) {
    return unauthorized(verified.reason === 'expired' ? 'expired-token' : 'invalid-token', verified.detail);
  }
  const { claims } = verified;
  if (labelHeader !== undefined && labelHeader !== claims.whiteLabel) {
    return unauthorized(
      'wrong-white-label',
      `The token was issued for white label "${claims.whiteLabel}" but X-Label-Reference-Id asks for "${labelHeader}". ` +
        `Get a token from /authentication/token/${claims.tenant}/${labelHeader}.`,
    );
  }
  return { ok: true, claims };
}

/** 403 when the token was not granted the route's API domain. */
export function checkDomain(claims: SandboxClaims, domain: string): Reply | undefined {
  if (claims.domains.includes(domain)) {
    return undefined;
  }
  return problem(
    403,
    'domain-not-granted',
    `Client "${claims.sub}" is not granted the API domain ${domain} (granted: ${claims.domains.join(', ') || 'none'}). Ask your Akkuro administrator to grant it.`,
    { members: { domain } },
  );
}
