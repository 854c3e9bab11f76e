import {
  chooseAccess,
  type AccessPreferences,
  type AccessProblem,
  type AccessResult,
} from '../environments/accessChoice';
import { domainOfCellUrl, domainOfUrl } from '../environments/accessModel';
import type { Environment } from '../environments/environment';
import { usesTokens } from '../environments/environment';
import { diagnosticAt, type Diagnostic } from '../text/diagnostic';
import type { RequestCell } from './cell';

/**
 * The access rule (environments/accessChoice.ts) applied to one request cell: where its domain comes from
 * and where a problem points in the cell text. The run, the runner's checks before a run and the editor's
 * diagnostics all go through here, so they agree.
 */

/** The client and label for a cell about to be sent to `url` (resolved, or its parts): the run's view. */
export function accessForRequest(
  cell: RequestCell,
  env: Environment,
  url: string | { origin: string; pathname: string },
  preferences: AccessPreferences = {},
): { result: AccessResult; domain?: string } {
  const domain = domainOfUrl(url, env);
  return { result: chooseAccess(inputOf(cell, env, preferences, domain)), ...(domain ? { domain } : {}) };
}

/** A finding before a run: the diagnostic, and the clients (and labels) that would fit instead. */
export interface CellAccessFinding {
  diagnostic: Diagnostic;
  problem?: AccessProblem;
}

/**
 * What can be told before a run: a problem (as an error), or a warning that a named client does not declare
 * the domain. Nothing for a cell that sends no token, or whose first path segment only the run can know, nor
 * for a mistake in the notebook file's `client:`/`label:`: that is the header's, reported once for the
 * notebook (notebook/headerAccess.ts), not once per cell.
 */
export function checkCellAccess(
  text: string,
  cell: RequestCell,
  env: Environment,
  preferences: AccessPreferences = {},
): CellAccessFinding[] {
  if (!sendsToken(cell, env)) return [];
  const result = staticAccess(cell, env, preferences);
  if (result.ok) {
    const w = result.decision.warning;
    if (!w) return [];
    const at = result.decision.clientSource === 'cell' ? cell.accessRanges?.client : undefined;
    return [{ diagnostic: positioned(text, cell, at, 'client-domain', w, 'warning') }];
  }
  if (result.problem.code === 'domain-unknown' || isHeaderProblem(result.problem)) return [];
  return [{ diagnostic: accessDiagnostic(text, cell, result.problem), problem: result.problem }];
}

/**
 * The rule's answer from the cell text alone (hovers, the runner's list of clients it needs); a
 * `domain-unknown` problem means only the run can tell. Undefined for a cell that sends no token.
 */
export function cellAccessBeforeRun(
  cell: RequestCell,
  env: Environment,
  preferences: AccessPreferences = {},
): AccessResult | undefined {
  return sendsToken(cell, env) ? staticAccess(cell, env, preferences) : undefined;
}

function staticAccess(cell: RequestCell, env: Environment, preferences: AccessPreferences): AccessResult {
  return chooseAccess(inputOf(cell, env, preferences, domainOfCellUrl(cell.url, env)));
}

/** A problem that comes from the notebook file's `client:` or `label:` (its header), not from the cell. */
export function isHeaderProblem(
  problem: AccessProblem,
): problem is AccessProblem & { at: { key: 'client' | 'label'; source: 'notebook' } } {
  return problem.at.key !== 'path' && problem.at.source === 'notebook';
}

/**
 * Whether the notebook file's `client:`/`label:` can fail any cell at all: the rule for a cell that names
 * neither. A cell's header problem always shows here too, so a notebook whose header is fine (the usual
 * case) needs no cell to be read.
 */
export function headerMayFail(env: Environment, preferences: AccessPreferences): boolean {
  if (!usesTokens(env) || (!preferences.notebook?.client && !preferences.notebook?.label)) return false;
  const result = chooseAccess({ environment: env, ...preferences });
  return !result.ok && isHeaderProblem(result.problem);
}

/** The header's problem this cell meets: it sends a token and relies on the notebook's `client:`/`label:`. */
export function headerProblemOf(
  cell: RequestCell,
  env: Environment,
  preferences: AccessPreferences,
): (AccessProblem & { at: { key: 'client' | 'label' } }) | undefined {
  if (!sendsToken(cell, env)) return undefined;
  const result = staticAccess(cell, env, preferences);
  return !result.ok && isHeaderProblem(result.problem) ? result.problem : undefined;
}

/** A problem of the rule as a diagnostic: on the `client:`/`label:` value the cell wrote, else on the method line. */
export function accessDiagnostic(text: string, cell: RequestCell, problem: AccessProblem): Diagnostic {
  const at =
    problem.at.key !== 'path' && problem.at.source === 'cell' ? cell.accessRanges?.[problem.at.key] : undefined;
  return positioned(text, cell, at, `access-${problem.code}`, problem.message, 'error');
}

/** Whether the cell would carry the environment's token, as far as its text tells (its URL may be a template). */
function sendsToken(cell: RequestCell, env: Environment): boolean {
  if (cell.auth === 'none' || !usesTokens(env)) return false;
  const url = cell.url.trim();
  if (url.startsWith('/')) return true;
  const host = /^https?:\/\/[^/?#]*/i.exec(url)?.[0];
  if (!host || host.includes('{{')) return false;
  try {
    return new URL(host).origin === env.origin;
  } catch {
    return false;
  }
}

function inputOf(cell: RequestCell, env: Environment, preferences: AccessPreferences, domain: string | undefined) {
  return {
    environment: env,
    ...preferences,
    cell: { ...(cell.client ? { client: cell.client } : {}), ...(cell.label ? { label: cell.label } : {}) },
    ...(domain ? { domain } : {}),
  };
}

function positioned(
  text: string,
  cell: RequestCell,
  at: [number, number] | undefined,
  code: string,
  message: string,
  severity: 'error' | 'warning',
): Diagnostic {
  const [start, end] = at ?? [cell.methodRange[0], cell.urlRange?.[1] ?? cell.methodRange[1]];
  return diagnosticAt(text, start, end, code, message, { severity });
}
