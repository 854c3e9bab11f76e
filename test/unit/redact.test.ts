import assert from 'node:assert/strict';
import { REDACTED, redactHeaders, redactHeaderValue, Redactor } from '../../src/core/http/redact';

describe('redaction', () => {
  it('removes secrets in every encoding they can leak in', () => {
    const r = new Redactor();
    r.addCredentials('client-1', 'pa ss/wörd"1');
    r.add('eyJhbGciOi.eyJzdWIi.sig_token');
    const basic = Buffer.from('client-1:pa ss/wörd"1').toString('base64');
    const text = `secret=pa ss/wörd"1 url=${encodeURIComponent('pa ss/wörd"1')} json=${JSON.stringify('pa ss/wörd"1')} basic=${basic} bearer eyJhbGciOi.eyJzdWIi.sig_token`;
    const out = r.redact(text);
    assert.ok(!out.includes('pa ss'), out);
    assert.ok(!out.includes(basic));
    assert.ok(!out.includes('sig_token'));
    assert.ok(out.includes(REDACTED));
    assert.ok(out.includes('client-1') === false || !out.includes('wörd'));
  });

  it('hides the Basic form of every client id registered with a secret, however often each is registered', () => {
    const r = new Redactor();
    r.addCredentials('client-1', 'shared-secret-1');
    r.addCredentials('client-1', 'shared-secret-1');
    r.addCredentials('client-2', 'shared-secret-1');
    for (const id of ['client-1', 'client-2']) {
      const basic = Buffer.from(`${id}:shared-secret-1`).toString('base64');
      assert.equal(r.redact(`Basic ${basic}`), `Basic ${REDACTED}`, id);
    }
  });

  it('finds a secret in text as short as the shortest secret registered, whatever the order they came in', () => {
    const r = new Redactor();
    r.add('eyJhbGciOi.eyJzdWIi.a-long-token');
    assert.equal(r.redact('s3cret'), 's3cret', 'not registered yet');
    r.add('s3cret');
    assert.equal(r.redact('s3cret'), REDACTED);
    assert.deepEqual(r.redactDeep({ s3cret: 'x s3cret' }), { [REDACTED]: `x ${REDACTED}` });
  });

  it('walks objects deeply, keys included, without changing the input', () => {
    const r = new Redactor();
    r.add('topsecret');
    const input = { a: ['x topsecret'], topsecret: { b: 'topsecret' }, n: 1 };
    const out = r.redactDeep(input);
    assert.deepEqual(out, { a: [`x ${REDACTED}`], [REDACTED]: { b: REDACTED }, n: 1 });
    assert.equal(input.a[0], 'x topsecret');
  });

  it('returns untouched parts as they are (copy on write)', () => {
    const r = new Redactor();
    r.add('topsecret');
    const clean = { a: { b: ['x'] }, c: 'y' };
    assert.equal(r.redactDeep(clean), clean);
    const mixed = { keep: { b: ['x'] }, change: ['topsecret'] };
    const out = r.redactDeep(mixed);
    assert.notEqual(out, mixed);
    assert.equal(out.keep, mixed.keep);
    assert.deepEqual(out.change, [REDACTED]);
  });

  it('hides a value too short to find in text wherever it is a whole value', () => {
    const r = new Redactor();
    r.add('abc');
    assert.equal(r.redact('abc abc'), 'abc abc', 'inside text it would hide ordinary words');
    assert.equal(r.redact('abc'), REDACTED);
    assert.equal(r.redact(' abc '), REDACTED);
    assert.deepEqual(r.redactDeep({ header: 'abc', other: 'abcd' }), { header: REDACTED, other: 'abcd' });
    assert.deepEqual(redactHeaders([['x-key', 'abc']], r), [['x-key', REDACTED]]);
  });

  it('hides a value registered with surrounding spaces also as the server echoes it, trimmed', () => {
    const r = new Redactor();
    r.add('  eyJhbGciOi.eyJzdWIi.sig  ');
    assert.equal(r.redact('echo: eyJhbGciOi.eyJzdWIi.sig;'), `echo: ${REDACTED};`);
  });

  const contains: Array<[string, string | Buffer, boolean]> = [
    ['raw', 'x=eyJhbGciOi.eyJzdWIi.sig', true],
    ['in bytes', Buffer.from('{"t":"eyJhbGciOi.eyJzdWIi.sig"}'), true],
    ['url-encoded secret', `q=${encodeURIComponent('pa ss/wörd"1')}`, true],
    ['JSON-escaped secret', JSON.stringify({ s: 'pa ss/wörd"1' }), true],
    ['Basic encoding', Buffer.from('client-1:pa ss/wörd"1').toString('base64'), true],
    ['short secret as a whole', 'abc', true],
    ['short secret inside text', 'abcdef', false],
    ['a prefix of the token', 'eyJhbGciOi.eyJzdWIi', false],
    ['nothing', 'hello world', false],
  ];
  for (const [name, text, expected] of contains) {
    it(`contains(): ${name} → ${expected}`, () => {
      const r = new Redactor();
      r.addCredentials('client-1', 'pa ss/wörd"1');
      r.add('eyJhbGciOi.eyJzdWIi.sig');
      r.add('abc');
      assert.equal(r.contains(text), expected);
    });
  }

  it('redacts sensitive headers by name, keeping the scheme', () => {
    assert.equal(redactHeaderValue('Authorization', 'Bearer abc.def.ghi'), `Bearer ${REDACTED}`);
    assert.equal(redactHeaderValue('authorization', 'Basic xyz'), `Basic ${REDACTED}`);
    assert.equal(redactHeaderValue('Cookie', 'a=b'), REDACTED);
    assert.equal(redactHeaderValue('set-cookie', 'a=b'), REDACTED);
    assert.equal(redactHeaderValue('content-type', 'application/json'), 'application/json');
    assert.deepEqual(
      redactHeaders([
        ['proxy-authorization', 'Basic q'],
        ['x', 'y'],
      ]),
      [
        ['proxy-authorization', `Basic ${REDACTED}`],
        ['x', 'y'],
      ],
    );
  });
});
