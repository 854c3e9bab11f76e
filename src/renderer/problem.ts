/** RFC 7807 problem details, turned into the fields of the error card. */
import type { ProblemDetails, ResponseModel } from '../contract/response';
import { mimeOf } from './bodyPlan';
import { statusLabel } from './format';

export interface ProblemView {
  title: string;
  status?: number;
  detail?: string;
  /** Omitted when it is `about:blank`, which by definition says nothing more than the status. */
  type?: string;
  instance?: string;
  /** Extension members as [name, readable value]. */
  extra: Array<[string, string]>;
}

const STANDARD = new Set(['type', 'title', 'status', 'detail', 'instance']);
const EXTRA_VALUE_CHARS = 500;

/** The problem to show: the core's, else one read from a complete `application/problem+json` body. */
export function problemOf(model: ResponseModel): ProblemDetails | undefined {
  if (model.problem) return model.problem;
  const body = model.body;
  if (mimeOf(body.contentType) !== 'application/problem+json' || body.truncated) return undefined;
  try {
    return problemFromJson(JSON.parse(body.text));
  } catch {
    return undefined;
  }
}

export function problemFromJson(value: unknown): ProblemDetails | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const p: ProblemDetails = {};
  if (typeof o.type === 'string') p.type = o.type;
  if (typeof o.title === 'string') p.title = o.title;
  if (typeof o.status === 'number') p.status = o.status;
  if (typeof o.detail === 'string') p.detail = o.detail;
  if (typeof o.instance === 'string') p.instance = o.instance;
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!STANDARD.has(k)) extra[k] = v;
  if (Object.keys(extra).length > 0) p.extra = extra;
  return p;
}

export function problemView(p: ProblemDetails, responseStatus?: number, responseStatusText = ''): ProblemView {
  const status = p.status ?? responseStatus;
  const title =
    p.title?.trim() ||
    (status !== undefined ? statusLabel(status, status === responseStatus ? responseStatusText : '') : 'Problem');
  const view: ProblemView = { title, extra: [] };
  if (status !== undefined) view.status = status;
  if (p.detail) view.detail = p.detail;
  if (p.type && p.type !== 'about:blank') view.type = p.type;
  if (p.instance) view.instance = p.instance;
  for (const [k, v] of Object.entries(p.extra ?? {})) view.extra.push([k, readable(v)]);
  return view;
}

function readable(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return s.length > EXTRA_VALUE_CHARS ? `${s.slice(0, EXTRA_VALUE_CHARS)}…` : s;
}
