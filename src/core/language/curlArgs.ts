/**
 * curl's command-line options, read into what a request cell can say. Options that change only how
 * curl prints or connects are accepted and ignored; options a notebook must not keep (credentials,
 * cookies, turning TLS checks off) are dropped with a notice that says why.
 */
export interface CurlRequest {
  method?: string;
  head: boolean;
  get: boolean;
  urls: string[];
  urlQueries: string[];
  headers: Array<[string, string]>;
  data: Array<{ kind: 'data' | 'raw' | 'binary' | 'urlencode' | 'json'; value: string }>;
  uploadFile?: string;
  maxTimeSeconds?: number;
  notices: string[];
}

type Handler = (r: CurlRequest, value: string) => void;

const note =
  (text: string): Handler =>
  (r) => {
    if (!r.notices.includes(text)) r.notices.push(text);
  };
const ignore: Handler = () => undefined;
const data =
  (kind: CurlRequest['data'][number]['kind']): Handler =>
  (r, v) =>
    void r.data.push({ kind, value: v });

const CREDENTIALS =
  "Dropped the credentials of -u/--user: a notebook never stores them; the environment's token is attached for you (Akkuro: Authenticate).";
const TLS = 'Ignored -k/--insecure: TLS certificates are always verified.';

const WITH_ARGUMENT: Record<string, Handler> = {
  request: (r, v) => void (r.method = v.toUpperCase()),
  header: (r, v) => addHeader(r, v),
  data: data('data'),
  'data-ascii': data('data'),
  'data-raw': data('raw'),
  'data-binary': data('binary'),
  'data-urlencode': data('urlencode'),
  json: data('json'),
  url: (r, v) => void r.urls.push(v),
  'url-query': (r, v) => void r.urlQueries.push(v),
  user: note(CREDENTIALS),
  'oauth2-bearer': note("Dropped the --oauth2-bearer token: the environment's token is attached for you."),
  cookie: note('Dropped -b/--cookie: cookies can carry sessions, so a notebook does not keep them.'),
  'user-agent': (r, v) => void r.headers.push(['User-Agent', v]),
  referer: (r, v) => void r.headers.push(['Referer', v]),
  'max-time': (r, v) => void (r.maxTimeSeconds = Number(v)),
  'upload-file': (r, v) => void (r.uploadFile = v),
  form: note('Left out -F/--form fields: multipart bodies are not supported in request cells.'),
  'form-string': note('Left out -F/--form fields: multipart bodies are not supported in request cells.'),
  proxy: note("Ignored -x/--proxy: the extension uses VS Code's http.proxy setting."),
  cert: note('Ignored client certificate options (--cert, --key, --cacert): the system CA store is used.'),
  key: note('Ignored client certificate options (--cert, --key, --cacert): the system CA store is used.'),
  cacert: note('Ignored client certificate options (--cert, --key, --cacert): the system CA store is used.'),
  capath: note('Ignored client certificate options (--cert, --key, --cacert): the system CA store is used.'),
  config: note('Ignored -K/--config: options in other files are not read.'),
  'cookie-jar': ignore,
  'connect-timeout': ignore,
  output: ignore,
  'write-out': ignore,
  'dump-header': ignore,
  'max-redirs': ignore,
  retry: ignore,
  'retry-delay': ignore,
  'retry-max-time': ignore,
  resolve: ignore,
  'connect-to': ignore,
  stderr: ignore,
  trace: ignore,
  'trace-ascii': ignore,
  'limit-rate': ignore,
  interface: ignore,
};

const FLAGS: Record<string, Handler> = {
  get: (r) => void (r.get = true),
  head: (r) => void (r.head = true),
  insecure: note(TLS),
  compressed: ignore,
  silent: ignore,
  'show-error': ignore,
  location: ignore,
  'location-trusted': ignore,
  include: ignore,
  verbose: ignore,
  fail: ignore,
  'fail-with-body': ignore,
  'no-buffer': ignore,
  globoff: ignore,
  netrc: note(CREDENTIALS),
  'remote-name': ignore,
  'progress-bar': ignore,
  'no-progress-meter': ignore,
  'http1.0': ignore,
  'http1.1': ignore,
  http2: ignore,
  'http2-prior-knowledge': ignore,
  http3: ignore,
  ipv4: ignore,
  ipv6: ignore,
  'path-as-is': ignore,
  raw: ignore,
  'tr-encoding': ignore,
  'junk-session-cookies': ignore,
};

const SHORT: Record<string, string> = {
  X: 'request',
  H: 'header',
  d: 'data',
  G: 'get',
  u: 'user',
  b: 'cookie',
  c: 'cookie-jar',
  s: 'silent',
  S: 'show-error',
  k: 'insecure',
  L: 'location',
  i: 'include',
  v: 'verbose',
  I: 'head',
  A: 'user-agent',
  e: 'referer',
  m: 'max-time',
  o: 'output',
  O: 'remote-name',
  F: 'form',
  T: 'upload-file',
  x: 'proxy',
  f: 'fail',
  N: 'no-buffer',
  g: 'globoff',
  n: 'netrc',
  '4': 'ipv4',
  '6': 'ipv6',
  '#': 'progress-bar',
  w: 'write-out',
  D: 'dump-header',
  K: 'config',
  E: 'cert',
  j: 'junk-session-cookies',
  '0': 'http1.0',
};

export function parseCurlArgs(
  words: readonly string[],
): { ok: true; request: CurlRequest } | { ok: false; message: string } {
  const r: CurlRequest = { head: false, get: false, urls: [], urlQueries: [], headers: [], data: [], notices: [] };
  let optionsEnded = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const next = (): string | undefined => (i + 1 < words.length ? words[++i] : undefined);
    if (optionsEnded || !w.startsWith('-') || w === '-') {
      r.urls.push(w);
      continue;
    }
    if (w === '--') {
      optionsEnded = true;
      continue;
    }
    if (w.startsWith('--')) {
      const name = w.slice(2).replace(/^no-(?=(compressed|location|insecure|silent|verbose|include|fail)$)/, '');
      if (name in WITH_ARGUMENT) {
        const v = next();
        if (v === undefined) return { ok: false, message: `${w} needs a value after it.` };
        WITH_ARGUMENT[name](r, v);
      } else if (name in FLAGS) FLAGS[name](r, '');
      else note(`Ignored the unknown option ${w}.`)(r, '');
      continue;
    }
    for (let j = 1; j < w.length; j++) {
      const long = SHORT[w[j]];
      if (long === undefined) {
        note(`Ignored the unknown option -${w[j]}.`)(r, '');
        continue;
      }
      if (long in WITH_ARGUMENT) {
        const v = j + 1 < w.length ? w.slice(j + 1) : next();
        if (v === undefined) return { ok: false, message: `-${w[j]} needs a value after it.` };
        WITH_ARGUMENT[long](r, v);
        break;
      }
      FLAGS[long](r, '');
    }
  }
  return { ok: true, request: r };
}

function addHeader(r: CurlRequest, line: string): void {
  if (line.startsWith('@')) return note('Ignored -H @file: headers from files are not read.')(r, '');
  const semicolon = /^([^:;\s]+);\s*$/.exec(line);
  if (semicolon) return void r.headers.push([semicolon[1], '']);
  const colon = line.indexOf(':');
  if (colon <= 0) return note(`Ignored the header "${line}": write it as "Name: value".`)(r, '');
  const name = line.slice(0, colon).trim();
  const value = line.slice(colon + 1).trim();
  // "Name:" with nothing after it tells curl to remove that header.
  if (value !== '') r.headers.push([name, value]);
}
