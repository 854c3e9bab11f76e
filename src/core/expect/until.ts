import { compileExpect } from './assertions';
import { isPlainObject, show } from './expectText';
import type { ExpectProblem, ExpectSpec } from './expectTypes';

/**
 * `repeat: { until: … }`: the condition that ends polling, written in the words of `expect:` — JSON paths
 * into the body with a value or operators (`$.status: Completed`, `$.progress: { gte: 100 }`), and `status`
 * (`status: 200`, to poll until a resource exists). Compiled by the expect compiler, so both agree.
 */
export const UNTIL_EXAMPLE = 'until: { $.status: Completed }';

/** The `expect:` value an `until:` mapping stands for. */
export function untilAsExpect(until: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(until)) {
    if (key === 'status') out.status = value;
    else body[key] = value;
  }
  if (Object.keys(body).length) out.body = body;
  return out;
}

/**
 * Compiles an `until:` value. Problems carry paths into `until` itself (`['$.status', 'gte']`), for
 * positioned diagnostics. `deferred` when a check waits for a `{{variable}}` to be substituted.
 */
export function compileUntil(value: unknown): { spec?: ExpectSpec; problems: ExpectProblem[]; deferred?: boolean } {
  if (!isPlainObject(value) || Object.keys(value).length === 0)
    return {
      problems: [
        {
          path: [],
          message: `"until" must be a mapping of JSON paths to the values that end the polling, e.g. ${UNTIL_EXAMPLE}; got ${isPlainObject(value) ? 'an empty mapping' : show(value)}`,
        },
      ],
    };
  const problems: ExpectProblem[] = [];
  for (const key of Object.keys(value))
    if (key !== 'status' && !key.trim().startsWith('$'))
      problems.push({
        path: [key],
        onKey: true,
        message: `"${key}" is not a JSON path: "until" takes paths into the response body such as $.status or $.items[0].state, and "status" for the status code`,
      });
  if (problems.length) return { problems };
  const compiled = compileExpect(untilAsExpect(value));
  const mapped = compiled.problems.map((p) => ({ ...p, path: p.path[0] === 'body' ? p.path.slice(1) : p.path }));
  if (compiled.spec) return { spec: compiled.spec, problems: mapped };
  return mapped.length ? { problems: mapped } : { problems: [], deferred: true };
}

/** Whether polling may go on through error statuses: only when `until` itself waits for a status. */
export function untilWatchesStatus(until: Record<string, unknown>): boolean {
  return Object.hasOwn(until, 'status');
}
