import type {
  ResponseModel,
  EnvironmentSummary,
  FailureCategory,
  FailureModel,
  RequestSummary,
  RunResult,
} from '../contract/response';
import { TokenError, tokenTarget, type AccessToken, type Credentials, type TokenTarget } from './auth/token';
import { tokenDecision } from './auth/tokenRule';
import { forbiddenHint, refusedHint } from './auth/accessHints';
import type { AccessDecision, AccessPreferences } from './environments/accessChoice';
import { accessDiagnostic, accessForRequest } from './request/cellAccess';
import { formatDiagnostic } from './diagnostic';
import { DEFAULT_LIMITS, type Limits, type RunEngine, type RunHooks } from './engine';
import { usesTokens, type Environment } from './environments/environment';
import { checkOutgoing } from './http/outgoingChecks';
import { clientsOf, scopeText } from './environments/accessModel';
import { redactHeaders, type Redactor } from './http/redact';
import { SendError, type IncomingResponse } from './http/send';
import { readBodyFile } from './request/bodyFile';
import type { RequestCell } from './request/cell';
import { prepareRequest, type PreparedRequest } from './request/prepare';
import { rememberResponse, touchResponses } from './request/namedResponses';
import { evaluateTemplates, type NamedResponse } from './request/variables';
import { buildResult } from './result';
import { schemaAssertions } from './expect/schemaExpect';
import type { ContractContext } from './openapi/contractCheck';

/** The notebook a cell belongs to, as far as a run needs it. */
export interface NotebookScope {
  /** The notebook's folder on disk (for `bodyFile:`); undefined for an unsaved notebook. */
  dir?: string;
  /** The workspace folder (VS Code) or the runner's current directory. */
  root?: string;
  /** The notebook's `apiVersion:`. */
  apiVersion?: string;
}

/** One run of one cell: the shared engine, where it runs, and what the face lets it ask. */
export interface RunContext {
  engine: RunEngine;
  environment: Environment;
  /** Named responses of this notebook in this environment; a named cell's response is stored here. */
  responses: Map<string, NamedResponse>;
  notebook?: NotebookScope;
  /** Variables that override the environment's (the runner's --var). */
  variables?: Readonly<Record<string, string>>;
  /** The client and white label asked for by the run, the notebook file and the user (a cell's own keys win). */
  access?: AccessPreferences;
  limits?: Partial<Limits>;
  signal?: AbortSignal;
  hooks?: RunHooks;
  now?: () => number;
  /** The environment's OpenAPI documents, for `expect: { schema: true }` and the runner's --check-schema. */
  contract?: ContractContext;
}

export interface CellRun {
  result: RunResult;
  /** Set when the cell has a `name:` and a response arrived. */
  named?: { name: string; response: NamedResponse };
}

export function needsConfirmation(env: Environment, method: string): boolean {
  return env.protected && method !== 'GET' && method !== 'HEAD';
}

/**
 * Runs one request cell end to end: parse → resolve → prepare → confirm → token → send → assert → result.
 * It never throws: every expected failure is a result, and anything unexpected becomes an "internal"
 * failure (redacted), so neither face has its own wrapping.
 */
export async function runCell(text: string, ctx: RunContext): Promise<CellRun> {
  try {
    return await runSteps(text, ctx);
  } catch (e) {
    return { result: internalFailure(e, ctx.engine.redactor) };
  }
}

/** An error nothing expected, worded the same in both faces and redacted like everything else. */
export function internalFailure(e: unknown, redactor: Redactor): FailureModel {
  return {
    kind: 'failure',
    outcome: 'failed',
    category: 'internal',
    title: 'Unexpected error',
    message: redactor.redact(e instanceof Error ? e.message : String(e)),
    hint: 'This is a bug in Akkuro Notebooks; please report it with the cell text (without secrets).',
    startedAt: new Date().toISOString(),
  };
}

/** Per-run state the steps share: the failure builder and what is known so far. */
interface Step {
  ctx: RunContext;
  env: Environment;
  now: () => number;
  startedAt: string;
  cellName: { cellName?: string };
  /** Shared by every result of the run; the client and label join it once they are chosen. */
  environment: EnvironmentSummary;
  fail(category: FailureCategory, title: string, message: string, extra?: Partial<FailureModel>): CellRun;
}

