import * as vscode from 'vscode';
import { createCellParser } from '../core/cellParser';
import { Redactor } from '../core/redact';
import { HttpClient } from '../core/send';
import { requestToken } from '../core/token';
import { TokenCache } from '../core/tokenCache';
import { USER_AGENT } from '../core/version';

/**
 * The core objects one window shares: one keep-alive HTTP client (rebuilt when the proxy setting changes),
 * one in-memory token cache and the Redactor that knows every secret and token of this window.
 */
export class Engine implements vscode.Disposable {
  readonly redactor = new Redactor();
  /** One memo of parsed cells for running and for diagnostics while typing. */
  readonly parseCell = createCellParser();
  readonly tokens: TokenCache;
  private client: HttpClient;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.client = this.createClient();
    this.tokens = new TokenCache({
      fetch: (target, credentials) =>
        requestToken(target, credentials, { dispatcher: this.client.dispatcher, userAgent: USER_AGENT }),
      onToken: (t) => this.redactor.add(t.token),
    });
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.proxyStrictSSL')) {
          const old = this.client;
          this.client = this.createClient();
          void old.close().catch(() => undefined);
        }
      }),
    );
  }

  get http(): HttpClient {
    return this.client;
  }

  private createClient(): HttpClient {
    const http = vscode.workspace.getConfiguration('http');
    const proxy = http.get<string>('proxy') || undefined;
    if (http.get<boolean>('proxyStrictSSL') === false) {
      void vscode.window.showWarningMessage(
        'Akkuro Notebooks always verifies TLS certificates, even though "http.proxyStrictSSL" is off. Trust your proxy\'s CA in the system store instead.',
      );
    }
    return new HttpClient({ ...(proxy ? { proxy } : {}) });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    void this.client.close().catch(() => undefined);
  }
}
