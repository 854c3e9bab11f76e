import { isMap, isScalar, type Node } from 'yaml';
import { nearest } from '../text/diagnostic';
import { compileUntil, UNTIL_EXAMPLE } from '../expect/until';
import { MAX_RETRIES, SAFE_METHODS } from '../http/retryPolicy';
import { describeNode, entries, rangeOf, scalarText, type Entry } from '../yaml/yamlNodes';
import type { ValueOf } from '../yaml/yamlValues';
import type { RequestCell } from './requestCell';
import { parseDuration } from './duration';
import { locate, type Report } from './requestParts';

/**
 * The keys that make one cell send several requests, each with its bound: `paginate:` (pages of a list, at most
 * `maxPages`), `repeat:` (polling until a condition holds, at most `max` attempts), and `retries:` (how often a
 * 429/503 with Retry-After is retried). Nothing here is unbounded: a missing bound is an error, not a default.
 */

export const PAGINATE_KEYS = ['limit', 'maxPages'] as const;
export const REPEAT_KEYS = ['until', 'every', 'max'] as const;
export const MAX_PAGE_LIMIT = 100;
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGES = 1000;
export const MAX_ATTEMPTS = 1000;
export const DEFAULT_EVERY_MS = 5000;
/** What `{ limit, offset }` paging reads in each page (PRODUCT.md §2). */
export const PAGE_ITEMS_KEY = 'items';

export function readPaginate(e: Entry, cell: Partial<RequestCell>, report: Report): void {
  const map = mappingOf(e, report, 'paginate: { limit: 100, maxPages: 20 }');
  if (!map) return;
  const keys = knownKeys(map, PAGINATE_KEYS, 'paginate', report);
  const limit = keys.limit
    ? wholeNumber(keys.limit, 'limit', 1, MAX_PAGE_LIMIT, 'items per page, sent as the limit query parameter', report)
    : DEFAULT_PAGE_LIMIT;
  const maxPages = keys.maxPages
    ? wholeNumber(keys.maxPages, 'maxPages', 1, MAX_PAGES, 'the most pages fetched', report)
    : missing(e, 'maxPages', 'paginate: { limit: 100, maxPages: 20 }', 'how many pages at most', report);
  if (limit === undefined || maxPages === undefined) return;
  cell.paginate = { limit, maxPages };
  cell.boundRanges = { ...cell.boundRanges, requests: rangeOf(keys.maxPages!.value ?? keys.maxPages!.keyNode) };
}

export function readRepeat(e: Entry, cell: Partial<RequestCell>, report: Report, valueOf: ValueOf): void {
  const example = `repeat: { ${UNTIL_EXAMPLE}, every: 5s, max: 20 }`;
  const map = mappingOf(e, report, example);
  if (!map) return;
  const keys = knownKeys(map, REPEAT_KEYS, 'repeat', report);
  const until = keys.until
    ? readUntil(keys.until, report, valueOf)
    : missing(e, 'until', example, 'when to stop', report);
  const max = keys.max
    ? wholeNumber(keys.max, 'max', 1, MAX_ATTEMPTS, 'the most attempts, the first included', report)
    : missing(e, 'max', example, 'how many attempts at most', report);
  let everyMs: number | undefined = DEFAULT_EVERY_MS;
  if (keys.every) {
    everyMs = parseDuration(scalarText(keys.every.value));
    if (everyMs === undefined)
      report(
        keys.every.value ?? keys.every.keyNode,
        'repeat-every',
        `"every" must be the pause between attempts, a duration from 1ms to 10m such as 5s or 500ms${shown(keys.every.value)}.`,
      );
  }
  if (until === undefined || max === undefined || everyMs === undefined) return;
  cell.repeat = { until, everyMs, max };
  cell.boundRanges = { ...cell.boundRanges, requests: rangeOf(keys.max!.value ?? keys.max!.keyNode) };
}

export function readRetries(e: Entry, cell: Partial<RequestCell>, report: Report): void {
  const n = wholeNumber(
    e,
    'retries',
    0,
    MAX_RETRIES,
    'how often a GET, HEAD or OPTIONS answered by 429 or 503 with Retry-After is sent again',
    report,
  );
  if (n !== undefined) cell.retries = n;
}

/**
 * What paginate and repeat need from the rest of the cell: a method that reads, and (for paging) the offset
 * and limit left to paginate. Called once the method is known.
 */
