import { PAGINATE_KEYS, REPEAT_KEYS } from '../request/cellSequence';
import type { CursorContext } from './context';
import type { CompletionItem, CompletionKind } from './languageTypes';
import { SEQUENCE_KEY_DOCS } from './vocabulary';

/** Completion inside `paginate:` and `repeat:`: their keys (with bounded snippets) and typical values. */

type Range = { replaceStart: number; replaceEnd: number };
type KeyItem = (
  label: string,
  kind: CompletionKind,
  ctx: Extract<CursorContext, { hasColon: boolean }>,
  range: Range,
  extra: { documentation?: string; snippet?: string },
) => CompletionItem;

const SEQUENCE_VALUES: Readonly<Record<string, readonly string[]>> = {
  limit: ['100', '50', '20'],
  maxPages: ['10', '20', '50'],
  every: ['1s', '5s', '30s'],
  max: ['10', '20', '60'],
};

const SEQUENCE_SNIPPETS: Readonly<Record<string, string>> = {
  limit: 'limit: ${1:100}',
  maxPages: 'maxPages: ${1:20}',
  until: 'until:\n  \\$.${1:status}: ${2:Completed}',
  every: 'every: ${1:5s}',
  max: 'max: ${1:20}',
};

/** The keys of `paginate:` (limit, maxPages) or `repeat:` (until, every, max) not written yet. */
export function sequenceKeys(
  ctx: Extract<CursorContext, { kind: 'sequenceKey' }>,
  range: Range,
  keyItem: KeyItem,
): CompletionItem[] {
  const docs = SEQUENCE_KEY_DOCS[ctx.owner];
  const keys = ctx.owner === 'paginate' ? PAGINATE_KEYS : REPEAT_KEYS;
  return keys
    .filter((k) => !ctx.present.includes(k))
    .map((k, i) => ({
      ...keyItem(k, 'key', ctx, range, {
        documentation: docs[k],
        // A flow mapping (`repeat: { … }`) stays on one line: no block snippet there.
        snippet: ctx.flow && k === 'until' ? 'until: { \\$.${1:status}: ${2:Completed} }' : SEQUENCE_SNIPPETS[k],
      }),
      sortText: String(i),
    }));
}

/** Typical values of `limit`, `maxPages`, `every` and `max`. */
export function sequenceValues(key: string, range: Range): CompletionItem[] {
  return (SEQUENCE_VALUES[key] ?? []).map((v, i) => ({
    label: v,
    kind: 'value',
    sortText: String(i).padStart(3, '0'),
    ...range,
  }));
}
