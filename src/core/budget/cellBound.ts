import { diagnosticAt, type Diagnostic } from '../text/diagnostic';
import type { AccessPreferences } from '../environments/accessChoice';
import type { Environment } from '../environments/environment';
import type { RequestCell } from '../request/cell';
import { cellAccessBeforeRun } from '../request/cellAccess';
import { cellRequestCount } from './estimate';

/**
 * What a cell's own bound says before it runs: a `maxPages` or `max` beyond the run's budget (an error: such a
 * cell could not run within it), or beyond its client's whole daily quota (a warning: the quota may be stretched
 * with a confirmation, but it was issued for less).
 */
export function cellBoundFindings(
  text: string,
  cell: RequestCell,
  options: { budget?: number; environment?: Environment; access?: AccessPreferences },
): Diagnostic[] {
  const n = cellRequestCount(cell);
  if (n <= 1) return [];
  const key = cell.paginate ? 'maxPages' : 'max';
  const [start, end] = cell.boundRanges?.requests ?? cell.methodRange;
  const out: Diagnostic[] = [];
  if (options.budget !== undefined && n > options.budget)
    out.push(
      diagnosticAt(
        text,
        start,
        end,
        'budget-cell',
        `This cell may send ${n} requests (${key} ${n}), more than --budget ${options.budget} allows for the whole run: lower ${key}, or raise --budget.`,
      ),
    );
  const env = options.environment;
  const access = env && typeof env.origin === 'string' ? cellAccessBeforeRun(cell, env, options.access) : undefined;
  const quota = access?.ok ? access.decision.client.dailyQuota : undefined;
  if (access?.ok && quota !== undefined && n > quota)
    out.push(
      diagnosticAt(
        text,
        start,
        end,
        'quota-cell',
        `${key} ${n} is more than the daily quota of client "${access.decision.client.name}" (${quota} requests per day): a run of this cell alone could use it up.`,
        { severity: 'warning' },
      ),
    );
  return out;
}
