import type * as Undici from 'undici';

/*
 * undici's entry module loads fetch, WebSocket, the mock agents and the caches too (about 200 KB of
 * minified code in every bundle). We use only the Agent, the proxy agent (with a Pool to the proxy) and
 * the request API, so load those modules directly, and attach the request API as undici's own entry does.
 * Pinned to undici 7.x in package.json; test/integration/undici.test.ts checks the shape.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const Dispatcher = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
const api = require('undici/lib/api') as object;
if (!('request' in Dispatcher.prototype)) Object.assign(Dispatcher.prototype, api);

export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export const ProxyAgent = require('undici/lib/dispatcher/proxy-agent') as typeof Undici.ProxyAgent;
export const Pool = require('undici/lib/dispatcher/pool') as typeof Undici.Pool;
export type Dispatcher = Undici.Dispatcher;
export type HttpMethod = Undici.Dispatcher.HttpMethod;
export type ConnectOptions = Undici.Dispatcher.ConnectOptions;
export type ConnectData = Undici.Dispatcher.ConnectData;