export function checkSequenceKeys(cell: Partial<RequestCell>, seen: ReadonlyMap<string, Entry>, report: Report): void {
  const paginate = seen.get('paginate');
  const repeat = seen.get('repeat');
  if (paginate && repeat)
    report(
      repeat.keyNode,
      'sequence-both',
      'Use either "paginate" (the pages of a list) or "repeat" (ask again until a condition holds), not both in one cell.',
    );
  if (paginate && cell.method && cell.method !== 'GET')
    report(
      paginate.keyNode,
      'paginate-method',
      `"paginate" reads a list page by page, which is a GET; this cell sends ${cell.method}.`,
    );
  if (repeat && cell.method && !SAFE_METHODS.includes(cell.method))
    report(
      repeat.keyNode,
      'repeat-method',
      `"repeat" sends the same request again and again, which only ${SAFE_METHODS.join(', ')} may do: ${cell.method} can change data every time.`,
    );
  if (!paginate) return;
  const inQuery = (cell.query ?? []).map(([k]) => k).filter((k) => k === 'offset' || k === 'limit');
  const inUrl = /[?&](offset|limit)=/.exec(cell.url ?? '')?.[1];
  const clash = [...new Set([...inQuery, ...(inUrl ? [inUrl] : [])])];
  if (clash.length)
    report(
      paginate.keyNode,
      'paginate-query',
      `"paginate" sets offset and limit for each page: remove ${clash.map((k) => `"${k}"`).join(' and ')} from the ${inQuery.length ? 'query' : 'URL'} (the page size is paginate's "limit").`,
    );
}

function readUntil(e: Entry, report: Report, valueOf: ValueOf): Record<string, unknown> | undefined {
  if (!e.value || !isMap(e.value)) {
    report(
      e.value ?? e.keyNode,
      'repeat-until',
      `"until" must be a mapping of JSON paths to the values that end the polling, e.g. ${UNTIL_EXAMPLE}; it is ${describeNode(e.value)}.`,
    );
    return undefined;
  }
  const read = valueOf(e.value);
  if (!read.ok) {
    if (read.message) report(e.value, 'yaml-alias', read.message);
    return undefined;
  }
  const { problems } = compileUntil(read.value);
  for (const p of problems) report(locate(e.value, p.path, p.onKey) ?? e.keyNode, 'repeat-until', p.message);
  return problems.length ? undefined : (read.value as Record<string, unknown>);
}

function mappingOf(e: Entry, report: Report, example: string): Node | undefined {
  if (e.value && isMap(e.value)) return e.value;
  report(e.value ?? e.keyNode, e.key, `"${e.key}" must be a mapping, e.g. ${example}; it is ${describeNode(e.value)}.`);
  return undefined;
}

function knownKeys<K extends string>(
  map: Node,
  known: readonly K[],
  owner: string,
  report: Report,
): Partial<Record<K, Entry>> {
  const out: Partial<Record<K, Entry>> = {};
  for (const k of entries(map as Parameters<typeof entries>[0])) {
    if ((known as readonly string[]).includes(k.key)) {
      if (out[k.key as K]) report(k.keyNode, 'duplicate-key', `"${k.key}" appears twice in "${owner}"; keep one.`);
      out[k.key as K] = k;
      continue;
    }
    const guess = nearest(k.key, known);
    report(
      k.keyNode,
      `${owner}-key`,
      `Unknown key "${k.key}" in "${owner}"${guess ? `; did you mean "${guess}"?` : `: it takes ${known.join(', ')}.`}`,
      guess ? { fix: { title: `Change to "${guess}"`, replacement: guess } } : {},
    );
  }
  return out;
}

function wholeNumber(
  e: Entry,
  key: string,
  min: number,
  max: number,
  meaning: string,
  report: Report,
): number | undefined {
  const v = e.value && isScalar(e.value) ? e.value.value : undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
  const negative = typeof v === 'number' && v < 0;
  report(
    e.value ?? e.keyNode,
    key === 'retries' ? 'retries' : `sequence-${key.toLowerCase()}`,
    `"${key}" must be a whole number from ${min} to ${max} (${meaning})${negative ? ': it cannot be negative' : shown(e.value)}.`,
  );
  return undefined;
}

function missing(e: Entry, key: string, example: string, meaning: string, report: Report): undefined {
  report(
    e.keyNode,
    `${e.key}-${key.toLowerCase()}-missing`,
    `"${e.key}" needs "${key}" (${meaning}): nothing is sent without a bound. Write it, e.g. ${example}.`,
  );
  return undefined;
}

function shown(node: Node | null): string {
  const s = scalarText(node);
  return s === undefined || s === '' ? '' : `, not "${s}"`;
}
