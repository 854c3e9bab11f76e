import * as vscode from 'vscode';
import type { Environment } from '../core/environments/environment';
import { overQuotaMessage, type OverQuota } from '../core/budget/quota';

export type ConfirmationRequest =
  | { kind: 'request'; environment: string; method: string; url: string }
  | { kind: 'run-all'; environment: string; cells: number }
  | { kind: 'compare'; environment: string; request: string }
  /** A run that may send more requests than a client has left of its daily quota. */
  | { kind: 'budget'; environment: string; clients: string[]; requests: number; message: string };

/**
 * Modal confirmations before sending to protected (production) environments. There is no setting that
 * turns them off. Tests of the extension (ExtensionMode.Test only) can answer them through the API.
 */
export class Confirmations {
  private responder: ((r: ConfirmationRequest) => boolean) | undefined;
  private readonly asked: ConfirmationRequest[] = [];

  constructor(private readonly testMode: boolean) {}

  async request(env: Environment, method: string, url: string): Promise<boolean> {
    return this.ask(
      { kind: 'request', environment: env.name, method, url },
      `Send ${method} to protected environment "${env.name}"?`,
      `${method} ${url}\n\n"${env.name}" is protected: ${env.protectedReason ?? 'marked protected'}. This request can change data.`,
      'Send',
    );
  }

  async runAll(env: Environment, cells: number): Promise<boolean> {
    return this.ask(
      { kind: 'run-all', environment: env.name, cells },
      `Run ${cells} cells against protected environment "${env.name}"?`,
      `"${env.name}" is protected: ${env.protectedReason ?? 'marked protected'}. Requests other than GET/HEAD will still be confirmed one by one.`,
      'Run All',
    );
  }

  /** "Compare with Environment…" runs a cell in another environment: a protected one is asked for first, whatever the method. */
  async compare(env: Environment, request: string): Promise<boolean> {
    return this.ask(
      { kind: 'compare', environment: env.name, request },
      `Run this cell against protected environment "${env.name}" to compare?`,
      `${request}\n\n"${env.name}" is protected: ${env.protectedReason ?? 'marked protected'}. The request is sent there once; requests other than GET/HEAD are confirmed again.`,
      'Run and Compare',
    );
  }

  /**
   * Before a run that may pass a client's daily quota: how many requests it may send, and what is left. Asked
   * whatever the environment; going over is never silent.
   */
  async overQuota(env: Environment, over: readonly OverQuota[]): Promise<boolean> {
    const requests = over.reduce((n, o) => n + o.requests + o.tokenRequests, 0);
    const clients = over.map((o) => o.client);
    const message = overQuotaMessage(over);
    return this.ask(
      { kind: 'budget', environment: env.name, clients, requests, message },
      `Send up to ${requests} request${requests === 1 ? '' : 's'} over the daily quota of ${clients.map((c) => `"${c}"`).join(' and ')}?`,
      `${message}\n\nThe quota is what the client was issued for; requests past it may be refused (429) or counted against your organisation.`,
      'Send Anyway',
    );
  }

  /** For the extension's own tests only: answer confirmations and see what was asked. */
  testing():
    | {
        respondWith(answer: ((r: ConfirmationRequest) => boolean) | undefined): void;
        asked: readonly ConfirmationRequest[];
      }
    | undefined {
    if (!this.testMode) return undefined;
    return { respondWith: (answer) => (this.responder = answer), asked: this.asked };
  }

  private async ask(r: ConfirmationRequest, message: string, detail: string, yes: string): Promise<boolean> {
    if (this.testMode) {
      this.asked.push(r);
      if (this.responder) return this.responder(r);
    }
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, yes)) === yes;
  }
}
