import { tokenTarget } from '../core/auth/token';
import { estimateRun } from '../core/budget/estimate';
import { overQuota, overQuotaMessage, quotaText } from '../core/budget/quota';
import type { RequestAsk, RunEngine } from '../core/engine';
import type { AccessPreferences } from '../core/environments/accessChoice';
import { clientsOf } from '../core/environments/accessModel';
import { usesTokens, type Environment } from '../core/environments/environment';
import type { Confirmations } from './confirmations';
import type { RequestUsage } from './requestUsage';

export type QuotaDecision =
  { go: true; allowRequests: (ask: RequestAsk) => string | undefined } | { go: false; message: string };

/**
 * Daily quotas in VS Code (PRODUCT.md §10): before a run (one cell or Run All) the requests it may send are
 * estimated (core/budget/estimate.ts: each cell's bound, a token request where none is cached); over what is left
 * of a client's quota today, the user is asked first and told how many. During the run, a retry that would pass a
 * quota is not sent unless the user agreed to go over.
 */
export class QuotaGuard {
  constructor(
    private readonly engine: RunEngine,
    private readonly usage: RequestUsage,
    private readonly confirmations: Confirmations,
  ) {}

  async beforeRun(env: Environment, cells: readonly string[], access: AccessPreferences): Promise<QuotaDecision> {
    const quotaOf = (_e: string, client: string) => clientsOf(env).find((c) => c.name === client)?.dailyQuota;
    if (!usesTokens(env) || !clientsOf(env).some((c) => c.dailyQuota !== undefined))
      return { go: true, allowRequests: () => undefined };
    const clientIds = new Map<string, string>();
    for (const c of clientsOf(env)) {
      const lookup = await this.engine.credentials(env, c);
      if (lookup.kind === 'ok') clientIds.set(c.name, lookup.credentials.clientId);
    }
    const estimate = estimateRun({
      cells,
      environment: env,
      access,
      parse: this.engine.parseCell,
      hasToken: (client, label) => {
        const id = clientIds.get(client.name);
        return !!id && !this.engine.tokens.wouldFetch(tokenTarget(env, label, client.name), id);
      },
    });
    const used = (e: string, c: string) => this.usage.count(e, c);
    const over = overQuota(estimate.byClient, used, quotaOf);
    const confirmed = over.length > 0 && (await this.confirmations.overQuota(env, over));
    if (over.length > 0 && !confirmed)
      return {
        go: false,
        message: `${overQuotaMessage(over)}\nNothing was sent: you chose not to go over the quota.`,
      };
    return {
      go: true,
      allowRequests: (ask) => {
        if (ask.reason !== 'retry' || confirmed || ask.client === undefined) return undefined;
        const quota = quotaOf(ask.environment, ask.client);
        const n = used(ask.environment, ask.client);
        return quota !== undefined && n + ask.requests > quota
          ? `client "${ask.client}" has used its daily quota (${quotaText(n, quota)}).`
          : undefined;
      },
    };
  }
}
