import { compileExpect } from '../expect/assertions';
import { evaluateExpect } from '../expect/expectEvaluate';
import type { ExpectSpec } from '../expect/expectTypes';
import { formatBytes, type IncomingResponse } from '../http/send';
import { PAGE_ITEMS_KEY } from '../request/cellSequence';
import type { PaginateSpec } from '../request/requestCell';
import type { CellRun } from '../run/runContext';
import { substituteValue } from '../request/variables';
import type { Sender } from '../run/runSend';
import type { Step } from '../run/runStep';
import { actualOf, count, sequenceCheck, statusAndHeaders, type SequenceOutcome } from './outcome';

/**
 * `paginate: { limit, maxPages }`: the pages of a list, in order, with the same token, following `offset` until
 * the list ends (the API's `total` is reached, or a page comes back short or empty). Their `items` are merged into
 * one body: the first page's object with every item (`{{name.body.items}}`, the JSON tree, body expectations).
 * Status and header expectations apply to every page; a page that fails them (or any error status, without an
 * `expect: status`) stops the sequence and is what the output shows. Reaching `maxPages` with items left fails.
 */
export async function fetchPages(
  spec: PaginateSpec,
  url: string,
  expect: unknown,
  values: ReadonlyMap<string, unknown>,
  sender: Sender,
  step: Step,
  maxBodyBytes: number,
): Promise<SequenceOutcome | CellRun> {
  const pageExpect = statusAndHeaders(expect);
  const checks = pageExpect ? compileExpect(substituteValue(pageExpect, values)).spec : undefined;
  const items: unknown[] = [];
  let first: Record<string, unknown> | undefined;
  let declared: number | undefined;
  let offset = 0;
  let bytes = 0;
  let pages = 0;
  let last: IncomingResponse | undefined;
  let firstTtfb = 0;
  let complete = false;
  const summary = () =>
    `${pages} page${pages === 1 ? '' : 's'} · ${count(items.length)} item${items.length === 1 ? '' : 's'}${declared !== undefined ? ` (total ${count(declared)})` : ''}`;
  const stop = (response: IncomingResponse, problem: string): SequenceOutcome => {
    const exchange = sender.last;
    if (exchange) Object.assign(exchange, { ok: false, detail: problem });
    return {
      response,
      expect: { value: pageExpect },
      assertions: [
        sequenceCheck(
          `page ${pages}`,
          false,
          `Page ${pages} (offset ${offset}) failed: ${problem}. The pages after it were not fetched.`,
          'a page of items',
          problem,
        ),
      ],
      notes: [],
      requestUrl: pageUrl(url, 0, spec.limit),
      sequence: sender.sequence('pages', `${summary()} · stopped at page ${pages}`, { items: items.length }),
    };
  };

  while (pages < spec.maxPages) {
    pages++;
    step.ctx.hooks?.progress?.(
      `page ${pages} of at most ${spec.maxPages} (offset ${offset}) · ${count(items.length)} items so far`,
    );
    const sent = await sender.send(pageUrl(url, offset, spec.limit), `page ${pages}`);
    if ('result' in sent) return sent;
    const r = sent.response;
    if (pages === 1) firstTtfb = r.ttfbMs;
    last = r;
    const problem = pageProblem(r, checks);
    if (problem) return stop(r, problem);
    const page = actualOf(r).body;
    const pageItems = isRecord(page) ? page[PAGE_ITEMS_KEY] : undefined;
    if (!isRecord(page) || !Array.isArray(pageItems))
      return stop(
        r,
        `its body is not a page of items (an object with an "${PAGE_ITEMS_KEY}" list${r.truncated ? '; it was larger than akkuro.maxBodySize and cut' : ''})`,
      );
    bytes += r.body.length;
    if (bytes > maxBodyBytes)
      return stop(
        r,
        `the pages so far hold ${formatBytes(bytes)}, more than the ${formatBytes(maxBodyBytes)} one response may keep (akkuro.maxBodySize / the body limit); narrow the list with query parameters`,
      );
    sender.last!.items = pageItems.length;
    first ??= page;
    if (typeof page.total === 'number' && Number.isInteger(page.total)) declared = page.total;
    for (const item of pageItems) items.push(item);
    offset += pageItems.length;
    complete =
      pageItems.length === 0 || (declared !== undefined ? items.length >= declared : pageItems.length < spec.limit);
    if (complete) break;
  }

  const notes: string[] = [];
  const assertions = [];
  if (!complete)
    assertions.push(
      sequenceCheck(
        'maxPages',
        false,
        `Stopped at maxPages ${spec.maxPages} with ${count(items.length)} items${declared !== undefined ? ` of ${count(declared)}` : ''}: the list goes on. Raise maxPages, or narrow the list with query parameters.`,
        'the whole list',
        `${count(items.length)} items`,
      ),
    );
  else if (declared !== undefined && items.length !== declared)
    notes.push(
      `The API declared ${count(declared)} items (total) but ${count(items.length)} were read: the list may have changed while it was paged.`,
    );
  const merged = Buffer.from(JSON.stringify({ ...first, [PAGE_ITEMS_KEY]: items }));
  const response: IncomingResponse = {
    ...last!,
    body: merged,
    size: merged.length,
    truncated: false,
    ttfbMs: firstTtfb,
    totalMs: sender.networkMs,
    notes: [],
    redirects: [],
    headers: last!.headers.filter(([n]) => n !== 'content-length' && n !== 'content-encoding'),
  };
  return {
    response,
    assertions,
    notes,
    requestUrl: pageUrl(url, 0, spec.limit),
    sequence: sender.sequence('pages', summary(), {
      items: items.length,
      ...(declared !== undefined ? { declaredTotal: declared } : {}),
    }),
  };
}

/** The URL of the page at `offset`: the cell's URL with `offset` and `limit` set. */
export function pageUrl(url: string, offset: number, limit: number): string {
  const u = new URL(url);
  u.searchParams.set('offset', String(offset));
  u.searchParams.set('limit', String(limit));
  return u.href;
}

/** Why a page cannot count as read: an expectation on status or headers it fails, or an error status. */
function pageProblem(r: IncomingResponse, checks: ExpectSpec | undefined): string | undefined {
  if (checks) {
    const failed = evaluateExpect(checks, actualOf(r)).find((a) => !a.passed);
    if (failed) return failed.message;
    if (checks.targets.some((t) => t.kind === 'status')) return undefined;
  }
  return r.status >= 400 ? `status ${r.status}${r.statusText ? ` ${r.statusText}` : ''} is an error` : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