async function runSteps(text: string, ctx: RunContext): Promise<CellRun> {
  const now = ctx.now ?? Date.now;
  const env = ctx.environment;
  const startedAt = new Date(now()).toISOString();
  const environment: EnvironmentSummary = { name: env.name, baseUrl: env.baseUrl, protected: env.protected };
  const step: Step = {
    ctx,
    env,
    now,
    startedAt,
    cellName: {},
    environment,
    fail: (category, title, message, extra = {}) => ({
      result: ctx.engine.redactor.redactDeep<FailureModel>({
        kind: 'failure',
        outcome: 'failed',
        category,
        title,
        message,
        environment,
        startedAt,
        ...step.cellName,
        ...extra,
      }),
    }),
  };

  const parsed = parse(text, step);
  if ('result' in parsed) return parsed;
  const { cell } = parsed;
  if (cell.name) step.cellName = { cellName: cell.name };
  const resolved = resolve(text, cell, step);
  if ('result' in resolved) return resolved;
  touchResponses(ctx.responses, resolved.values.keys());
  const prepared = await prepare(text, cell, resolved.values, step);
  if ('result' in prepared) return prepared;
  const req = prepared.request;
  const refused = guard(cell, req, step);
  if (refused) return refused;
  const chosen = choose(text, cell, req, step);
  if ('result' in chosen) return chosen;
  const blocked = await confirm(req, step);
  if (blocked) return blocked;
  const limits = { ...DEFAULT_LIMITS, ...ctx.limits };
  const timeoutMs = cell.timeoutMs ?? limits.timeoutMs;
  const auth = await authorize(chosen, req, timeoutMs, step);
  if ('result' in auth) return auth;
  const sent = await send(req, auth, { ...limits, timeoutMs }, step);
  if ('result' in sent) return sent;
  const run = buildResult(sent.response, {
    env: environment,
    summary: requestSummary(req, !!sent.token, ctx.engine.redactor),
    notes: auth.notes,
    startedAt,
    ...(cell.name ? { cellName: cell.name } : {}),
    expect: cell.expect,
    values: resolved.values,
    limits,
    ...(ctx.hooks?.keepFullBody ? { keepFullBody: ctx.hooks.keepFullBody } : {}),
  });
  const schema = await schemaAssertions(cell.expect, resolved.values, ctx.contract, req, sent.response, env);
  if (schema.length && run.result.kind === 'response') {
    run.result.assertions.push(...schema);
    if (schema.some((a) => !a.passed)) run.result.outcome = 'failed';
  }
  if (run.named && run.result.kind === 'response')
    run.result.notes.push(
      ...rememberResponse(ctx.responses, run.named.name, run.named.response, limits.namedBodiesBytes),
    );
  if (run.result.kind === 'response') adviseOnAccess(run.result, auth, step);
  return { ...run, result: ctx.engine.redactor.redactDeep(run.result) };
}

function parse(text: string, step: Step): { cell: RequestCell } | CellRun {
  const parsed = step.ctx.engine.parseCell(text);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (parsed.cell && !errors.length) return { cell: parsed.cell };
  return step.fail(
    'cell',
    errors.length === 1 ? 'The cell has a problem' : `The cell has ${errors.length} problems`,
    errors.map((d) => formatDiagnostic(d)).join('\n'),
    { diagnostics: errors, hint: 'Fix the cell text; nothing was sent.' },
  );
}

function resolve(text: string, cell: RequestCell, step: Step): { values: ReadonlyMap<string, unknown> } | CellRun {
  const { ctx, env } = step;
  const scope = {
    environmentName: env.name,
    variables: { ...env.variables, ...ctx.variables },
    responses: ctx.responses,
    now: step.now,
  };
  const evaluated = evaluateTemplates(text, cell.templates, scope);
  if (!evaluated.diagnostics.length) return { values: evaluated.values };
  return step.fail(
    'variable',
    evaluated.diagnostics.length === 1
      ? 'Unknown variable'
      : `${evaluated.diagnostics.length} variables cannot be resolved`,
    evaluated.diagnostics.map((d) => formatDiagnostic(d)).join('\n'),
    { diagnostics: evaluated.diagnostics, hint: 'Nothing was sent.' },
  );
}

async function prepare(
  text: string,
  cell: RequestCell,
  values: ReadonlyMap<string, unknown>,
  step: Step,
): Promise<{ request: PreparedRequest } | CellRun> {
  const { ctx, env } = step;
  const notebook = ctx.notebook ?? {};
  const maxBytes = ctx.limits?.maxBodyBytes ?? DEFAULT_LIMITS.maxBodyBytes;
  const prepared = await prepareRequest({
    cell,
    text,
    values,
    environment: env,
    ...(notebook.apiVersion ? { notebookApiVersion: notebook.apiVersion } : {}),
    userAgent: ctx.engine.userAgent,
    readBodyFile: (file) =>
      readBodyFile(file, {
        ...(notebook.dir ? { notebookDir: notebook.dir } : {}),
        ...(notebook.root ? { rootDir: notebook.root } : {}),
        maxBytes,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      }),
  });
  if (prepared.ok) return { request: prepared.request };
  if (prepared.bodyFileError) {
    return step.fail('body-file', 'The body file could not be read', prepared.bodyFileError, {
      hint: 'Paths are relative to the notebook; nothing was sent.',
    });
  }
  return step.fail('cell', 'The URL is not valid', prepared.diagnostics.map((d) => formatDiagnostic(d)).join('\n'), {
    diagnostics: prepared.diagnostics,
  });
}

/** The last checks on the request as it would leave: headers HTTP can carry, and no secret for another origin. */
function guard(cell: RequestCell, req: PreparedRequest, step: Step): CellRun | undefined {
  const { ctx, env } = step;
  const problem = checkOutgoing(req, {
    redactor: ctx.engine.redactor,
    environmentName: env.name,
    environmentOrigin: env.origin,
    tokenAttached: tokenDecision(cell.auth, env, req.origin).attached,
  });
  if (!problem) return undefined;
  return step.fail(problem.category, problem.title, problem.message, {
    hint: problem.hint,
    request: requestSummary(req, false, ctx.engine.redactor),
  });
}

