import type { RequestCell } from './cell';
import { diagnosticAt, type Diagnostic } from '../text/diagnostic';
import type { Environment } from '../environments/environment';
import { substituteString, substituteValue } from './variables';

/** A request ready to send, before the token (if any) is attached. */
export interface PreparedRequest {
  method: string;
  url: string;
  origin: string;
  /** The URL's path (`url.pathname`), for the access rule's API domain without parsing the URL again. */
  pathname: string;
  headers: Array<[string, string]>;
  body?: Buffer | string;
  bodyPreview?: string;
  apiVersion?: string;
  notes: string[];
}

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json',
  jsonl: 'application/jsonl',
  ndjson: 'application/x-ndjson',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv',
  xml: 'application/xml',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

export interface PrepareInput {
  cell: RequestCell;
  text: string;
  values: ReadonlyMap<string, unknown>;
  environment: Environment;
  notebookApiVersion?: string;
  userAgent: string;
  /** Reads a `bodyFile:` path (relative to the notebook); the face decides where files may come from. */
  readBodyFile?: (path: string) => Promise<Buffer>;
}

export type PrepareResult =
  { ok: true; request: PreparedRequest } | { ok: false; diagnostics: Diagnostic[]; bodyFileError?: string };

/** A cell's URL as it will be sent: a path joins the environment's baseUrl; undefined when it is not http(s). */
export function requestUrl(raw: string, baseUrl: string): URL | undefined {
  try {
    const url = raw.startsWith('/') ? new URL(baseUrl + raw) : new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves the URL against the environment, sets Accept with the api-version, and encodes the body. */
export async function prepareRequest(input: PrepareInput): Promise<PrepareResult> {
  const { cell, values, environment: env } = input;
  const notes: string[] = [];
  const rawUrl = substituteString(cell.url, values);
  const url = requestUrl(rawUrl, env.baseUrl);
  if (!url) {
    return {
      ok: false,
      diagnostics: [
        diagnosticAt(
          input.text,
          cell.urlRange[0],
          cell.urlRange[1],
          'url',
          `"${rawUrl}" is not a valid URL: write a path starting with "/" or an absolute https:// URL.`,
        ),
      ],
    };
  }
  for (const [k, v] of cell.query) url.searchParams.append(substituteString(k, values), substituteString(v, values));

  const headers: Array<[string, string]> = [['user-agent', input.userAgent]];
  const apiVersion = cell.apiVersion ?? input.notebookApiVersion ?? env.apiVersion;
  headers.push(['accept', apiVersion ? `application/json;api-version=${apiVersion}` : 'application/json']);
  if (!apiVersion && !env.builtin)
    notes.push(
      'No apiVersion: the API answers with its latest version, which can change under you. Pin one with "apiVersion:" in the cell, the notebook or the environment.',
    );
  headers.push(['accept-encoding', 'gzip, deflate, br']);

  let body: Buffer | string | undefined;
  let contentType: string | undefined;
  if (cell.body) {
    switch (cell.body.kind) {
      case 'json':
        body = JSON.stringify(substituteValue(cell.body.value, values));
        contentType = 'application/json';
        break;
      case 'jsonl':
        body = cell.body.lines.map((l) => JSON.stringify(substituteValue(l, values))).join('\n') + '\n';
        contentType = 'application/jsonl';
        break;
      case 'text':
        body = substituteString(cell.body.text, values);
        contentType = 'text/plain; charset=utf-8';
        break;
      case 'file': {
        const path = substituteString(cell.body.path, values);
        if (!input.readBodyFile)
          return {
            ok: false,
            diagnostics: [],
            bodyFileError: `"bodyFile: ${path}" cannot be read here: save the notebook to a folder first.`,
          };
        try {
          body = await input.readBodyFile(path);
        } catch (e) {
          return {
            ok: false,
            diagnostics: [],
            bodyFileError: `"bodyFile: ${path}" could not be read: ${(e as Error).message}`,
          };
        }
        contentType = CONTENT_TYPES[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
        break;
      }
    }
  }
  if (contentType) headers.push(['content-type', contentType]);
  for (const [k, v] of cell.headers) {
    const name = substituteString(k, values).toLowerCase();
    const value = substituteString(v, values);
    const i = headers.findIndex(([n]) => n === name);
    if (i >= 0) headers[i] = [name, value];
    else headers.push([name, value]);
  }
  const bodyPreview =
    body === undefined
      ? undefined
      : typeof body === 'string'
        ? body.slice(0, 65_536)
        : contentType?.startsWith('image/') ||
            contentType === 'application/octet-stream' ||
            contentType === 'application/pdf'
          ? `(${body.length} bytes from file)`
          : body.subarray(0, 65_536).toString('utf8');
  return {
    ok: true,
    request: {
      method: cell.method,
      url: url.href,
      origin: url.origin,
      pathname: url.pathname,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(bodyPreview !== undefined ? { bodyPreview } : {}),
      ...(apiVersion ? { apiVersion } : {}),
      notes,
    },
  };
}
