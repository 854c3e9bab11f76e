import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Environment } from '../../src/core/environments';
import { Redactor } from '../../src/core/redact';
import type { RunContext } from '../../src/core/run';
import { SANDBOX_CREDENTIALS, sandboxEnvironment } from '../../src/core/sandboxEnvironment';
import { HttpClient } from '../../src/core/send';
import { requestToken, type AccessToken } from '../../src/core/token';
import { TokenCache, type TokenFetcher } from '../../src/core/tokenCache';

/** What the faces wire together, built the same way for the end-to-end tests of the core. */
export function coreContext(sandboxUrl: string, overrides: Partial<RunContext> & { fetch?: TokenFetcher } = {}) {
  const http = new HttpClient();
  const redactor = new Redactor();
  const issued: AccessToken[] = [];
  const fetch: TokenFetcher =
    overrides.fetch ?? ((target, creds) => requestToken(target, creds, { dispatcher: http.dispatcher }));
  const tokens = new TokenCache({ fetch, onToken: (t) => (issued.push(t), redactor.add(t.token)) });
  const environment: Environment = sandboxEnvironment(sandboxUrl);
  const ctx: RunContext = {
    environment,
    http,
    tokens,
    redactor,
    credentials: async () => ({ kind: 'ok', credentials: SANDBOX_CREDENTIALS }),
    responses: new Map(),
    ...overrides,
  };
  return { ctx, http, tokens, redactor, issued, close: () => http.close() };
}

/** A second local server that records what it receives: proof of what crossed to another origin. */
export async function recordingServer(): Promise<{
  url: string;
  requests: Array<{ url: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}> {
  const requests: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const server: Server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    res.setHeader('content-type', 'application/json');
    res.end('{"other":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
