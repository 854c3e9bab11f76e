import { performance } from 'node:perf_hooks';
import type { ExchangeSummary, SequenceModel } from '../../contract/response';
import type { AccessToken } from '../auth/token';
import type { Limits } from '../engine';
import { DEFAULT_RETRIES, RETRY_STATUSES, retryDecision, seconds } from '../http/retryPolicy';
import { SendError, type IncomingResponse } from '../http/send';
import type { PreparedRequest } from '../request/prepare';
import type { CellRun } from './runContext';
import { getToken, type Authorized } from './runAuthorize';
import { requestSummary, type Step } from './runStep';
import { wait, WaitCancelled } from '../http/wait';
import { ExchangeLog } from '../sequence/exchangeLog';

/**
 * The send step: every request a cell sends goes through here, however many that is (one, the pages of a
 * `paginate:` cell, the attempts of a `repeat:` cell). Each request is paced (`minInterval:`, --delay), carries
 * the token (a 401 drops it and sends once more with a new one), and a 429/503 with Retry-After on a method that
 * changes no data is sent again after that wait, at most `retries` times. Every wait can be cancelled, every
 * request is an engine event (the log, request budgets), and every one is kept for the output.
 */

export interface SendSettings {
  /** The most retries of one request after 429/503 with Retry-After. */
  retries: number;
  /** The least time between two requests to the environment. */
  intervalMs: number;
  /** What the pacing wait is called in outputs: `minInterval 500ms`. */
  intervalReason: string;
}

/** The retries and pacing of one cell: its own `retries:`, else the run's default; the larger pacing wins. */
export function sendSettings(cellRetries: number | undefined, step: Step): SendSettings {
  const { ctx, env } = step;
  const envMs = env.minIntervalMs ?? 0;
  const runMs = ctx.sending?.delayMs ?? 0;
  return {
    retries: cellRetries ?? ctx.sending?.retries ?? DEFAULT_RETRIES,
    intervalMs: Math.max(envMs, runMs),
    intervalReason: runMs > envMs ? `--delay ${runMs} ms` : `minInterval ${envMs} ms of environment "${env.name}"`,
  };
}

export class Sender {
  private readonly log = new ExchangeLog();
  private sent = 0;
  /** The time spent on the wire, every response's total summed (no waits): the result's total time. */
  networkMs = 0;
  /** Why a 429/503 was not retried, or each wait before a retry: notes for a cell that sent one request. */
  readonly retryNotes: string[] = [];
  token?: AccessToken;

  constructor(
    private readonly req: PreparedRequest,
    private readonly auth: Authorized,
    private readonly limits: Limits,
    private readonly step: Step,
    private readonly settings: SendSettings,
  ) {
    this.token = auth.token;
  }

  /** Every request sent so far, retries and resends included. */
  get requests(): number {
    return this.sent;
  }

  /** The exchange last sent, so a sequence can add what it learnt from it (items, the values `until` saw). */
  get last(): ExchangeSummary | undefined {
    return this.log.last;
  }

  /** The requests so far as the output shows them. */
  sequence(kind: SequenceModel['kind'], summary: string, extra: Partial<SequenceModel> = {}): SequenceModel {
    return this.log.sequence(kind, summary, this.sent, extra);
  }

