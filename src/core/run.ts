import { compileExpect } from './assertions';
import { evaluateExpect } from './expectEvaluate';
import { buildBodyModel, namedResponse, parseJsonBody, problemOf } from './bodyModel';
import { parseRequestCell } from './cell';
import type { CellParser } from './cellParser';
import { formatDiagnostic } from './diagnostic';
import { usesTokens, type Environment } from './environments';
import { prepareRequest, type PreparedRequest } from './prepare';
import { redactHeaders, type Redactor } from './redact';
import type {
  AssertionResult,
  EnvironmentSummary,
  FailureCategory,
  FailureModel,
  RequestSummary,
  ResponseModel,
  RunResult,
} from './response';
import { SendError, type HttpClient, type IncomingResponse } from './send';
import { TokenError, tokenTarget, type AccessToken, type Credentials } from './token';
import type { TokenCache } from './tokenCache';
import { tokenDecision } from './tokenRule';
import { evaluateTemplates, substituteValue, type NamedResponse } from './variables';

export type CredentialLookup =
  { kind: 'ok'; credentials: Credentials } | { kind: 'missing' } | { kind: 'unbound'; reason: string };

/** Everything a run needs from outside, injected by the face (extension or CLI) that owns it. */
export interface RunContext {
  environment: Environment;
  http: HttpClient;
  tokens: TokenCache;
  redactor: Redactor;
  credentials: (env: Environment) => Promise<CredentialLookup>;
  /** Named responses of this notebook in this environment; runCell stores a named cell's response here. */
  responses: Map<string, NamedResponse>;
  /** Variables that override the environment's (the runner's --var). */
  variables?: Readonly<Record<string, string>>;
  notebookApiVersion?: string;
  readBodyFile?: (path: string) => Promise<Buffer>;
  /** Asked before a request other than GET/HEAD is sent to a protected environment. No answer means no. */
  confirm?: (request: { environment: Environment; method: string; url: string }) => Promise<boolean>;
  /** Keeps the full body when only a preview fits in the result; returns an id for "Open full response". */
  keepFullBody?: (body: Buffer, contentType: string) => string | undefined;
  /** The command that lets the user sign in, offered on "not signed in" failures. */
  authenticateAction?: (env: Environment) => FailureModel['action'];
  /** Parses cell text; a face passes its memo (createCellParser) so unchanged cells are not parsed again. */
  parseCell?: CellParser;
  signal?: AbortSignal;
  now?: () => number;
  userAgent?: string;
  limits?: { maxBodyBytes?: number; previewBytes?: number; timeoutMs?: number };
}

export interface CellRun {
  result: RunResult;
  /** Set when the cell has a `name:` and a response arrived. */
  named?: { name: string; response: NamedResponse };
}

export const DEFAULT_LIMITS = { maxBodyBytes: 20 * 1024 * 1024, previewBytes: 1024 * 1024, timeoutMs: 30_000 };

export function needsConfirmation(env: Environment, method: string): boolean {
  return env.protected && method !== 'GET' && method !== 'HEAD';
}

