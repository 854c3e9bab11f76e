import { problem } from './problem';
import type { Reply } from './reply';

/**
 * The `X-Sandbox-Fault` request header: comma-separated directives that make the sandbox misbehave
 * the way real networks and servers do, so clients can be tested against it.
 */
export interface Faults {
  latencyMs?: number;
  reset?: boolean;
  status?: number;
  malformedJson?: boolean;
  largeBodyBytes?: number;
  slowBodyMs?: number;
  /** With `status`: the Retry-After to send (seconds, or an HTTP date that far ahead), or none at all. */
  retryAfter?: { seconds: number; form: 'seconds' | 'date' } | 'none';
  /** With `status`: only the first n requests that carry this exact header value get the fault. */
  times?: number;
}

export const FAULT_HEADER = 'x-sandbox-fault';

const MAX_DELAY_MS = 10 * 60 * 1000;
const MAX_LARGE_BODY = 1024 * 1024 * 1024;
const MAX_RETRY_AFTER = 24 * 3600;
const MAX_TIMES = 1000;
const USAGE =
  'Directives: latency=<ms>, reset, status=<400-599>, retry-after=<seconds>|date+<seconds>|none, times=<n>, ' +
  'malformed-json, large-body=<bytes>, slow-body=<ms>, e.g. "X-Sandbox-Fault: latency=200,status=503" or ' +
  '"X-Sandbox-Fault: status=429,retry-after=1,times=1,id=<a uuid>".';

export type FaultParse = { ok: true; faults: Faults | undefined } | { ok: false; reply: Reply };

