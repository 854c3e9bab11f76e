import assert from 'node:assert/strict';
import { checkOutgoing, type OutgoingRequestView } from '../../src/core/http/outgoingChecks';
import { Redactor } from '../../src/core/http/redact';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const OWN = 'https://api.uat.eu.lending.akkuro.io';
const OTHER = 'https://collector.example';

function check(req: Partial<OutgoingRequestView> & { url: string }, tokenAttached = false) {
  const redactor = new Redactor();
  redactor.add(TOKEN);
  redactor.addCredentials('client-1', 'the-client-secret');
  const full: OutgoingRequestView = { origin: new URL(req.url).origin, headers: [], ...req };
  return checkOutgoing(full, { redactor, environmentName: 'uat', environmentOrigin: OWN, tokenAttached });
}

describe('outgoing checks (the last look before sending)', () => {
  const refused: Array<[string, Partial<OutgoingRequestView> & { url: string }, RegExp]> = [
    ['the token in a foreign URL query', { url: `${OTHER}/steal?t=${TOKEN}` }, /the URL/],
    ['the token in a foreign URL path', { url: `${OTHER}/${TOKEN}` }, /the URL/],
    [
      'the token in a foreign header',
      { url: `${OTHER}/`, headers: [['x-forward', `Bearer ${TOKEN}`]] },
      /header "x-forward"/,
    ],
    ['the token in a foreign JSON body', { url: `${OTHER}/`, body: JSON.stringify({ t: TOKEN }) }, /the body/],
    ['the token in a foreign file body', { url: `${OTHER}/`, body: Buffer.from(`line ${TOKEN}\n`) }, /the body/],
    ['the client secret in a foreign body', { url: `${OTHER}/`, body: 'secret=the-client-secret' }, /the body/],
    [
      'the Basic encoding in a foreign header',
      {
        url: `${OTHER}/`,
        headers: [['authorization', `Basic ${Buffer.from('client-1:the-client-secret').toString('base64')}`]],
      },
      /header "authorization"/,
    ],
    [
      'the URL-encoded secret in a foreign query',
      { url: `${OTHER}/?s=${encodeURIComponent('the-client-secret')}` },
      /the URL/,
    ],
  ];
  for (const [name, req, where] of refused) {
    it(`refuses ${name}, saying where, without the secret`, () => {
      const p = check(req);
      assert.equal(p?.category, 'blocked');
      assert.match(p!.message, where);
      assert.ok(!p!.message.includes(TOKEN) && !p!.message.includes('the-client-secret'));
    });
  }

  it('lets the environment own origin receive what it needs (the token in a body to the API itself)', () => {
    assert.equal(check({ url: `${OWN}/x`, body: JSON.stringify({ t: TOKEN }) }), undefined);
  });

  it('lets a foreign origin receive a request with no secret in it', () => {
    assert.equal(check({ url: `${OTHER}/x?q=1`, headers: [['x-a', 'b']], body: '{"a":1}' }), undefined);
  });

  it('refuses a Host header beside the token, and allows it without one', () => {
    assert.match(check({ url: `${OWN}/x`, headers: [['Host', 'evil.example']] }, true)?.message ?? '', /Host header/);
    assert.equal(check({ url: `${OTHER}/x`, headers: [['host', 'a.example']] }, false), undefined);
  });

  const badHeaders: Array<[string, [string, string], RegExp]> = [
    ['a line break in a value', ['x-a', 'one\r\nx-injected: 1'], /line break \(U\+000D\)/],
    ['a NUL in a value', ['x-a', 'a\u0000b'], /control character \(U\+0000\)/],
    ['a character beyond Latin-1', ['x-a', 'price €'], /beyond Latin-1 \(U\+20AC\)/],
    ['a space in a name', ['x a', 'v'], /header name "x a"/],
    ['a colon in a name', ['x:a', 'v'], /header name "x:a"/],
  ];
  for (const [name, header, message] of badHeaders) {
    it(`refuses ${name} as a cell problem`, () => {
      const p = check({ url: `${OWN}/x`, headers: [header] });
      assert.equal(p?.category, 'cell');
      assert.match(p!.message, message);
    });
  }

  it('accepts tabs and Latin-1 in header values', () => {
    assert.equal(check({ url: `${OWN}/x`, headers: [['x-a', 'a\tcafé']] }), undefined);
  });
});