/** Runs one request cell end to end: parse → resolve → token → send → assert → response model. */
export async function runCell(text: string, ctx: RunContext): Promise<CellRun> {
  const now = ctx.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const env = ctx.environment;
  const envSummary: EnvironmentSummary = { name: env.name, baseUrl: env.baseUrl, protected: env.protected };
  const fail = (
    category: FailureCategory,
    title: string,
    message: string,
    extra: Partial<FailureModel> = {},
  ): CellRun => ({
    result: ctx.redactor.redactDeep<FailureModel>({
      kind: 'failure',
      outcome: 'failed',
      category,
      title,
      message,
      environment: envSummary,
      startedAt,
      ...extra,
    }),
  });

  const parsed = (ctx.parseCell ?? parseRequestCell)(text);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (!parsed.cell || errors.length) {
    return fail(
      'cell',
      errors.length === 1 ? 'The cell has a problem' : `The cell has ${errors.length} problems`,
      errors.map((d) => formatDiagnostic(d)).join('\n'),
      { diagnostics: errors, hint: 'Fix the cell text; nothing was sent.' },
    );
  }
  const cell = parsed.cell;
  const cellName = cell.name ? { cellName: cell.name } : {};
  const scope = {
    environmentName: env.name,
    variables: { ...env.variables, ...ctx.variables },
    responses: ctx.responses,
    now,
  };
  const evaluated = evaluateTemplates(text, cell.templates, scope);
  if (evaluated.diagnostics.length) {
    return fail(
      'variable',
      evaluated.diagnostics.length === 1
        ? 'Unknown variable'
        : `${evaluated.diagnostics.length} variables cannot be resolved`,
      evaluated.diagnostics.map((d) => formatDiagnostic(d)).join('\n'),
      { ...cellName, diagnostics: evaluated.diagnostics, hint: 'Nothing was sent.' },
    );
  }
  const prepared = await prepareRequest({
    cell,
    text,
    values: evaluated.values,
    environment: env,
    notebookApiVersion: ctx.notebookApiVersion,
    userAgent: ctx.userAgent ?? 'akkuro-notebooks',
    readBodyFile: ctx.readBodyFile,
  });
  if (!prepared.ok) {
    if (prepared.bodyFileError)
      return fail('body-file', 'The body file could not be read', prepared.bodyFileError, {
        ...cellName,
        hint: 'Paths are relative to the notebook; nothing was sent.',
      });
    return fail('cell', 'The URL is not valid', prepared.diagnostics.map((d) => formatDiagnostic(d)).join('\n'), {
      ...cellName,
      diagnostics: prepared.diagnostics,
    });
  }
  const req = prepared.request;
  const summary = (tokenAttached: boolean): RequestSummary => requestSummary(req, tokenAttached, ctx.redactor);

  if (needsConfirmation(env, req.method)) {
    const ok = ctx.confirm ? await ctx.confirm({ environment: env, method: req.method, url: req.url }) : false;
    if (!ok)
      return fail(
        'blocked',
        `Not sent to protected environment "${env.name}"`,
        `${req.method} ${req.url} was not confirmed (${env.protectedReason ?? 'protected environment'}).`,
        { ...cellName, request: summary(false), hint: 'Confirm the request when asked to send it.' },
      );
  }

  const notes = [...req.notes];
  const decision = tokenDecision(cell.auth, env, req.origin);
  if (!decision.attached && cell.auth === 'environment' && usesTokens(env))
    notes.push(
      `No token sent: ${req.origin} is not the origin of environment "${env.name}" (${env.origin}). Tokens only ever go to the environment's own origin.`,
    );
  let credentials: Credentials | undefined;
  let token: AccessToken | undefined;
  const getToken = async (): Promise<CellRun | undefined> => {
    try {
      token = await ctx.tokens.get(
        tokenTarget(env as Environment & { brokerKey: string; labelReferenceId: string }),
        credentials!,
        ctx.signal,
      );
      return undefined;
    } catch (e) {
      if (e instanceof TokenError) {
        const refused = e.kind === 'refused';
        return fail(
          e.kind === 'cancelled' ? 'cancelled' : refused ? 'credentials' : 'token',
          refused ? 'Credentials refused' : 'Could not get a token',
          e.message,
          {
            ...cellName,
            hint: e.hint,
            request: summary(false),
            ...(refused && ctx.authenticateAction ? { action: ctx.authenticateAction(env) } : {}),
          },
        );
      }
      if (ctx.signal?.aborted)
        return fail('cancelled', 'Cancelled', 'The run was cancelled while getting a token.', { ...cellName });
      throw e;
    }
  };
  if (decision.attached) {
    const lookup = await ctx.credentials(env);
    if (lookup.kind !== 'ok') {
      const action = ctx.authenticateAction?.(env);
      return lookup.kind === 'missing'
        ? fail(
            'not-signed-in',
            `Not signed in to "${env.name}"`,
            `This request needs a token for ${env.brokerKey}/${env.labelReferenceId} on ${new URL(env.origin).host}, and no credentials are stored for environment "${env.name}".`,
            {
              ...cellName,
              request: summary(false),
              hint: 'Authenticate with your client id and secret; they are kept in the OS secret store, never in files.',
              ...(action ? { action } : {}),
            },
          )
        : fail('credentials', `Sign in again to "${env.name}"`, lookup.reason, {
            ...cellName,
            request: summary(false),
            hint: 'Authenticate again to bind your credentials to the environment as it is now.',
            ...(action ? { action } : {}),
          });
    }
    credentials = lookup.credentials;
    ctx.redactor.addCredentials(credentials.clientId, credentials.clientSecret);
    const failed = await getToken();
    if (failed) return failed;
  }

  const limits = { ...DEFAULT_LIMITS, ...ctx.limits };
  const send = () => {
    const headers = token
      ? [
          ...req.headers.filter(([n]) => n !== 'authorization'),
          ['authorization', `Bearer ${token.token}`] as [string, string],
        ]
      : req.headers;
    return ctx.http.send(
      { method: req.method, url: req.url, headers, ...(req.body !== undefined ? { body: req.body } : {}) },
      { signal: ctx.signal, timeoutMs: cell.timeoutMs ?? limits.timeoutMs, maxBodyBytes: limits.maxBodyBytes },
    );
  };
  let res: IncomingResponse;
  try {
    res = await send();
    if (res.status === 401 && token && credentials) {
      ctx.tokens.invalidate(
        tokenTarget(env as Environment & { brokerKey: string; labelReferenceId: string }),
        credentials.clientId,
        token.token,
      );
      const failed = await getToken();
      if (failed) return failed;
      const first = res;
      res = await send();
      res.totalMs += first.totalMs;
      notes.push('The API refused the token (401); a new token was fetched and the request sent once more.');
    }
  } catch (e) {
    if (e instanceof SendError)
      return fail(e.category, sendTitle(e), e.message, { ...cellName, hint: e.hint, request: summary(!!token) });
    throw e;
  }
  const run = buildResult(res, {
    env: envSummary,
    summary: summary(!!token),
    notes,
    startedAt,
    cellName: cell.name,
    expect: cell.expect,
    values: evaluated.values,
    limits,
    ctx,
  });
  if (run.named) ctx.responses.set(run.named.name, run.named.response);
  return { ...run, result: ctx.redactor.redactDeep(run.result) };
}

