import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  grantedDomains,
  grantedWhiteLabels,
  SANDBOX_CLIENTS,
  SANDBOX_TENANTS,
  type SandboxClient,
} from './demoCredentials';
import { signJwt, type SandboxClaims } from './jwt';
import { methodNotAllowed, problem } from './problem';
import { TEXT_TYPE, type Reply } from './reply';

export type TokenResponseForm = 'access_token' | 'accessToken' | 'token' | 'jwt' | 'json-string' | 'text';

export const TOKEN_RESPONSE_FORMS: readonly TokenResponseForm[] = [
  'access_token',
  'accessToken',
  'token',
  'jwt',
  'json-string',
  'text',
];

export interface TokenIssuer {
  key: Buffer;
  /** The sandbox URL, used as `iss`. */
  issuer: string;
  ttlSeconds: number;
  form: TokenResponseForm;
}

const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="akkuro-sandbox", charset="UTF-8"' };
/** The token endpoint's path (as the stats count it) and its one method. */
export const TOKEN_ROUTE = { template: '/authentication/token/{brokerKey}/{labelReferenceId}', method: 'GET' };
const TEMPLATE = 'GET /authentication/token/{broker-key}/{label-reference-id}';

/**
 * `GET /authentication/token/{broker-key}/{label-reference-id}` with Basic client credentials.
 * `segments` are the decoded path segments after `/authentication/token`. Neither the secret nor a
 * token ever appears in an error detail.
 */
export function tokenEndpoint(
  method: string,
  segments: readonly string[],
  authorization: string | undefined,
  issuer: TokenIssuer,
  nowMs: number,
): { reply: Reply; token?: string; claims?: SandboxClaims } {
  const fail = (reply: Reply) => ({ reply });
  if (segments.length !== 2 || segments.some((s) => s === '')) {
    return fail(
      problem(404, 'not-found', `The token endpoint is ${TEMPLATE}, e.g. /authentication/token/demo-bank/demo-label.`),
    );
  }
  if (method !== TOKEN_ROUTE.method) {
    return fail(methodNotAllowed(method, '/authentication/token/…', [TOKEN_ROUTE.method]));
  }
  const client = authenticate(authorization);
  if (!client.ok) {
    return fail(problem(401, 'invalid-client', client.detail, { headers: BASIC_CHALLENGE }));
  }
  const [tenant, whiteLabel] = segments;
  const labels = SANDBOX_TENANTS[tenant];
  if (!labels) {
    return fail(
      problem(
        404,
        'unknown-tenant',
        `There is no tenant (broker key) "${tenant}". The sandbox knows: ${Object.keys(SANDBOX_TENANTS).join(', ')}.`,
      ),
    );
  }
  if (!labels.includes(whiteLabel)) {
    return fail(
      problem(
        404,
        'unknown-white-label',
        `Tenant "${tenant}" has no white label (label reference id) "${whiteLabel}". It has: ${labels.join(', ')}.`,
      ),
    );
  }
  const { clientId } = client.client;
  if (client.client.tenant !== tenant) {
    return fail(
      problem(
        403,
        'tenant-not-allowed',
        `Client "${clientId}" belongs to tenant "${client.client.tenant}", not "${tenant}". Use that broker key or other credentials.`,
      ),
    );
  }
  const allowed = grantedWhiteLabels(client.client);
  if (!allowed.includes(whiteLabel)) {
    return fail(
      problem(
        403,
        'white-label-not-allowed',
        `Client "${clientId}" may not act for white label "${whiteLabel}"; it is granted: ${allowed.join(', ')}.`,
      ),
    );
  }
  const iat = Math.floor(nowMs / 1000);
  const claims: SandboxClaims = {
    iss: issuer.issuer,
    sub: clientId,
    tenant,
    whiteLabel,
    domains: [...grantedDomains(client.client)],
    iat,
    exp: iat + issuer.ttlSeconds,
    jti: randomUUID(),
  };
  const token = signJwt(claims, issuer.key);
  return { reply: tokenReply(token, issuer), token, claims };
}

function tokenReply(jwt: string, issuer: TokenIssuer): Reply {
  const ttl = issuer.ttlSeconds;
  const noStore = { 'cache-control': 'no-store' };
  switch (issuer.form) {
    case 'access_token':
      return { status: 200, headers: noStore, json: { access_token: jwt, token_type: 'Bearer', expires_in: ttl } };
    case 'accessToken':
      return { status: 200, headers: noStore, json: { accessToken: jwt, tokenType: 'Bearer', expiresIn: ttl } };
    case 'token':
      return { status: 200, headers: noStore, json: { token: jwt, expiresIn: ttl } };
    case 'jwt':
      // No lifetime beside the JWT itself: clients must read `exp` from the token.
      return { status: 200, headers: noStore, json: { jwt } };
    case 'json-string':
      return { status: 200, headers: noStore, json: jwt };
    case 'text':
      return { status: 200, headers: noStore, contentType: TEXT_TYPE, body: jwt };
  }
}

type ClientCheck = { ok: true; client: SandboxClient } | { ok: false; detail: string };

function authenticate(authorization: string | undefined): ClientCheck {
  if (!authorization) {
    return {
      ok: false,
      detail: 'The token endpoint needs client credentials: send Authorization: Basic base64(client_id:client_secret).',
    };
  }
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    return { ok: false, detail: 'The Authorization header is not Basic base64(client_id:client_secret).' };
  }
  const clientId = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  const client = SANDBOX_CLIENTS.find((c) => c.clientId === clientId);
  // Compare digests so the comparison takes the same time whatever the secret's length.
  if (!client || !timingSafeEqual(digest(secret), digest(client.clientSecret))) {
    return {
      ok: false,
      detail: 'Unknown client id or wrong client secret. Check the credentials stored for this environment.',
    };
  }
  return { ok: true, client };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
