import type { EnvironmentSummary, FailureModel } from '../../contract/response';
import { tokenDecision } from '../auth/tokenRule';
import { formatDiagnostic } from '../text/diagnostic';
import { adviseOnAccess, authorize, choose } from './runAuthorize';
import { requestSummary, type Step } from './runStep';
import { cellRequestCount } from '../budget/estimate';
import { DEFAULT_LIMITS } from '../engine';
import type { Environment } from '../environments/environment';
import { checkOutgoing } from '../http/outgoingChecks';
import type { Redactor } from '../http/redact';
import { readBodyFile } from '../request/bodyFile';
import type { RequestCell } from '../request/cell';
import { prepareRequest, type PreparedRequest } from '../request/prepare';
import { rememberResponse, touchResponses } from '../request/namedResponses';
import { evaluateTemplates } from '../request/variables';
import { buildResult } from './result';
import { Sender, sendSettings } from './runSend';
import { sendCell } from './runSequence';
import { schemaAssertions } from '../expect/schemaExpect';
import type { CellRun, RunContext } from './runContext';

export type { CellRun, NotebookScope, RunContext } from './runContext';

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
  const auth = await authorize(chosen, req, timeoutMs, step, cellRequestCount(cell));
  if ('result' in auth) return auth;
  const sender = new Sender(req, auth, { ...limits, timeoutMs }, step, sendSettings(cell.retries, step));
  const sent = await sendCell(cell, req, sender, step, resolved.values, limits.maxBodyBytes);
  if ('result' in sent) return sent;
  const run = buildResult(sent.response, {
    env: environment,
    summary: requestSummary(
      sent.requestUrl ? { ...req, url: sent.requestUrl } : req,
      !!sender.token,
      ctx.engine.redactor,
    ),
    notes: [...auth.notes, ...sent.notes],
    startedAt,
    ...(cell.name ? { cellName: cell.name } : {}),
    expect: sent.expect ? sent.expect.value : cell.expect,
    values: resolved.values,
    limits,
    ...(ctx.hooks?.keepFullBody ? { keepFullBody: ctx.hooks.keepFullBody } : {}),
  });
  if (run.result.kind === 'response') {
    if (sent.sequence) run.result.sequence = sent.sequence;
    run.result.assertions.unshift(...sent.assertions);
    if (sent.assertions.some((a) => !a.passed)) run.result.outcome = 'failed';
  }
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
  // The cell's timeout covers reading its body file too, as it covers the request.
  const timeoutMs = cell.timeoutMs ?? ctx.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
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
        timeoutMs,
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