function sendTitle(e: SendError): string {
  return { network: 'Could not connect', timeout: 'Timed out', tls: 'TLS certificate problem', cancelled: 'Cancelled' }[
    e.category
  ];
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
  };
}

interface BuildInput {
  env: EnvironmentSummary;
  summary: RequestSummary;
  notes: string[];
  startedAt: string;
  cellName?: string;
  expect?: unknown;
  values: ReadonlyMap<string, unknown>;
  limits: typeof DEFAULT_LIMITS;
  ctx: RunContext;
}

function buildResult(res: IncomingResponse, b: BuildInput): CellRun {
  const contentType = res.headers.find(([n]) => n === 'content-type')?.[1];
  const keptAll = !res.truncated;
  const body = buildBodyModel(contentType, res.body, res.size, keptAll, b.limits.previewBytes);
  const textual = body.view === 'json' || body.view === 'jsonl' || body.view === 'text';
  const fullText = !textual ? '' : body.truncated ? res.body.toString('utf8') : body.text;
  // JSON is only parsed when something reads it: assertions, a later {{name.body…}}, or a problem.
  const needsJson = b.expect !== undefined || b.cellName !== undefined || res.status >= 400;
  const parsed = keptAll && needsJson ? parseJsonBody(body.view, fullText) : ({ ok: false } as const);
  if (!keptAll && (body.view === 'json' || body.view === 'jsonl'))
    b.notes.push(
      'The body is larger than the akkuro.maxBodySize limit, so it is not read as JSON: body assertions and {{name.body…}} cannot see it.',
    );
  const problem = problemOf(contentType, res.status, parsed.ok ? parsed.value : undefined);
  const assertions: AssertionResult[] = [];
  const headers: Record<string, string[]> = {};
  for (const [k, v] of res.headers) (headers[k] ??= []).push(v);
  const actual = {
    status: res.status,
    headers,
    body: parsed.ok ? parsed.value : fullText,
    bodyIsJson: parsed.ok,
    durationMs: res.totalMs,
  };
  const expectValue = b.expect === undefined ? undefined : substituteValue(b.expect, b.values);
  const compiled = expectValue === undefined ? undefined : compileExpect(expectValue);
  if (compiled?.spec) assertions.push(...evaluateExpect(compiled.spec, actual));
  // A {{variable}} operand is only checked once substituted; a value that does not fit fails the cell visibly.
  for (const p of compiled?.problems ?? [])
    assertions.push({
      target: `expect ${p.path.join(' ')}`,
      operator: 'valid',
      expected: 'a valid expectation',
      actual: 'invalid',
      passed: false,
      message: p.message,
    });
  const hasStatus = !!expectValue && typeof expectValue === 'object' && 'status' in (expectValue as object);
  if (!hasStatus) {
    const passed = res.status < 400;
    assertions.unshift({
      target: 'status',
      operator: 'lt',
      expected: 400,
      actual: res.status,
      passed,
      message: passed
        ? `status ${res.status} is not an error`
        : `status ${res.status} is an error; add "expect: { status: ${res.status} }" if it is what you expect`,
    });
    if (b.expect === undefined) assertions.length = passed ? 0 : 1;
  }
  const fullBodyId = body.truncated && b.ctx.keepFullBody ? b.ctx.keepFullBody(res.body, contentType ?? '') : undefined;
  const model: ResponseModel = {
    kind: 'response',
    outcome: assertions.every((a) => a.passed) ? 'passed' : 'failed',
    ...(b.cellName ? { cellName: b.cellName } : {}),
    environment: b.env,
    request: b.summary,
    status: res.status,
    statusText: res.statusText,
    headers: redactHeaders(res.headers),
    body,
    ...(problem ? { problem } : {}),
    assertions,
    timings: { totalMs: round(res.totalMs), ttfbMs: round(res.ttfbMs) },
    startedAt: b.startedAt,
    notes: [...b.notes, ...res.notes, ...res.redirects.map((r) => `Followed redirect ${r.status} to ${r.to}`)],
    ...(fullBodyId ? { fullBodyId } : {}),
  };
  return {
    result: model,
    ...(b.cellName
      ? { named: { name: b.cellName, response: namedResponse(res.status, res.headers, parsed, fullText) } }
      : {}),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
