import type {
  AssertionResult,
  EnvironmentSummary,
  RequestSummary,
  ResponseModel,
  RunResult,
} from '../../contract/response';
import type { Limits } from '../engine';
import { compileExpect } from '../expect/assertions';
import { evaluateExpect } from '../expect/expectEvaluate';
import { buildBodyModel, namedResponse, parseJsonBody, problemOf } from '../http/bodyModel';
import { redactHeaders } from '../http/redact';
import type { IncomingResponse } from '../http/send';
import { substituteValue, type NamedResponse } from '../request/variables';

export interface BuildInput {
  env: EnvironmentSummary;
  summary: RequestSummary;
  notes: string[];
  startedAt: string;
  cellName?: string;
  expect?: unknown;
  values: ReadonlyMap<string, unknown>;
  limits: Limits;
  keepFullBody?: (body: Buffer, contentType: string) => string | undefined;
}

export interface BuiltResult {
  result: RunResult;
  named?: { name: string; response: NamedResponse };
}

/** The response model of a received response: body view, problem, assertions, notes, and the named response. */
export function buildResult(res: IncomingResponse, b: BuildInput): BuiltResult {
  const contentType = res.headers.find(([n]) => n === 'content-type')?.[1];
  const keptAll = !res.truncated;
  const body = buildBodyModel(contentType, res.body, res.size, keptAll, b.limits.previewBytes, b.limits.treeBytes);
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
  // A limit hit (a body that did not end, a redirect loop) fails the request whatever else passed.
  for (const message of res.limits)
    assertions.push({
      target: 'limit',
      operator: 'within',
      expected: 'a complete response',
      actual: 'stopped at a limit',
      passed: false,
      message,
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
    // Without `expect:`, only a failing status is worth showing.
    if (b.expect === undefined && passed) assertions.shift();
  }
  // A body carried whole for the tree is still offered in an editor when it is larger than a preview.
  const offerFull = body.truncated || res.body.length > b.limits.previewBytes;
  const fullBodyId = offerFull && b.keepFullBody ? b.keepFullBody(res.body, contentType ?? '') : undefined;
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
      ? {
          named: {
            name: b.cellName,
            response: namedResponse(res.status, res.headers, parsed, fullText, fullText ? res.body.length : 0),
          },
        }
      : {}),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