async function confirm(req: PreparedRequest, step: Step): Promise<CellRun | undefined> {
  const { ctx, env } = step;
  if (!needsConfirmation(env, req.method)) return undefined;
  const ok = ctx.hooks?.confirm
    ? await ctx.hooks.confirm({ environment: env, method: req.method, url: req.url })
    : false;
  if (ok) return undefined;
  return step.fail(
    'blocked',
    `Not sent to protected environment "${env.name}"`,
    `${req.method} ${req.url} was not confirmed (${env.protectedReason ?? 'protected environment'}).`,
    { request: requestSummary(req, false, ctx.engine.redactor), hint: 'Confirm the request when asked to send it.' },
  );
}

interface Authorized {
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
function choose(text: string, cell: RequestCell, req: PreparedRequest, step: Step): Chosen | CellRun {
  const { ctx, env } = step;
  const notes = [...req.notes];
  const decision = tokenDecision(cell.auth, env, req.origin);
  if (!decision.attached && cell.auth === 'environment' && usesTokens(env)) {
    notes.push(
      `No token sent: ${req.origin} is not the origin of environment "${env.name}" (${env.origin}). Tokens only ever go to the environment's own origin.`,
    );
  }
  if (!decision.attached) return { notes };
  const chosen = accessForRequest(cell, env, req.url, ctx.access);
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
async function authorize(
  chosen: Chosen,
  req: PreparedRequest,
  timeoutMs: number,
  step: Step,
): Promise<Authorized | CellRun> {
  const { ctx, env } = step;
  const { notes, access } = chosen;
  if (!access) return { notes };
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

async function getToken(
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

/** Sends with the token; a 401 drops that token and sends once more with a fresh one. */
async function send(
  req: PreparedRequest,
  auth: Authorized,
  limits: Limits,
  step: Step,
): Promise<{ response: IncomingResponse; token?: AccessToken } | CellRun> {
  const { ctx, env } = step;
  let token = auth.token;
  const attempt = () => {
    const headers: Array<[string, string]> = token
      ? [...req.headers.filter(([n]) => n !== 'authorization'), ['authorization', `Bearer ${token.token}`]]
      : req.headers;
    return ctx.engine.http.send(
      { method: req.method, url: req.url, headers, ...(req.body !== undefined ? { body: req.body } : {}) },
      {
        signal: ctx.signal,
        timeoutMs: limits.timeoutMs,
        maxBodyBytes: limits.maxBodyBytes,
        maxReadBytes: limits.maxReadBytes,
      },
    );
  };
  const started = performance.now();
  const report = (status: number | undefined, bytes: number, error?: string) =>
    ctx.engine.emit({
      kind: 'request',
      environment: env.name,
      ...(auth.access ? { client: auth.access.client.name, label: auth.access.label } : {}),
      method: req.method,
      url: req.url,
      ...(status !== undefined ? { status } : {}),
      durationMs: Math.round(performance.now() - started),
      bytes,
      tokenAttached: !!token,
      ...(error ? { error } : {}),
    });
  try {
    let response = await attempt();
    if (response.status === 401 && token && auth.credentials && auth.target) {
      report(response.status, response.size);
      ctx.engine.tokens.invalidate(auth.target, auth.credentials.clientId, token.token);
      const renewed = await getToken(auth.credentials, auth.target, req, limits.timeoutMs, auth.notes, step);
      if ('result' in renewed) return renewed;
      token = renewed.token;
      const first = response;
      response = await attempt();
      response.totalMs += first.totalMs;
      auth.notes.push('The API refused the token (401); a new token was fetched and the request sent once more.');
      auth.refusedFresh = response.status === 401;
    }
    report(response.status, response.size);
    return { response, ...(token ? { token } : {}) };
  } catch (e) {
    if (e instanceof SendError) {
      report(undefined, 0, e.message);
      return step.fail(e.category, e.title, e.message, {
        hint: e.hint,
        request: requestSummary(req, !!token, ctx.engine.redactor),
      });
    }
    throw e;
  }
}

/** What the environments file says about a 403 (which client is declared for the domain) or a second 401. */
function adviseOnAccess(result: ResponseModel, auth: Authorized, step: Step): void {
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

function requestSummary(req: PreparedRequest, tokenAttached: boolean, redactor: Redactor): RequestSummary {
  const headers = redactHeaders(
    tokenAttached
      ? [...req.headers.filter(([n]) => n !== 'authorization'), ['authorization', 'Bearer x']]
      : req.headers,
    redactor,
  );
  return {
    method: req.method,
    url: req.url,
    headers,
    ...(req.bodyPreview !== undefined ? { body: redactor.redact(req.bodyPreview) } : {}),
    ...(req.body !== undefined ? { bodyBytes: Buffer.byteLength(req.body) } : {}),
    tokenAttached,
    ...(req.apiVersion ? { apiVersion: req.apiVersion } : {}),
  };
}
