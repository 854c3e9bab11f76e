import { Document, Scalar } from 'yaml';
import { API_VERSION_PATTERN, type Environment } from '../environments/environment';
import { isSensitiveHeader } from '../http/redact';
import { parseCurlArgs, type CurlRequest } from './curlArgs';
import { shellWords } from './shellWords';

export type FromCurlResult = { ok: true; cellText: string; notices: string[] } | { ok: false; message: string };

const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i;
const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };
/** Headers a browser's "Copy as cURL" adds that say nothing about the API call. */
const BROWSER_NOISE =
  /^(sec-.*|accept-encoding|connection|host|content-length|priority|origin|referer|user-agent|dnt|upgrade-insecure-requests|te|pragma)$/i;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(;\s*charset=[\w-]+\s*)?$/i;
const JSONL_TYPE = /^application\/(jsonl|x-ndjson|jsonlines|x-jsonlines)\s*(;.*)?$/i;
const ACCEPT_VERSION = /^application\/json\s*;\s*api-version\s*=\s*([^\s;,]+)\s*$/i;

/**
 * A curl command (as copied from a browser, docs or a terminal) as request-cell YAML: the URL made
 * relative to the environment when it is the environment's, the query as a mapping, a JSON body as
 * YAML. Credentials never make it into the cell; each thing left out is named in a notice.
 */
export function fromCurl(command: string, options: { environment?: Environment } = {}): FromCurlResult {
  const parsedWords = shellWords(command.trim().replace(/^\$\s+/, ''));
  if (!parsedWords.ok) return parsedWords;
  const words = parsedWords.words;
  if (words.length === 0 || !/(^|[\\/])curl(\.exe)?$/i.test(words[0])) {
    return {
      ok: false,
      message:
        'This is not a curl command: it should start with "curl", e.g. curl -X POST https://… -d \'{"name":"Jane"}\'.',
    };
  }
  const args = parseCurlArgs(words.slice(1));
  if (!args.ok) return args;
  const r = args.request;
  const notices = [...r.notices];
  if (parsedWords.rest)
    notices.push(
      `Ignored what follows the command: ${parsedWords.rest.length > 40 ? parsedWords.rest.slice(0, 40) + '…' : parsedWords.rest}`,
    );
  if (parsedWords.variables.length)
    notices.push(
      `Shell variables became notebook variables: ${parsedWords.variables.map((v) => `{{${v}}}`).join(', ')}; define them under "variables:" of the environment.`,
    );
  if (r.urls.length === 0) return { ok: false, message: 'The curl command has no URL.' };
  if (r.urls.length > 1) notices.push(`Used the first of ${r.urls.length} URLs; a cell sends one request.`);

  const cell: Record<string, unknown> = {};
  const dataText = joinData(r);
  const method =
    r.method ?? (r.head ? 'HEAD' : r.uploadFile !== undefined ? 'PUT' : r.data.length > 0 && !r.get ? 'POST' : 'GET');
  let rawUrl = r.urls[0];
  const extraQuery = [...r.urlQueries, ...(r.get && dataText !== undefined ? [dataText] : [])];
  if (extraQuery.length) rawUrl += (rawUrl.includes('?') ? '&' : '?') + extraQuery.join('&');
  const { url, query } = splitUrl(rawUrl, options.environment, notices);
  cell[method] = url;

  const headers: Array<[string, string]> = [];
  const dropped: string[] = [];
  let apiVersion: string | undefined;
  let contentType: string | undefined;
  for (const [name, value] of r.headers) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization') {
      notices.push(
        `Dropped the ${name} header: credentials never go into a notebook; the environment's token is attached for you.`,
      );
    } else if (isSensitiveHeader(lower)) {
      notices.push(`Dropped the ${name} header: it can carry credentials or sessions.`);
    } else if (BROWSER_NOISE.test(lower)) {
      dropped.push(name);
    } else if (
      lower === 'accept' &&
      ACCEPT_VERSION.exec(value) &&
      API_VERSION_PATTERN.test(ACCEPT_VERSION.exec(value)![1])
    ) {
      apiVersion = ACCEPT_VERSION.exec(value)![1];
    } else if (lower === 'accept' && /^application\/json\s*$/i.test(value)) {
      continue;
    } else if (lower === 'content-type') {
      contentType = value;
    } else {
      headers.push([name, value]);
    }
  }
  if (dropped.length)
    notices.push(`Left out headers the notebook sets itself or that only browsers send: ${dropped.join(', ')}.`);
  if (apiVersion) cell.apiVersion = apiVersion;
  if (query.length) cell.query = queryMapping(query);

  // What curl itself would send without a Content-Type header: JSON for --json, a form for -d.
  const sentType = contentType ?? (r.data.some((d) => d.kind === 'json') ? 'application/json' : undefined);
  const body = r.get ? undefined : bodyOf(dataText, r.uploadFile ?? fileArgument(r), sentType, notices);
  if (body?.keepContentType)
    headers.push([
      'Content-Type',
      sentType ?? (looksJson(dataText) ? 'application/json' : 'application/x-www-form-urlencoded'),
    ]);
  if (headers.length) cell.headers = Object.fromEntries(headers);
  if (body) cell[body.key] = body.value;
  if (
    r.maxTimeSeconds !== undefined &&
    Number.isFinite(r.maxTimeSeconds) &&
    r.maxTimeSeconds > 0 &&
    r.maxTimeSeconds <= 600
  ) {
    cell.timeout = Number.isInteger(r.maxTimeSeconds)
      ? `${r.maxTimeSeconds}s`
      : `${Math.round(r.maxTimeSeconds * 1000)}ms`;
  }
  return { ok: true, cellText: toYaml(cell), notices };
}

