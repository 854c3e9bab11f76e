import { request } from 'undici';
import {
  SANDBOX_BROKER_KEY,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  SANDBOX_LABEL,
} from '../../src/sandbox/demoCredentials';

/** A response read whole, with headers as undici gives them (lower-case names). */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
  text: string;
  json(): any;
}

export interface Call {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  headers?: Record<string, string>;
  body?: string;
}

/** One sandbox exchange seen by a test; sandbox-contract.test.ts checks each against the sandbox's OpenAPI document. */
export interface Seen {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  answer: Answer;
}

/** Every exchange of this test run, kept only while it is small enough to check. */
export const SEEN: Seen[] = [];
const MAX_SEEN = 5000;

/** undici's request does not decompress, which the compression tests rely on. */
export async function call(url: string, init: Call = {}): Promise<Answer> {
  const method = init.method ?? 'GET';
  const res = await request(url, { method, headers: init.headers, body: init.body });
  const raw = Buffer.from(await res.body.arrayBuffer());
  const text = raw.toString('utf8');
  const answer = { status: res.statusCode, headers: res.headers, raw, text, json: () => JSON.parse(text) };
  if (SEEN.length < MAX_SEEN && raw.length < 1024 * 1024)
    SEEN.push({ method, url, requestHeaders: lowerCase(init.headers ?? {}), answer });
  return answer;
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

export function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

export async function getToken(
  baseUrl: string,
  client: { id: string; secret: string } = { id: SANDBOX_CLIENT_ID, secret: SANDBOX_CLIENT_SECRET },
  tenant = SANDBOX_BROKER_KEY,
  label = SANDBOX_LABEL,
): Promise<string> {
  const res = await call(`${baseUrl}/authentication/token/${tenant}/${label}`, {
    headers: { authorization: basic(client.id, client.secret) },
  });
  if (res.status !== 200) {
    throw new Error(`token request failed: ${res.status} ${res.text}`);
  }
  return res.json().access_token;
}

export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, accept: 'application/json;api-version=2025.1.0', ...extra };
}

export function decodeJwtPart(token: string, index: 0 | 1): any {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));
}

export function assertProblem(res: Answer, status: number): any {
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  }
  if (res.headers['content-type'] !== 'application/problem+json') {
    throw new Error(`expected application/problem+json, got ${String(res.headers['content-type'])}`);
  }
  const body = res.json();
  for (const key of ['type', 'title', 'status', 'detail', 'instance']) {
    if (body[key] === undefined) {
      throw new Error(`problem lacks "${key}": ${res.text}`);
    }
  }
  if (body.status !== status) {
    throw new Error(`problem status ${body.status} differs from HTTP status ${status}`);
  }
  return body;
}

/** Waits until `condition` holds, checking every few milliseconds (the test's timeout bounds the wait). */
export async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
