import type * as Undici from 'undici';

/*
 * undici's entry module loads fetch, WebSocket, the mock agents and the caches too (about 200 KB of
 * minified code in every bundle). We use only the Agent, the proxy agent (with a Pool to the proxy) and
 * the request API, so load those modules directly, and attach the request API as undici's own entry does.
 * They are loaded on first use, not when the bundle loads: the extension activates before anything is
 * sent, and evaluating undici's modules was a good part of loading the bundle (bench/README.md).
 * Pinned to undici 7.x in package.json; test/integration/undici.test.ts checks the shape.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
function withRequestApi<T>(module: T): T {
  const Dispatcher = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
  if (!('request' in Dispatcher.prototype)) Object.assign(Dispatcher.prototype, require('undici/lib/api') as object);
  return module;
}

export const undici = {
  get Agent(): typeof Undici.Agent {
    return withRequestApi(require('undici/lib/dispatcher/agent') as typeof Undici.Agent);
  },
  get ProxyAgent(): typeof Undici.ProxyAgent {
    return withRequestApi(require('undici/lib/dispatcher/proxy-agent') as typeof Undici.ProxyAgent);
  },
  get Pool(): typeof Undici.Pool {
    return withRequestApi(require('undici/lib/dispatcher/pool') as typeof Undici.Pool);
  },
};
export type Dispatcher = Undici.Dispatcher;
export type HttpMethod = Undici.Dispatcher.HttpMethod;
export type ConnectOptions = Undici.Dispatcher.ConnectOptions;
export type ConnectData = Undici.Dispatcher.ConnectData;
