/**
 * Matching a cell's concrete path (`/counterparty-management/counterparties/123`, or with `{{party.body.id}}`
 * in it) to an OpenAPI path template (`/counterparty-management/counterparties/{id}`).
 */
export interface PathMatch {
  /** Path parameter values by name, as written in the cell (templates included). */
  params: Record<string, string>;
  /** Literal segments that matched literally: the most specific template wins (`/bulk` over `/{id}`). */
  score: number;
}

const TEMPLATE = /\{\{[^}]*\}\}/;

export function matchPath(template: string, concrete: string): PathMatch | undefined {
  const t = segments(template);
  const c = segments(concrete);
  if (t.length !== c.length) return undefined;
  const params: Record<string, string> = {};
  let score = 0;
  for (let i = 0; i < t.length; i++) {
    const names: string[] = [];
    const pattern = t[i].replace(
      /\{([^}]+)\}|([^{]+)/g,
      (_m, name: string | undefined, literal: string | undefined) => {
        if (name !== undefined) {
          names.push(name);
          return '(.+?)';
        }
        return escapeRegExp(literal!);
      },
    );
    if (names.length === 0) {
      if (t[i] === c[i]) score++;
      // A whole-segment {{template}} may stand for a literal, e.g. {{kind}} for "bulk".
      else if (!(TEMPLATE.test(c[i]) && c[i].replace(TEMPLATE, '') === '')) return undefined;
      continue;
    }
    const m = new RegExp(`^${pattern}$`).exec(c[i]);
    if (!m) return undefined;
    names.forEach((n, j) => (params[n] = m[j + 1]));
  }
  return { params, score };
}

/** The path of a cell URL without query, fragment and origin; `undefined` for a URL that is not a path. */
export function pathOf(url: string, baseUrl?: string): string | undefined {
  let rest = url.trim();
  const absolute = /^https?:\/\/[^/?#]*/i.exec(rest);
  if (absolute) {
    if (!baseUrl || !baseUrl.toLowerCase().startsWith(absolute[0].toLowerCase())) return undefined;
    rest = rest.slice(absolute[0].length) || '/';
    const prefix = new URL(baseUrl).pathname.replace(/\/+$/, '');
    if (prefix && rest.startsWith(`${prefix}/`)) rest = rest.slice(prefix.length);
  }
  if (!rest.startsWith('/')) return undefined;
  const end = rest.search(/[?#]/);
  return end < 0 ? rest : rest.slice(0, end);
}

/** The `{name}` placeholders of a template, in order. */
export function templateParams(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
}

function segments(path: string): string[] {
  return path.replace(/\/+$/, '').split('/').slice(1);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
