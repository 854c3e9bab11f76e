import { formatPath, type PathSegment } from '../../contract/jsonPathFormat';
import type { CellScope, CompletionItem } from './languageTypes';
import { shownValue } from './secretLook';
import { ID_HEADERS, MEDIA_TYPES } from './vocabulary';

type Range = { replaceStart: number; replaceEnd: number };
const MAX_PATHS = 60;

/** api-versions worth offering, with where each comes from; the environment's first. */
export function apiVersions(scope: CellScope): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (v: string | undefined, detail: string) => {
    if (v && !out.some(([x]) => x === v)) out.push([v, detail]);
  };
  add(scope.environment?.apiVersion, `environment "${scope.environment?.name}"`);
  add(scope.notebookApiVersion, "the notebook's apiVersion");
  for (const v of scope.apiVersions ?? []) add(v, 'used in this notebook');
  return out;
}

/** Common values of a request header; `quoted` says the cursor is already inside quotes. */
export function headerValueItems(header: string, scope: CellScope, range: Range, quoted: boolean): CompletionItem[] {
  const name = header.toLowerCase();
  const templated = (t: string) => (quoted ? t : `"${t}"`);
  const media = (sort: string) =>
    MEDIA_TYPES.map((m, i): CompletionItem => ({
      label: m.value,
      kind: 'value',
      documentation: m.doc,
      sortText: `${sort}${i}`,
      ...range,
    }));
  if (name === 'content-type') return media('0');
  if (name === 'accept') {
    const versioned = apiVersions(scope).map(([v, from], i): CompletionItem => ({
      label: `application/json;api-version=${v}`,
      kind: 'value',
      detail: from,
      documentation: 'Usually written as `apiVersion:` instead, which sets this header for you.',
      sortText: `0${i}`,
      ...range,
    }));
    return [...versioned, ...media('1')];
  }
  if (ID_HEADERS.has(name))
    return [
      {
        label: '{{$uuid}}',
        kind: 'value',
        insertText: templated('{{$uuid}}'),
        documentation: 'A new random UUID for every run.',
        ...range,
      },
    ];
  if (name === 'if-match' || name === 'if-none-match') {
    return [...scope.earlierNames].map((n): CompletionItem => {
      const etag = scope.responses.get(n)?.headers.etag;
      return {
        label: `{{${n}.headers.etag}}`,
        kind: 'value',
        insertText: templated(`{{${n}.headers.etag}}`),
        detail: etag ? shownValue('etag', etag) : 'not run yet',
        ...range,
      };
    });
  }
  if (name === 'prefer')
    return ['return=minimal', 'return=representation'].map((v) => ({ label: v, kind: 'value', ...range }));
  if (name === 'cache-control') return ['no-cache', 'no-store'].map((v) => ({ label: v, kind: 'value', ...range }));
  return [];
}

/** JSON paths of this cell's own last response, for `expect.body` keys; `$` alone before it has run. */
export function expectPathItems(
  ownName: string | undefined,
  scope: CellScope,
  present: readonly string[],
): Array<{ path: string; detail: string }> {
  const response = ownName ? scope.responses.get(ownName) : undefined;
  const out: Array<{ path: string; detail: string }> = [];
  if (!response?.bodyIsJson) return present.includes('$') ? [] : [{ path: '$', detail: 'the whole body' }];
  const walk = (value: unknown, segments: PathSegment[], depth: number) => {
    if (out.length >= MAX_PATHS) return;
    const path = formatPath(segments);
    if (!present.includes(path)) out.push({ path, detail: kindOf(value, segments[segments.length - 1]) });
    if (depth >= 3 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      if (value.length > 0) walk(value[0], [...segments, 0], depth + 1);
      return;
    }
    for (const [k, v] of Object.entries(value)) walk(v, [...segments, k], depth + 1);
  };
  walk(response.body, [], 0);
  return out;
}

function kindOf(value: unknown, key: PathSegment | undefined): string {
  if (Array.isArray(value)) return `array (${value.length})`;
  if (value !== null && typeof value === 'object') return 'object';
  return shownValue(String(key ?? ''), value, 50);
}
