import { PROBLEM_TYPE, type Reply } from './reply';

/** One entry of a problem's `errors` array: which input is wrong and how to fix it. */
export interface FieldError {
  /** A JSON pointer into the request body, e.g. `/value/amount`. */
  pointer?: string;
  /** A query parameter or header name. */
  parameter?: string;
  message: string;
}

export interface ProblemExtras {
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** Extension members added to the problem object. */
  members?: Record<string, unknown>;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * An RFC 7807 problem. `slug` names the kind of problem in a stable, machine-readable `type`;
 * `instance` is filled in by the writer with the request path, which handlers need not know.
 */
export function problem(status: number, slug: string, detail: string, extras: ProblemExtras = {}): Reply {
  const json: Record<string, unknown> = {
    type: `urn:akkuro-sandbox:problem:${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(extras.errors ? { errors: extras.errors } : {}),
    ...extras.members,
  };
  return { status, json, contentType: PROBLEM_TYPE, ...(extras.headers ? { headers: extras.headers } : {}) };
}

export function methodNotAllowed(method: string, path: string, allowed: readonly string[]): Reply {
  return problem(405, 'method-not-allowed', `${method} is not supported on ${path}. Use ${allowed.join(', ')}.`, {
    headers: { allow: allowed.join(', ') },
  });
}