export function parseFaults(header: string | undefined): FaultParse {
  if (header === undefined || header.trim() === '') {
    return { ok: true, faults: undefined };
  }
  const faults: Faults = {};
  for (const raw of header.split(',')) {
    const directive = raw.trim();
    if (directive === '') {
      continue;
    }
    const eq = directive.indexOf('=');
    const name = (eq < 0 ? directive : directive.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? undefined : directive.slice(eq + 1).trim();
    const error = apply(faults, name, value);
    if (error) {
      return {
        ok: false,
        reply: problem(400, 'invalid-fault', `X-Sandbox-Fault: ${error} ${USAGE}`, {
          errors: [{ parameter: 'X-Sandbox-Fault', message: error }],
        }),
      };
    }
  }
  const bodies = [faults.status !== undefined, faults.malformedJson, faults.largeBodyBytes !== undefined].filter(
    Boolean,
  ).length;
  const needsStatus =
    faults.retryAfter !== undefined ? 'retry-after' : faults.times !== undefined ? 'times' : undefined;
  if (needsStatus && faults.status === undefined) {
    const error = `"${needsStatus}" shapes an injected status: add status=<code>, e.g. status=429,${needsStatus}=1.`;
    return {
      ok: false,
      reply: problem(400, 'invalid-fault', `X-Sandbox-Fault: ${error}`, {
        errors: [{ parameter: 'X-Sandbox-Fault', message: error }],
      }),
    };
  }
  if (bodies > 1) {
    const error = 'status, malformed-json and large-body each replace the response; use only one of them.';
    return {
      ok: false,
      reply: problem(400, 'invalid-fault', `X-Sandbox-Fault: ${error}`, {
        errors: [{ parameter: 'X-Sandbox-Fault', message: error }],
      }),
    };
  }
  return { ok: true, faults };
}

/** Returns an error message, or undefined when the directive was applied. */
function apply(faults: Faults, name: string, value: string | undefined): string | undefined {
  switch (name) {
    case 'reset':
    case 'malformed-json':
      if (value !== undefined) {
        return `"${name}" takes no value.`;
      }
      if (name === 'reset') {
        faults.reset = true;
      } else {
        faults.malformedJson = true;
      }
      return undefined;
    case 'latency':
    case 'slow-body': {
      const ms = integer(value, 0, MAX_DELAY_MS);
      if (ms === undefined) {
        return `"${name}" needs a delay in milliseconds between 0 and ${MAX_DELAY_MS}, got "${value ?? ''}".`;
      }
      if (name === 'latency') {
        faults.latencyMs = ms;
      } else {
        faults.slowBodyMs = ms;
      }
      return undefined;
    }
    case 'status': {
      const status = integer(value, 400, 599);
      if (status === undefined) {
        return `"status" needs an HTTP error status between 400 and 599 (e.g. 500 or 503), got "${value ?? ''}".`;
      }
      faults.status = status;
      return undefined;
    }
    case 'retry-after': {
      const m = value === undefined ? null : /^(date\+)?(\d+)$/.exec(value);
      const seconds = m ? Number(m[2]) : NaN;
      if (value === 'none') faults.retryAfter = 'none';
      else if (m && seconds <= MAX_RETRY_AFTER) faults.retryAfter = { seconds, form: m[1] ? 'date' : 'seconds' };
      else
        return `"retry-after" needs seconds from 0 to ${MAX_RETRY_AFTER}, "date+<seconds>" for an HTTP date that far ahead, or "none", got "${value ?? ''}".`;
      return undefined;
    }
    case 'times': {
      const n = integer(value, 1, MAX_TIMES);
      if (n === undefined) return `"times" needs a count from 1 to ${MAX_TIMES}, got "${value ?? ''}".`;
      faults.times = n;
      return undefined;
    }
    case 'id':
      // Only makes the header value unique, so that `times` counts this test's requests alone.
      return value ? undefined : '"id" needs a value, e.g. id=<a uuid>.';
    case 'large-body': {
      const bytes = integer(value, 2, MAX_LARGE_BODY);
      if (bytes === undefined) {
        return `"large-body" needs a size in bytes between 2 and ${MAX_LARGE_BODY}, got "${value ?? ''}".`;
      }
      faults.largeBodyBytes = bytes;
      return undefined;
    }
    default:
      return `unknown directive "${name}".`;
  }
}

function integer(value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) {
    return undefined;
  }
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

/**
 * The reply a `status=` fault stands for; 503 and 429 say when to retry (1 s unless `retry-after` says otherwise),
 * as real gateways do, and any status does with `retry-after`.
 */
export function faultStatusReply(status: number, faults: Faults = {}, now = Date.now()): Reply {
  const after = faults.retryAfter ?? (status === 503 || status === 429 ? { seconds: 1, form: 'seconds' } : 'none');
  const retry =
    after === 'none'
      ? undefined
      : {
          'retry-after':
            after.form === 'date'
              ? new Date(Math.ceil(now / 1000) * 1000 + after.seconds * 1000).toUTCString()
              : String(after.seconds),
        };
  return problem(
    status,
    'injected-fault',
    `This ${status} was injected by the X-Sandbox-Fault header (status=${status}).`,
    retry ? { headers: retry } : {},
  );
}

/**
 * Which requests a `times=<n>` fault still applies to: the first n with the same header value. Bounded: the
 * oldest header values are forgotten first.
 */
export class FaultCounts {
  private readonly seen = new Map<string, number>();

  constructor(private readonly max = 1000) {}

  /** Whether the fault applies to this request (and counts it). */
  applies(header: string, times: number | undefined): boolean {
    if (times === undefined) return true;
    const n = this.seen.get(header) ?? 0;
    if (!this.seen.has(header) && this.seen.size >= this.max) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(header, n + 1);
    return n < times;
  }
}

/** A 200 whose body is cut off mid-string: well-formed HTTP, broken JSON. */
export function malformedJsonReply(): Reply {
  return {
    status: 200,
    contentType: 'application/json',
    body: '{"items":[{"referenceId":"0b6f3c1e-8d2a-4c6b-9e51-2f7a9d4c8b10","name":"Truncated by X-Sandbox-Fault malformed-j',
  };
}
