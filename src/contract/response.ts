import type { Diagnostic } from '../core/text/diagnostic';

/**
 * The one serialisable description of what happened when a cell ran. The notebook renderer draws it,
 * the text/plain fallback and the CLI reporters print it, and JSON/JUnit reports are built from it.
 * It never holds a secret or a token: it is built from redacted values and passed through the
 * redactor once more before it leaves the core.
 */
export type RunResult = ResponseModel | FailureModel;

export type Outcome = 'passed' | 'failed';

export interface EnvironmentSummary {
  name: string;
  baseUrl: string;
  protected: boolean;
  /** The client application the request ran with (its name in the environments file), when it needed a token. */
  client?: string;
  /** The white label (label reference id) the token was issued for. */
  label?: string;
}

export interface RequestSummary {
  method: string;
  url: string;
  /** Header pairs as sent, with Authorization/Cookie values redacted. */
  headers: Array<[string, string]>;
  /** The body as sent, bounded, redacted. */
  body?: string;
  bodyBytes?: number;
  /** Whether the environment token was attached (false when `auth: none` or another origin). */
  tokenAttached: boolean;
  /** The api-version sent in the Accept header, when one was. */
  apiVersion?: string;
}

export interface BodyModel {
  contentType: string;
  /** How `text` is to be read: utf-8 text (json/jsonl/text) or base64 (images and other binary). */
  encoding: 'utf8' | 'base64';
  /** What kind of view suits the body. */
  view: 'json' | 'jsonl' | 'text' | 'image' | 'binary' | 'empty';
  /** The body, or a bounded prefix of it when `truncated` is true. */
  text: string;
  /** The full decoded size in bytes, even when only a prefix is kept. */
  size: number;
  truncated: boolean;
}

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  /** Any extension members of the problem object. */
  extra?: Record<string, unknown>;
}

export interface AssertionResult {
  /** What was checked, for people: `status`, `header content-type`, `body $.name`, `duration`. */
  target: string;
  /** The operator: `equals`, `type`, `exists`, `matches`, `gt`, `length`, ... */
  operator: string;
  expected: unknown;
  actual: unknown;
  passed: boolean;
  /** One readable sentence, e.g. "expected body $.name to equal \"Jane\" but it was \"Joe\"". */
  message: string;
}

export interface Timings {
  /** From sending the first byte to the last body byte, including redirects and a 401 retry. */
  totalMs: number;
  /** Until the response headers arrived. */
  ttfbMs: number;
}

/** Marks the extension's run history adds to an output; other writers leave them out. */
export interface HistoryMarks {
  /** The run's id in its cell's history: the output's "Runs…" action asks the extension for that cell's runs. */
  runId?: string;
  /** Set when the output shows an earlier run picked from the history rather than the latest one. */
  earlier?: { ranAt: string };
}

export interface ResponseModel extends HistoryMarks {
  kind: 'response';
  outcome: Outcome;
  cellName?: string;
  environment: EnvironmentSummary;
  request: RequestSummary;
  status: number;
  statusText: string;
  /** Header pairs in the order received (lower-case names), redacted. */
  headers: Array<[string, string]>;
  body: BodyModel;
  problem?: ProblemDetails;
  assertions: AssertionResult[];
  timings: Timings;
  startedAt: string;
  /** Things the user should know, e.g. "no token sent: other origin", "redirect to another origin not followed". */
  notes: string[];
  /** Id under which the full body is kept in memory by the face that ran it (for "Open full response"). */
  fullBodyId?: string;
  /** Advice about the answer, e.g. which configured client is declared for a domain that answered 403. */
  hint?: string;
  /** A command that acts on the hint, e.g. add `client:` to the cell. */
  action?: CommandAction;
  /** Set when the cell sent more than one request: its pages, polling attempts or retries. */
  sequence?: SequenceModel;
}

/**
 * The requests of a cell that sent several (PRODUCT.md §10): the pages of a `paginate:` cell, the attempts of a
 * `repeat:` cell, or the retries of one request after 429/503. The result's status, headers and timing are those
 * of the last response, its body the merged `items` of every page (paginate) or the last response (repeat).
 */
export interface SequenceModel {
  kind: 'pages' | 'polling' | 'retries';
  /** One line for people: `3 pages · 250 items (total 250)`, `4 attempts · until met`, `2 attempts · 1 retry`. */
  summary: string;
  /** Every request sent, in order; at most 1,000 (see `omitted`). */
  exchanges: ExchangeSummary[];
  /** Requests sent but left out of `exchanges` to keep the output bounded (the ones in the middle). */
  omitted?: number;
  /** Every request the cell sent, retries included. */
  requests: number;
  /** Pages: the items merged, and the total the API declared, if it did. */
  items?: number;
  declaredTotal?: number;
}

/** One request of a cell that sent several. */
export interface ExchangeSummary {
  /** What it was: `page 2`, `attempt 3`, `retry 1 of page 2`. */
  label: string;
  /** Undefined when no response came (network error, timeout). */
  status?: number;
  statusText?: string;
  durationMs: number;
  /** The pause before it was sent, and why: Retry-After, `every:`, pacing. */
  waited?: { ms: number; reason: string };
  /** The items a page held. */
  items?: number;
  /** What it showed: the values `until` saw, why it failed, why it was not retried. */
  detail?: string;
  /** Whether this request did what the sequence needed (a page read, a retry that worked, `until` met). */
  ok: boolean;
}

/** A command an output offers as a button; the extension only runs its own commands. */
export interface CommandAction {
  title: string;
  command: string;
  args?: unknown[];
}

export type FailureCategory =
  | 'cell' // the cell text is invalid (YAML, schema)
  | 'variable' // an unknown or unusable {{variable}}
  | 'environment' // environment missing or invalid
  | 'not-signed-in' // credentials are missing for an environment that needs a token
  | 'credentials' // stored credentials unusable (binding changed) or refused by the token endpoint
  | 'token' // the token endpoint failed for another reason
  | 'network' // refused, reset, DNS
  | 'timeout'
  | 'tls'
  | 'cancelled'
  | 'blocked' // refused by a guard: protected environment not confirmed, untrusted workspace
  | 'client' // no client (or several) for the request, or a client/label that does not fit: nothing sent
  | 'body-file' // bodyFile could not be read
  | 'budget' // over the run's --budget or a client's daily quota: nothing (more) was sent
  | 'internal';

export interface FailureModel extends HistoryMarks {
  kind: 'failure';
  outcome: 'failed';
  category: FailureCategory;
  cellName?: string;
  environment?: EnvironmentSummary;
  request?: RequestSummary;
  /** A short headline: "Cell has 2 problems", "Connection refused". */
  title: string;
  /** What happened, in the user's terms. */
  message: string;
  /** What to do about it. */
  hint?: string;
  /** Positioned problems in the cell text, when the failure is about the text. */
  diagnostics?: Diagnostic[];
  /** A command the user can run to fix it, e.g. authenticate for the environment. */
  action?: CommandAction;
  startedAt: string;
  timings?: Timings;
  /** The requests the cell sent before it failed (a page, an attempt, a retry). */
  sequence?: SequenceModel;
}
