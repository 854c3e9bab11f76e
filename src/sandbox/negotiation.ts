/**
 * Content negotiation as the Akkuro APIs do it: the api-version travels as a parameter of the
 * Accept media type (`application/json;api-version=2025.1.0`), and responses may be compressed.
 */
export type VersionChoice = { ok: true; version: string; requested: boolean } | { ok: false; requested: string[] };

export function negotiateVersion(accept: string | undefined, supported: readonly string[]): VersionChoice {
  const latest = supported[supported.length - 1];
  const requested = accept ? requestedVersions(accept) : [];
  if (requested.length === 0) {
    return { ok: true, version: latest, requested: false };
  }
  const match = requested.find((v) => supported.includes(v));
  return match ? { ok: true, version: match, requested: true } : { ok: false, requested };
}

/** Every `api-version` parameter in the Accept list, in order; spaces and quotes are tolerated. */
function requestedVersions(accept: string): string[] {
  const versions: string[] = [];
  for (const range of accept.split(',')) {
    const params = range.split(';');
    for (let i = 1; i < params.length; i++) {
      const eq = params[i].indexOf('=');
      if (eq < 0) {
        continue;
      }
      if (params[i].slice(0, eq).trim().toLowerCase() === 'api-version') {
        versions.push(unquote(params[i].slice(eq + 1).trim()));
      }
    }
  }
  return versions;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

export type Encoding = 'br' | 'gzip' | 'deflate';

const PREFERENCE: readonly Encoding[] = ['br', 'gzip', 'deflate'];

/** The best encoding the client accepts (br > gzip > deflate), honouring `q=0` as a refusal. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) {
    return undefined;
  }
  const accepted = new Set<string>();
  for (const item of acceptEncoding.split(',')) {
    const [name, ...params] = item.split(';');
    const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) {
      continue;
    }
    accepted.add(name.trim().toLowerCase());
  }
  return PREFERENCE.find((e) => accepted.has(e));
}
