import assert from 'node:assert/strict';
import { displayProxy, proxyFor, proxySettings } from '../../src/core/http/proxy';

describe('proxy rules', () => {
  const env = { HTTPS_PROXY: 'http://corp:3128', HTTP_PROXY: 'http://plain:8080' };
  const table: Array<[string, Record<string, string>, string, string | undefined]> = [
    ['https goes through HTTPS_PROXY', env, 'https://api.uat.eu.lending.akkuro.io/x', 'http://corp:3128'],
    ['http goes through HTTP_PROXY', env, 'http://example.com/', 'http://plain:8080'],
    ['https falls back to HTTP_PROXY', { HTTP_PROXY: 'http://plain:8080' }, 'https://a.example/', 'http://plain:8080'],
    ['lower case wins', { ...env, https_proxy: 'http://lower:1' }, 'https://a.example/', 'http://lower:1'],
    ['no proxy set', {}, 'https://a.example/', undefined],
    ['loopback is always direct', env, 'https://127.0.0.1:8443/', undefined],
    ['localhost is always direct', env, 'http://localhost:3000/', undefined],
    ['IPv6 loopback is always direct', env, 'https://[::1]:8443/', undefined],
    ['NO_PROXY host', { ...env, NO_PROXY: 'a.example' }, 'https://a.example/', undefined],
    ['NO_PROXY covers subdomains', { ...env, NO_PROXY: 'example.com' }, 'https://api.example.com/', undefined],
    ['NO_PROXY .domain', { ...env, NO_PROXY: '.example.com' }, 'https://api.example.com/', undefined],
    ['NO_PROXY *.domain', { ...env, NO_PROXY: '*.example.com' }, 'https://api.example.com/', undefined],
    [
      'NO_PROXY is not a suffix match',
      { ...env, NO_PROXY: 'example.com' },
      'https://badexample.com/',
      'http://corp:3128',
    ],
    ['NO_PROXY port must match', { ...env, NO_PROXY: 'a.example:8443' }, 'https://a.example/', 'http://corp:3128'],
    ['NO_PROXY port matches', { ...env, NO_PROXY: 'a.example:443' }, 'https://a.example/', undefined],
    ['NO_PROXY * means never', { ...env, NO_PROXY: '*' }, 'https://a.example/', undefined],
    ['NO_PROXY list with spaces', { ...env, no_proxy: 'x.example, a.example' }, 'https://a.example/', undefined],
  ];
  for (const [name, vars, url, expected] of table) {
    it(name, () => assert.equal(proxyFor(new URL(url), proxySettings(undefined, vars)), expected));
  }

  it('an explicit proxy (VS Code http.proxy) wins over the environment, NO_PROXY still applies', () => {
    const s = proxySettings('http://vscode:1', { ...env, NO_PROXY: 'a.example' });
    assert.equal(proxyFor(new URL('https://b.example/'), s), 'http://vscode:1');
    assert.equal(proxyFor(new URL('http://b.example/'), s), 'http://vscode:1');
    assert.equal(proxyFor(new URL('https://a.example/'), s), undefined);
  });

  it('shows a proxy without its user name and password', () => {
    assert.equal(displayProxy('http://me:s3cret@proxy.corp:3128'), 'http://proxy.corp:3128');
    assert.equal(displayProxy('not a url'), 'the configured proxy');
  });
});
