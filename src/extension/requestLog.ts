import * as vscode from 'vscode';
import type { RunEngine } from '../core/engine';
import { eventLine } from '../core/text/eventLine';
import { COMMANDS } from '../contract/ids';

export const LOG_NAME = 'Akkuro Notebooks';

/**
 * The "Akkuro Notebooks" log: one line per request and per token event, from the engine's events, which
 * are redacted before anyone hears of them. It holds what was sent where and what came back, never a
 * body, a header value, a secret or a token.
 */
export class RequestLog implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel(LOG_NAME, { log: true });
  private readonly subscriptions: Array<{ dispose(): void }>;

  constructor(engine: RunEngine) {
    this.subscriptions = [
      engine.onEvent((event) => {
        const line = eventLine(event);
        this.channel[line.level](line.text);
      }),
      vscode.commands.registerCommand(COMMANDS.showLog, () => this.channel.show(true)),
    ];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.channel.dispose();
  }
}
