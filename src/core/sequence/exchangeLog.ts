import type { ExchangeSummary, SequenceModel } from '../../contract/response';

/** Exchanges kept for the output; a longer sequence keeps the first ones and the latest, and counts the others. */
const MAX_EXCHANGES = 1000;

/** The requests a cell sent, as the output shows them: bounded, the first and the latest kept. */
export class ExchangeLog {
  private readonly kept: ExchangeSummary[] = [];
  private dropped = 0;

  get last(): ExchangeSummary | undefined {
    return this.kept.at(-1);
  }

  keep(exchange: ExchangeSummary): void {
    if (this.kept.length < MAX_EXCHANGES) {
      this.kept.push(exchange);
      return;
    }
    // The start and the end say most: drop from the middle.
    this.kept.splice(MAX_EXCHANGES / 2, 1);
    this.kept.push(exchange);
    this.dropped++;
  }

  sequence(
    kind: SequenceModel['kind'],
    summary: string,
    requests: number,
    extra: Partial<SequenceModel> = {},
  ): SequenceModel {
    return {
      kind,
      summary,
      exchanges: [...this.kept],
      ...(this.dropped ? { omitted: this.dropped } : {}),
      requests,
      ...extra,
    };
  }
}
