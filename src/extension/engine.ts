import * as vscode from 'vscode';
import { createRunEngine, type CredentialLookup, type RunEngine } from '../core/engine';
import type { AccessClient, Environment } from '../core/environments/environment';

/**
 * The window's RunEngine (core/engine.ts), built from VS Code's proxy setting and rebuilt when it
 * changes. Credentials come from SecretStorage through a lookup set once the store exists.
 */
export function createWindowEngine(
  credentials: (env: Environment, client: AccessClient) => Promise<CredentialLookup>,
): {
  engine: RunEngine;
  disposable: vscode.Disposable;
} {
  const engine = createRunEngine({ ...proxyOption(), credentials });
  const subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.proxyStrictSSL')) {
      engine.setProxy(proxyOption().proxy);
    }
  });
  return {
    engine,
    disposable: new vscode.Disposable(() => {
      subscription.dispose();
      void engine.close().catch(() => undefined);
    }),
  };
}

function proxyOption(): { proxy?: string } {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy') || undefined;
  if (http.get<boolean>('proxyStrictSSL') === false) {
    void vscode.window.showWarningMessage(
      'Akkuro Notebooks always verifies TLS certificates, even though "http.proxyStrictSSL" is off. Trust your proxy\'s CA in the system store instead.',
    );
  }
  return proxy ? { proxy } : {};
}
