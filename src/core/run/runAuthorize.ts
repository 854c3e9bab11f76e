import type { FailureCategory, ResponseModel } from '../../contract/response';
import { forbiddenHint, refusedHint } from '../auth/accessHints';
import { TokenError, tokenTarget, type AccessToken, type Credentials, type TokenTarget } from '../auth/token';
import { tokenDecision } from '../auth/tokenRule';
import type { AccessDecision } from '../environments/accessChoice';
import { clientsOf, scopeText } from '../environments/accessModel';
import { usesTokens, type Environment } from '../environments/environment';
import type { RequestCell } from '../request/cell';
import { accessDiagnostic, accessForRequest } from '../request/cellAccess';
import type { PreparedRequest } from '../request/prepare';
import type { CellRun } from './runContext';
import { requestSummary, type Step } from './runStep';

/**
 * The steps of a run about the token: whether the request carries one, for which client and white label
 * (the one rule in environments/accessChoice.ts), that client's credentials and its token, and what the
 * environments file says about an answer the token got.
 */

export interface Authorized {
  notes: string[];
  credentials?: Credentials;
  token?: AccessToken;
  /** The client and white label of the token, and where its token is cached. */
  access?: AccessDecision;
  domain?: string;
  target?: TokenTarget;
  /** Set when the API refused a token fetched just before (401 twice). */
  refusedFresh?: boolean;
}

const TOKEN_FAILURES: Record<TokenError['kind'], [FailureCategory, string]> = {
  refused: ['credentials', 'Credentials refused'],
  forbidden: ['token', 'Could not get a token'],
  'not-found': ['token', 'Could not get a token'],
  network: ['token', 'Could not reach the token endpoint'],
  timeout: ['timeout', 'Token request timed out'],
  tls: ['tls', 'TLS certificate problem (token request)'],
  'bad-response': ['token', 'Unusable token response'],
  server: ['token', 'Could not get a token'],
  cancelled: ['cancelled', 'Cancelled'],
};

/** Whether the request carries a token and, if so, for which client and white label; nothing is asked yet. */
interface Chosen {
  notes: string[];
  access?: AccessDecision;
  domain?: string;
}

/**
 * Decides whether the request carries the environment's token and, if so, which client and white label
 * (the one rule in environments/accessChoice.ts). Before any confirmation: a request without a client is
 * never sent, so it is not worth a question either.
 */
export function choose(text: string, cell: RequestCell, req: PreparedRequest, step: Step): Chosen | CellRun {
  const { ctx, env } = step;
  const notes = [...req.notes];
  const decision = tokenDecision(cell.auth, env, req.origin);
  if (!decision.attached && cell.auth === 'environment' && usesTokens(env)) {
    notes.push(
      `No token sent: ${req.origin} is not the origin of environment "${env.name}" (${env.origin}). Tokens only ever go to the environment's own origin.`,
    );
  }
  if (!decision.attached) return { notes };
  const chosen = accessForRequest(cell, env, req, ctx.access);
  if (!chosen.result.ok) {
    const { problem } = chosen.result;
    const only = problem.suggestions.length === 1 ? ctx.hooks?.useClientAction?.(problem.suggestions[0]) : undefined;
    return step.fail('client', 'No client for this request', problem.message, {
      diagnostics: [accessDiagnostic(text, cell, problem)],
      hint: 'Nothing was sent: a request is only sent with a client chosen by the rule, never on a guess.',
      request: requestSummary(req, false, ctx.engine.redactor),
      ...(only ? { action: only } : {}),
    });
  }
  const access = chosen.result.decision;
  Object.assign(step.environment, { client: access.client.name, label: access.label });
  return { notes, access, ...(chosen.domain ? { domain: chosen.domain } : {}) };
}

