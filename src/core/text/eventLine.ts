import type { TokenEvent } from '../auth/tokenCache';
import type { EngineEvent, RequestEvent } from '../engine';
import { REDACTED } from '../http/redact';
import { looksSecret } from '../language/secretLook';

export interface EventLine {
  level: 'info' | 'warn' | 'error';
  text: string;
}

/**
 * One log line for an engine event (the log adds the time). Events come redacted by the engine; a URL's
 * user info and query values whose name says "credential" are redacted here too, because a log lives
 * on disk far longer than an output.
 */
export function eventLine(event: EngineEvent): EventLine {
  return event.kind === 'request' ? requestLine(event) : tokenLine(event);
}

function requestLine(e: RequestEvent): EventLine {
  const head = `${who(e.environment, e.client, e.label)} ${e.method} ${safeUrl(e.url)}`;
  const token = e.tokenAttached ? ', token attached' : '';
  if (e.status === undefined)
    return {
      level: 'error',
      text: `${head} → no response after ${e.durationMs} ms${token}${e.error ? `: ${oneLine(e.error)}` : ''}`,
    };
  return {
    level: e.status >= 400 ? 'warn' : 'info',
    text: `${head} → ${e.status} in ${e.durationMs} ms, ${e.bytes} bytes${token}`,
  };
}

function tokenLine(e: TokenEvent): EventLine {
  const head = `${who(e.environment, e.client ?? e.clientId, e.labelReferenceId)} token`;
  const target = `for ${e.brokerKey}/${e.labelReferenceId} from ${e.origin}`;
  const reason = e.reason ? `: ${oneLine(e.reason)}` : '';
  switch (e.action) {
    case 'requested':
      return { level: 'info', text: `${head} requested ${target}` };
    case 'renewed':
      return { level: 'info', text: `${head} renewal requested ${target} (the cached one expires soon)` };
    case 'received':
      return {
        level: 'info',
        text: `${head} received ${target}${e.expiresAt !== undefined ? `, expires ${new Date(e.expiresAt).toISOString()}` : ''}`,
      };
    case 'failed':
      return { level: 'error', text: `${head} request failed ${target}${reason}` };
    case 'dropped':
      return { level: 'warn', text: `${head} dropped ${target}${reason}` };
  }
}

/** `[environment · client … · label …]`: client and label only when the event names them. */
function who(environment: string, client?: string, label?: string): string {
  return `[${[environment, client && `client ${client}`, label && `label ${label}`].filter(Boolean).join(' · ')}]`;
}

function safeUrl(text: string): string {
  const [beforeHash, hash] = splitOnce(oneLine(text), '#');
  const [base, query] = splitOnce(beforeHash.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`), '?');
  if (query === undefined) return join(base, hash, '#');
  const params = query.split('&').map((pair) => {
    const [name, value = ''] = splitOnce(pair, '=');
    return looksSecret(decoded(name), decoded(value)) ? `${name}=${REDACTED}` : pair;
  });
  return join(`${base}?${params.join('&')}`, hash, '#');
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function join(text: string, tail: string | undefined, separator: string): string {
  return tail === undefined ? text : `${text}${separator}${tail}`;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