/** The data options' text as curl would send it: `&`-joined, `--json` parts concatenated. */
function joinData(r: CurlRequest): string | undefined {
  const parts = r.data.filter(
    (d) => !((d.kind === 'data' || d.kind === 'binary' || d.kind === 'json') && d.value.startsWith('@')),
  );
  if (parts.length === 0) return undefined;
  if (parts.every((d) => d.kind === 'json')) return parts.map((d) => d.value).join('');
  return parts.map((d) => (d.kind === 'urlencode' ? urlencodeData(d.value) : d.value)).join('&');
}

function fileArgument(r: CurlRequest): string | undefined {
  return r.data
    .find((d) => (d.kind === 'data' || d.kind === 'binary' || d.kind === 'json') && d.value.startsWith('@'))
    ?.value.slice(1);
}

function urlencodeData(v: string): string {
  const eq = v.indexOf('=');
  if (eq < 0) return encodeURIComponent(v);
  return eq === 0 ? encodeURIComponent(v.slice(1)) : `${v.slice(0, eq)}=${encodeURIComponent(v.slice(eq + 1))}`;
}

function splitUrl(
  raw: string,
  env: Environment | undefined,
  notices: string[],
): { url: string; query: Array<[string, string]> } {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || raw.startsWith('{{') ? raw : `http://${raw}`;
  const m = URL_PARTS.exec(withScheme);
  if (!m) return { url: raw, query: [] };
  const [, scheme, host, path, search] = m;
  const query = search ? decodeQuery(search.slice(1)) : [];
  const keepSearch = search && query === undefined ? search : '';
  let url = `${scheme.toLowerCase()}://${host}${path || '/'}${keepSearch}`;
  if (env && originOf(scheme, host) === env.origin) {
    const prefix = new URL(env.baseUrl).pathname.replace(/\/+$/, '');
    if (prefix === '' || path === prefix || path.startsWith(prefix + '/'))
      url = `${path.slice(prefix.length) || '/'}${keepSearch}`;
    else notices.push(`Kept the absolute URL: its path is outside environment "${env.name}"'s base path ${prefix}.`);
  }
  return { url, query: query ?? [] };
}

function originOf(scheme: string, host: string): string {
  const s = scheme.toLowerCase();
  const h = host.toLowerCase().replace(/^[^@]*@/, '');
  const port = /:(\d+)$/.exec(h)?.[1];
  return `${s}://${port && DEFAULT_PORTS[s] === port ? h.slice(0, -port.length - 1) : h}`;
}

/** `a=1&b=x%20y` → pairs, decoded as URLSearchParams would; undefined when it cannot be decoded. */
function decodeQuery(search: string): Array<[string, string]> | undefined {
  const pairs: Array<[string, string]> = [];
  try {
    for (const part of search.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      pairs.push(eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
    }
  } catch {
    return undefined;
  }
  return pairs;
}

function queryMapping(pairs: Array<[string, string]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const value = (v: string) => (/^(0|[1-9]\d{0,14})$/.test(v) ? Number(v) : v);
  for (const [k, v] of pairs) {
    const prev = out[k];
    if (prev === undefined) out[k] = value(v);
    else out[k] = Array.isArray(prev) ? [...prev, value(v)] : [prev, value(v)];
  }
  return out;
}

type Body = {
  key: 'body' | 'lines' | 'bodyFile';
  value: unknown;
  kind: 'json' | 'text' | 'file';
  keepContentType: boolean;
};

function bodyOf(
  text: string | undefined,
  file: string | undefined,
  contentType: string | undefined,
  notices: string[],
): Body | undefined {
  if (file !== undefined) {
    notices.push(`The body is read from "${file}", relative to the notebook's folder.`);
    return { key: 'bodyFile', value: file, kind: 'file', keepContentType: contentType !== undefined };
  }
  if (text === undefined) return undefined;
  const isJsonType = contentType === undefined || JSON_TYPE.test(contentType);
  if (contentType && JSONL_TYPE.test(contentType)) {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    const values = lines.map(exactJson);
    if (values.length && values.every((v) => v !== undefined))
      return { key: 'lines', value: values.map((v) => v!.value), kind: 'json', keepContentType: false };
  }
  const json = isJsonType ? exactJson(text) : undefined;
  if (json && typeof json.value === 'object' && json.value !== null)
    return { key: 'body', value: json.value, kind: 'json', keepContentType: false };
  return { key: 'body', value: blockText(text), kind: 'text', keepContentType: true };
}

/** JSON that survives the trip through YAML unchanged: no integer beyond what a double holds exactly. */
function exactJson(text: string): { value: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    for (const m of text.matchAll(/"(?:\\.|[^"\\])*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)) {
      if (!m[0].startsWith('"') && m[0].replace(/[-.]|[eE].*$/g, '').replace(/^0+/, '').length > 15) return undefined;
    }
    return { value };
  } catch {
    return undefined;
  }
}

/** JSON too exact for YAML (huge integers) is still JSON to the API. */
function looksJson(text: string | undefined): boolean {
  try {
    return text !== undefined && typeof JSON.parse(text) === 'object';
  } catch {
    return false;
  }
}

function blockText(text: string): Scalar {
  const s = new Scalar(text);
  s.type = Scalar.BLOCK_LITERAL;
  return s;
}

function toYaml(cell: Record<string, unknown>): string {
  const doc = new Document(cell);
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}
