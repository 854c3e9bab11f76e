import type { RequestCell } from '../request/cell';
import type { PreparedRequest } from '../request/prepare';
import { substituteValue } from '../request/variables';
import type { CellRun } from './runContext';
import type { Sender } from './runSend';
import type { Step } from './runStep';
import type { SequenceOutcome } from '../sequence/outcome';
import { fetchPages } from '../sequence/pages';
import { poll } from '../sequence/polling';
import { seconds } from '../http/retryPolicy';

/**
 * What a cell sends: its pages (`paginate:`), its attempts (`repeat:`), or its one request (retried after a
 * 429/503 when it may be). Whatever it sent, a failure carries the requests that went out before it.
 */
export async function sendCell(
  cell: RequestCell,
  req: PreparedRequest,
  sender: Sender,
  step: Step,
  values: ReadonlyMap<string, unknown>,
  maxBodyBytes: number,
): Promise<SequenceOutcome | CellRun> {
  const sent = cell.paginate
    ? await fetchPages(cell.paginate, req.url, cell.expect, values, sender, step, maxBodyBytes)
    : cell.repeat
      ? await poll(cell.repeat, substituteValue(cell.repeat.until, values), req.url, sender, step)
      : await sendOne(req, sender);
  if ('result' in sent && sent.result.kind === 'failure' && sender.requests > 0) {
    const kind = cell.paginate ? 'pages' : cell.repeat ? 'polling' : 'retries';
    if (kind !== 'retries' || sender.requests > 1 || sent.result.category === 'cancelled')
      sent.result.sequence = step.ctx.engine.redactor.redactDeep(
        sender.sequence(kind, `${sender.requests} request${sender.requests === 1 ? '' : 's'} sent before it failed`),
      );
  }
  return sent;
}

/** One request: its response, with the retries it took (if any) as the sequence and each wait as a note. */
async function sendOne(req: PreparedRequest, sender: Sender): Promise<SequenceOutcome | CellRun> {
  const sent = await sender.send(req.url, '');
  if ('result' in sent) return sent;
  const response = { ...sent.response, totalMs: sender.networkMs };
  if (sender.requests === 1) return { response, assertions: [], notes: sender.retryNotes };
  const retries = sender.requests - 1;
  const waited = sender.sequence('retries', '').exchanges.reduce((ms, e) => ms + (e.waited?.ms ?? 0), 0);
  return {
    response,
    assertions: [],
    notes: sender.retryNotes,
    sequence: sender.sequence(
      'retries',
      `${sender.requests} requests · ${retries} ${retries === 1 ? 'retry' : 'retries'}${waited ? ` after waiting ${seconds(waited)}` : ''}`,
    ),
  };
}
