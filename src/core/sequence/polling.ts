import type { AssertionResult } from '../../contract/response';
import { formatPath } from '../../contract/jsonPathFormat';
import { evaluateExpect } from '../expect/expectEvaluate';
import { show } from '../expect/expectText';
import type { ExpectTarget } from '../expect/expectTypes';
import { compileUntil, untilWatchesStatus } from '../expect/until';
import type { IncomingResponse } from '../http/send';
import type { RepeatSpec } from '../request/requestCell';
import type { CellRun } from '../run/runContext';
import { seconds, type Sender } from '../run/runSend';
import type { Step } from '../run/runStep';
import { wait, WaitCancelled } from '../http/wait';
import { actualOf, sequenceCheck, type SequenceOutcome } from './outcome';

/**
 * `repeat: { until, every, max }`: the same request again, `every` apart, until `until` holds (the same conditions
 * as `expect:`), at most `max` times. It stops at success, at `max` (a failure that says the last value seen), on
 * an error status (unless `until` waits for a status itself), or on cancel. The output shows every attempt and the
 * last response.
 */
export async function poll(
  spec: RepeatSpec,
  until: unknown,
  url: string,
  sender: Sender,
  step: Step,
): Promise<SequenceOutcome | CellRun> {
  const compiled = compileUntil(until);
  if (!compiled.spec)
    return step.fail(
      'cell',
      'The "until" condition cannot be checked',
      compiled.problems.map((p) => `until ${p.path.join(' ')}: ${p.message}`).join('\n') ||
        'A {{variable}} in "until" did not give a value it can compare with.',
      { hint: 'Nothing was sent.' },
    );
  const watchesStatus = untilWatchesStatus(until as Record<string, unknown>);
  const started = step.now();
  let last: IncomingResponse | undefined;
  let results: AssertionResult[] = [];
  let seen = '';
  let attempt = 0;
  while (attempt < spec.max) {
    attempt++;
    let before: { ms: number; reason: string } | undefined;
    if (attempt > 1) {
      before = { ms: spec.everyMs, reason: `every ${seconds(spec.everyMs)}` };
      step.ctx.hooks?.progress?.(
        `attempt ${attempt - 1} of ${spec.max}: ${seen}; asking again in ${seconds(spec.everyMs)}`,
      );
      try {
        await wait(spec.everyMs, step.ctx.signal);
      } catch (e) {
        if (e instanceof WaitCancelled) return sender.cancelled(`to poll again after attempt ${attempt - 1} (${seen})`);
        throw e;
      }
    }
    const sent = await sender.send(url, `attempt ${attempt}`, before);
    if ('result' in sent) return sent;
    last = sent.response;
    results = evaluateExpect(compiled.spec, actualOf(last));
    seen = seenText(compiled.spec.targets, results, last.status);
    const met = results.every((r) => r.passed);
    Object.assign(sender.last!, { ok: met, detail: seen });
    if (met) return outcome(last, true, attempt);
    if (last.status >= 400 && !watchesStatus) {
      sender.last!.detail = `${seen}; status ${last.status} is an error: polling stopped`;
      return outcome(
        last,
        false,
        attempt,
        `attempt ${attempt} answered ${last.status}${last.statusText ? ` ${last.statusText}` : ''}, so polling stopped`,
      );
    }
  }
  return outcome(last!, false, attempt);

  function outcome(response: IncomingResponse, met: boolean, n: number, stoppedBy?: string): SequenceOutcome {
    const took = seconds(step.now() - started);
    const failed = results.find((r) => !r.passed);
    const message = met
      ? `until met on attempt ${n} of at most ${spec.max} (${seen})`
      : `until not met ${stoppedBy ? `(${stoppedBy})` : `after ${n} attempt${n === 1 ? '' : 's'} over ${took}`}: ${failed?.message ?? seen}`;
    return {
      response,
      assertions: [sequenceCheck('until', met, message, describeUntil(until), seen)],
      notes: [],
      sequence: sender.sequence('polling', `${n} attempt${n === 1 ? '' : 's'} · until ${met ? 'met' : 'not met'}`),
    };
  }
}

/** `$.status = "Pending"`: what the paths of `until` found in one response. */
function seenText(targets: readonly ExpectTarget[], results: readonly AssertionResult[], status: number): string {
  const parts: string[] = [];
  let i = 0;
  for (const t of targets) {
    const r = results[i];
    i += t.checks.length;
    if (t.kind === 'status') parts.push(`status ${status}`);
    else if (t.kind === 'body')
      parts.push(`${formatPath(t.segments)} = ${r?.actual === undefined ? '(missing)' : show(r.actual, 60)}`);
  }
  return parts.join(', ') || `status ${status}`;
}

function describeUntil(until: unknown): string {
  try {
    return JSON.stringify(until);
  } catch {
    return String(until);
  }
}