/** Gets the chosen client's credentials and a token for its white label. */
export async function authorize(
  chosen: Chosen,
  req: PreparedRequest,
  timeoutMs: number,
  step: Step,
  requests: number,
): Promise<Authorized | CellRun> {
  const { ctx, env } = step;
  const { notes, access } = chosen;
  if (!access) return overBudget(requests, req, step) ?? { notes };
  const client = access.client;
  const whose = client.implicit ? `environment "${env.name}"` : `client "${client.name}" of environment "${env.name}"`;
  const lookup = await ctx.engine.credentials(env, client);
  if (lookup.kind !== 'ok') {
    const action = ctx.hooks?.authenticateAction?.(env, client);
    const request = requestSummary(req, false, ctx.engine.redactor);
    return lookup.kind === 'missing'
      ? step.fail(
          'not-signed-in',
          client.implicit ? `Not signed in to "${env.name}"` : `Not signed in as "${client.name}" to "${env.name}"`,
          `This request needs a token for ${env.brokerKey}/${access.label} on ${new URL(env.origin).host} (${access.clientReason}), and no credentials are stored for ${whose}.`,
          {
            request,
            hint: 'Authenticate with your client id and secret; they are kept in the OS secret store, never in files.',
            ...(action ? { action } : {}),
          },
        )
      : step.fail('credentials', `Sign in again to "${env.name}"`, lookup.reason, {
          request,
          hint: 'Authenticate again to bind your credentials to the environment as it is now.',
          ...(action ? { action } : {}),
        });
  }
  const target = tokenTarget(
    env as Environment & { brokerKey: string; labelReferenceId: string },
    access.label,
    client.name,
  );
  const tokenRequest = ctx.engine.tokens.wouldFetch(target, lookup.credentials.clientId) ? 1 : 0;
  const refused = overBudget(requests + tokenRequest, req, step, client.name);
  if (refused) return refused;
  const got = await getToken(lookup.credentials, target, req, timeoutMs, notes, step);
  if ('result' in got) return got;
  return {
    notes,
    credentials: lookup.credentials,
    token: got.token,
    access,
    target,
    ...(chosen.domain ? { domain: chosen.domain } : {}),
  };
}

export async function getToken(
  credentials: Credentials,
  target: TokenTarget,
  req: PreparedRequest,
  timeoutMs: number,
  notes: string[],
  step: Step,
): Promise<{ token: AccessToken } | CellRun> {
  const { ctx, env } = step;
  try {
    const token = await ctx.engine.tokens.get(target, credentials, {
      signal: ctx.signal,
      timeoutMs,
      onNote: (note) => notes.push(note),
      onFetch: () =>
        ctx.hooks?.counted?.({
          kind: 'token',
          environment: env.name,
          ...(target.client !== undefined ? { client: target.client } : {}),
        }),
    });
    return { token };
  } catch (e) {
    if (e instanceof TokenError) {
      const refused = e.kind === 'refused';
      const client = target.client ? findClientOf(env, target.client) : undefined;
      const action = refused ? ctx.hooks?.authenticateAction?.(env, client) : undefined;
      const scoped =
        e.kind === 'forbidden' && client && !client.implicit
          ? ` Client "${client.name}" is declared for ${scopeText(client, env)} in akkuro-environments.yaml; the token endpoint refused white label "${target.labelReferenceId}".`
          : '';
      const [category, title] = TOKEN_FAILURES[e.kind];
      return step.fail(category, title, e.message + scoped, {
        hint: e.hint,
        request: requestSummary(req, false, ctx.engine.redactor),
        ...(action ? { action } : {}),
      });
    }
    if (ctx.signal?.aborted) return step.fail('cancelled', 'Cancelled', 'The run was cancelled while getting a token.');
    throw e;
  }
}

/**
 * Asks the face (request budgets) before the cell sends anything, with the most requests it may send: its
 * bound (pages, attempts) and a token request when one is due. A refusal sends nothing.
 */
function overBudget(requests: number, req: PreparedRequest, step: Step, client?: string): CellRun | undefined {
  const { ctx, env } = step;
  const refused = ctx.hooks?.allowRequests?.({
    environment: env.name,
    ...(client !== undefined ? { client } : {}),
    requests,
    reason: 'cell',
    request: `${req.method} ${req.url}`,
  });
  if (!refused) return undefined;
  return step.fail('budget', 'Not sent: over the request budget', refused, {
    request: requestSummary(req, false, ctx.engine.redactor),
    hint: 'Nothing was sent. Raise the budget, or run fewer requests (a lower maxPages or max).',
  });
}

/** What the environments file says about a 403 (which client is declared for the domain) or a second 401. */
export function adviseOnAccess(result: ResponseModel, auth: Authorized, step: Step): void {
  if (!auth.access || !auth.token) return;
  const { env, ctx } = step;
  if (result.status === 403) {
    const advice = forbiddenHint(env, auth.access, auth.domain);
    const action = advice.suggestion ? ctx.hooks?.useClientAction?.(advice.suggestion) : undefined;
    result.hint = advice.hint;
    if (action) result.action = action;
  } else if (result.status === 401 && auth.refusedFresh) result.hint = refusedHint(env, auth.access);
}

function findClientOf(env: Environment, name: string) {
  return clientsOf(env).find((c) => c.name === name);
}
