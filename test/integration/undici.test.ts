import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { undici } from '../../src/core/http/undici';

describe('the lean undici import', () => {
  it('provides an Agent with the request API, the proxy agent and a Pool', async () => {
    const server = createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { Agent, Pool, ProxyAgent } = undici;
    const agent = new Agent();
    try {
      const res = await agent.request({
        origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        path: '/',
        method: 'GET',
      });
      assert.equal(res.statusCode, 200);
      assert.equal(await res.body.text(), 'ok');
      assert.equal(typeof new ProxyAgent({ uri: 'http://127.0.0.1:9' }).request, 'function');
      assert.equal(typeof new Pool('http://127.0.0.1:9').connect, 'function');
    } finally {
      await agent.close();
      server.close();
    }
  });
});
