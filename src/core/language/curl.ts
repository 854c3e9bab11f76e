import type { PreparedRequest } from '../request/prepare';
import { isSensitiveHeader } from '../http/redact';
import { shellQuote } from './shellWords';

export interface CurlOptions {
  /** Whether the run would attach the environment's token (see tokenDecision). */
  tokenAttached: boolean;
  /** One option per line, joined with ` \` continuations. */
  multiline?: boolean;
  /** The `bodyFile:` path, sent with `--data-binary @path` instead of the bytes. */
  bodyFile?: string;
  /** Removes registered secrets from every value (the owner's Redactor). */
  redact?: (text: string) => string;
}

/** Headers that curl sets better itself: its own agent, and encodings it can decode with --compressed. */
const CURL_OWN = new Set(['user-agent', 'accept-encoding', 'content-length', 'host']);

/**
 * A prepared request as one shell-safe curl command. Values are single-quoted; credentials are never
 * written: the token is `$AKKURO_TOKEN`, and any other sensitive header refers to a shell variable,
 * so those two are double-quoted for the shell to expand.
 */
export function toCurl(
  request: Pick<PreparedRequest, 'method' | 'url' | 'headers' | 'body'>,
  options: CurlOptions,
): string {
  const clean = options.redact ?? ((s: string) => s);
  const parts: string[] = ['curl'];
  const body = bodyArgument(request.body, options.bodyFile, clean);
  if (request.method === 'HEAD') parts.push('--head');
  else if (request.method !== 'GET' || body) parts.push(`-X ${request.method}`);
  parts.push(shellQuote(clean(request.url)));
  let compressed = false;
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (lower === 'accept-encoding') compressed = true;
    if (CURL_OWN.has(lower) || (lower === 'authorization' && options.tokenAttached)) continue;
    if (isSensitiveHeader(lower)) parts.push(`-H "${name}: $AKKURO_${lower.toUpperCase().replace(/[^A-Z0-9]/g, '_')}"`);
    else parts.push(`-H ${shellQuote(`${name}: ${clean(value)}`)}`);
  }
  if (options.tokenAttached) parts.push('-H "Authorization: Bearer $AKKURO_TOKEN"');
  if (body) parts.push(body);
  if (compressed) parts.push('--compressed');
  return parts.join(options.multiline ? ' \\\n  ' : ' ');
}

function bodyArgument(
  body: Buffer | string | undefined,
  bodyFile: string | undefined,
  clean: (s: string) => string,
): string | undefined {
  if (bodyFile !== undefined) return `--data-binary ${shellQuote(`@${bodyFile}`)}`;
  if (body === undefined) return undefined;
  const text = typeof body === 'string' ? body : decodeText(body);
  if (text === undefined) return `--data-binary @body.bin`;
  return `--data-raw ${shellQuote(clean(text))}`;
}

/** The body as text when it is valid UTF-8 without NUL bytes, which a shell argument can carry. */
function decodeText(body: Buffer): string | undefined {
  if (body.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return undefined;
  }
}
