import type { EnvironmentSummary, FailureCategory, FailureModel, RequestSummary } from '../../contract/response';
import type { Environment } from '../environments/environment';
import { redactHeaders, type Redactor } from '../http/redact';
import type { PreparedRequest } from '../request/prepare';
import type { CellRun, RunContext } from './runContext';

/** Per-run state the steps share: the failure builder and what is known so far. */
export interface Step {
  ctx: RunContext;
  env: Environment;
  now: () => number;
  startedAt: string;
  cellName: { cellName?: string };
  /** Shared by every result of the run; the client and label join it once they are chosen. */
  environment: EnvironmentSummary;
  fail(category: FailureCategory, title: string, message: string, extra?: Partial<FailureModel>): CellRun;
}

/** The request as the result shows it: headers redacted, the token as `Bearer ‹redacted›` when it was attached. */
export function requestSummary(req: PreparedRequest, tokenAttached: boolean, redactor: Redactor): RequestSummary {
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
