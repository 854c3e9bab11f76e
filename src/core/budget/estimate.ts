import { chooseLabel, type AccessPreferences } from '../environments/accessChoice';
import { clientsOf, isScoped } from '../environments/accessModel';
import type { AccessClient, Environment } from '../environments/environment';
import type { ParsedCell, RequestCell } from '../request/cell';
import { cellAccessBeforeRun } from '../request/cellAccess';
import type { ClientEstimate } from './quota';

/**
 * The most requests a run of some cells can send, told before it starts (PRODUCT.md §10): one per cell, `maxPages`
 * for a paginate cell, `max` for a repeat cell, plus one token request per client and white label that has no
 * token yet. Retries are not counted: they only follow a 429/503, and each one is checked when it comes.
 */

/** The requests one cell may send: its bound, or 1. */
export function cellRequestCount(cell: Pick<RequestCell, 'paginate' | 'repeat'>): number {
  return cell.paginate?.maxPages ?? cell.repeat?.max ?? 1;
}

export interface EstimateInput {
  /** The texts of the request cells that will run. */
  cells: readonly string[];
  environment: Environment;
  access?: AccessPreferences;
  parse: (text: string) => ParsedCell;
  /** Whether a token for this client and white label is cached and will not need renewing: no token request then. */
  hasToken?: (client: AccessClient, label: string) => boolean;
}

export interface RunEstimate {
  /** The most requests of the run, token requests included. */
  total: number;
  /** Per client whose token the requests carry; a cell whose client only the run can tell counts for each candidate. */
  byClient: ClientEstimate[];
}

export function estimateRun(input: EstimateInput): RunEstimate {
  const env = input.environment;
  const byClient = new Map<string, ClientEstimate>();
  const tokenPairs = new Set<string>();
  let total = 0;
  const forClient = (client: AccessClient, label: string, n: number) => {
    let e = byClient.get(client.name);
    if (!e) {
      e = { environment: env.name, client: client.name, requests: 0, tokenRequests: 0 };
      byClient.set(client.name, e);
    }
    e.requests += n;
    const pair = `${client.name}\n${label}`;
    if (!tokenPairs.has(pair) && !input.hasToken?.(client, label)) {
      tokenPairs.add(pair);
      e.tokenRequests++;
      total++;
    }
  };
  for (const text of input.cells) {
    const cell = input.parse(text).cell;
    if (!cell) continue;
    const n = cellRequestCount(cell);
    total += n;
    const access = cellAccessBeforeRun(cell, env, input.access);
    if (!access) continue;
    if (access.ok) forClient(access.decision.client, access.decision.label, n);
    else if (access.problem.code === 'domain-unknown') {
      // The path is a {{template}}: any client of the label may be the one.
      const chosen = chooseLabel({ environment: env, ...input.access, cell: cell.label ? { label: cell.label } : {} });
      if ('problem' in chosen) continue;
      const label = chosen.name;
      for (const client of clientsOf(env)) if (isScoped(client, label)) forClient(client, label, n);
    }
  }
  return { total, byClient: [...byClient.values()] };
}
