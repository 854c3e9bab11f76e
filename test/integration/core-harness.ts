import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Environment } from '../../src/core/environments/environment';
import { createRunEngine, type RunEngine, type RunEngineOptions, type RunHooks } from '../../src/core/engine';
import type { RunContext } from '../../src/core/run/run';
import {
  SANDBOX_CREDENTIALS,
  sandboxCredentials,
  sandboxEnvironment,
} from '../../src/core/environments/sandboxEnvironment';
import type { AccessToken } from '../../src/core/auth/token';
import { requestToken } from '../../src/core/auth/tokenRequest';
import type { TokenFetcher } from '../../src/core/auth/tokenCache';

type Overrides = Partial<Omit<RunContext, 'engine' | 'hooks'>> &
  RunHooks & { fetch?: TokenFetcher; credentials?: RunEngineOptions['credentials'] };

/** The core's engine and a run context, built the way the faces build them, for end-to-end tests of the core. */
export function coreContext(sandboxUrl: string, overrides: Overrides = {}) {
  const {
    fetch,
    credentials,
    confirm,
    keepFullBody,
    authenticateAction,
    useClientAction,
    allowRequests,
    progress,
    counted,
    ...rest
  } = overrides;
  const issued: AccessToken[] = [];
  const engine: RunEngine = createRunEngine({
    credentials:
      credentials ??
      (async (_env, client) => ({
        kind: 'ok',
        credentials: sandboxCredentials(client.name) ?? SANDBOX_CREDENTIALS,
      })),
    fetchToken: async (target, creds, options) => {
      const token = await (fetch ?? ((t, c, o) => requestToken(t, c, { http: engine.http, ...o })))(
        target,
        creds,
        options,
      );
      issued.push(token);
      return token;
    },
  });
  const environment: Environment = sandboxEnvironment(sandboxUrl);
  const hooks: RunHooks = {
    ...(confirm ? { confirm } : {}),
    ...(keepFullBody ? { keepFullBody } : {}),
    ...(authenticateAction ? { authenticateAction } : {}),
    ...(useClientAction ? { useClientAction } : {}),
    ...(allowRequests ? { allowRequests } : {}),
    ...(progress ? { progress } : {}),
    ...(counted ? { counted } : {}),
  };
  const ctx: RunContext = { engine, environment, responses: new Map(), hooks, ...rest };
  return {
    ctx,
    engine,
    http: engine.http,
    tokens: engine.tokens,
    redactor: engine.redactor,
    issued,
    close: () => engine.close(),
  };
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