  /**
   * Sends the cell's request to `url` (its own URL, or a page's). `label` names it in the output (`page 2`);
   * `before` is a wait the caller already made (polling's `every:`), shown with this request.
   */
  async send(
    url: string,
    label: string,
    before?: { ms: number; reason: string },
  ): Promise<{ response: IncomingResponse } | CellRun> {
    const { ctx } = this.step;
    let waited = before;
    let retries = 0;
    let renewed = false;
    for (;;) {
      const base = label || 'request';
      const name = retries ? `${label ? `${label} · ` : ''}retry ${retries}` : renewed ? `${base} · new token` : base;
      if (this.settings.intervalMs > 0)
        try {
          const paced = await ctx.engine.pacer.turn(this.step.env.name, this.settings.intervalMs, ctx.signal);
          if (paced >= 1)
            waited = waited
              ? { ms: waited.ms + paced, reason: `${waited.reason}, then pacing` }
              : { ms: paced, reason: `pacing (${this.settings.intervalReason})` };
        } catch (e) {
          if (e instanceof WaitCancelled) return this.cancelled(`before ${name}`);
          throw e;
        }
      const started = performance.now();
      let response: IncomingResponse;
      try {
        response = await this.once(url);
      } catch (e) {
        if (!(e instanceof SendError)) throw e;
        this.log.keep({
          label: name,
          durationMs: round(performance.now() - started),
          ok: false,
          detail: e.message,
          ...(waited ? { waited } : {}),
        });
        return this.step.fail(e.category, e.title, e.message, {
          hint: e.hint,
          request: requestSummary(this.req, !!this.token, ctx.engine.redactor),
        });
      }
      this.networkMs += response.totalMs;
      const exchange: ExchangeSummary = {
        label: name,
        status: response.status,
        statusText: response.statusText,
        durationMs: round(response.totalMs),
        ok: response.status < 400,
        ...(waited ? { waited } : {}),
      };
      this.log.keep(exchange);
      waited = undefined;
      if (response.status === 401 && this.token && this.auth.credentials && this.auth.target && !renewed) {
        const refused = this.ask(2, 'a resend with a new token (the API answered 401)');
        if (refused) {
          exchange.detail = `Not sent again with a new token: ${refused}`;
          return { response };
        }
        renewed = true;
        ctx.engine.tokens.invalidate(this.auth.target, this.auth.credentials.clientId, this.token.token);
        const fresh = await getToken(
          this.auth.credentials,
          this.auth.target,
          this.req,
          this.limits.timeoutMs,
          this.auth.notes,
          this.step,
        );
        if ('result' in fresh) return fresh;
        this.token = fresh.token;
        exchange.detail = 'the API refused the token: sent again with a new one';
        this.auth.notes.push(
          'The API refused the token (401); a new token was fetched and the request sent once more.',
        );
        continue;
      }
      if (response.status === 401 && renewed) this.auth.refusedFresh = true;
      if (!RETRY_STATUSES.includes(response.status)) return { response };
      const decision = retryDecision({
        method: this.req.method,
        status: response.status,
        retryAfter: response.headers.find(([n]) => n === 'retry-after')?.[1],
        done: retries,
        retries: this.settings.retries,
        timeoutMs: this.limits.timeoutMs,
        now: this.step.now(),
      });
      if (!decision.retry) {
        if (decision.reason) {
          exchange.detail = decision.reason;
          this.retryNotes.push(decision.reason);
        }
        return { response };
      }
      const refused = this.ask(1, `retry ${retries + 1} of ${this.req.method} ${this.req.url}`);
      if (refused) {
        const why = `Not retried: ${refused}`;
        exchange.detail = why;
        this.retryNotes.push(why);
        return { response };
      }
      exchange.detail = decision.reason.replace(': waited', ': waiting');
      ctx.hooks?.progress?.(`${name}: ${exchange.detail}`);
      try {
        await wait(decision.waitMs, ctx.signal);
      } catch (e) {
        if (e instanceof WaitCancelled) return this.cancelled(`for Retry-After before retry ${retries + 1}`);
        throw e;
      }
      this.retryNotes.push(decision.reason);
      waited = { ms: decision.waitMs, reason: `Retry-After after ${response.status}` };
      retries++;
    }
  }

  /** A cancel during a wait: the run ends here, saying where. */
  cancelled(where: string): CellRun {
    return this.step.fail('cancelled', 'Cancelled', `The run was cancelled while waiting ${where}.`, {
      request: requestSummary(this.req, !!this.token, this.step.ctx.engine.redactor),
    });
  }

  /** Asks the face (budgets) before a request no estimate foresaw; the refusal, if any. */
  private ask(requests: number, what: string): string | undefined {
    const { ctx, env } = this.step;
    return ctx.hooks?.allowRequests?.({
      environment: env.name,
      ...(this.auth.access ? { client: this.auth.access.client.name } : {}),
      requests,
      reason: 'retry',
      request: what,
    });
  }

  private async once(url: string): Promise<IncomingResponse> {
    const { ctx, env } = this.step;
    const req = this.req;
    const token = this.token;
    const headers: Array<[string, string]> = token
      ? [...req.headers.filter(([n]) => n !== 'authorization'), ['authorization', `Bearer ${token.token}`]]
      : req.headers;
    const started = performance.now();
    this.sent++;
    const access = this.auth.access;
    ctx.hooks?.counted?.({ kind: 'request', environment: env.name, ...(access ? { client: access.client.name } : {}) });
    const report = (status: number | undefined, bytes: number, error?: string) =>
      ctx.engine.emit({
        kind: 'request',
        environment: env.name,
        ...(access ? { client: access.client.name, label: access.label } : {}),
        method: req.method,
        url,
        ...(status !== undefined ? { status } : {}),
        durationMs: Math.round(performance.now() - started),
        bytes,
        tokenAttached: !!token,
        ...(error ? { error } : {}),
      });
    try {
      const response = await ctx.engine.http.send(
        { method: req.method, url, headers, ...(req.body !== undefined ? { body: req.body } : {}) },
        {
          signal: ctx.signal,
          timeoutMs: this.limits.timeoutMs,
          maxBodyBytes: this.limits.maxBodyBytes,
          maxReadBytes: this.limits.maxReadBytes,
        },
      );
      report(response.status, response.size);
      return response;
    } catch (e) {
      if (e instanceof SendError) report(undefined, 0, e.message);
      throw e;
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** `2 s` etc., for the sequence modules. */
export { seconds };
