import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  base64ByteLength,
  formatBytes,
  formatCount,
  formatDuration,
  plural,
  statusLabel,
  statusTone,
  utf8ByteLength,
} from '../../src/renderer/format';

describe('renderer formatting', () => {
  it('formats sizes in binary multiples', () => {
    const cases: Array<[number, string]> = [
      [0, '0 B'],
      [512, '512 B'],
      [1023, '1023 B'],
      [1024, '1.0 KB'],
      [1229, '1.2 KB'],
      [1024 * 1023.99, '1.0 MB'],
      [5 * 1024 * 1024, '5.0 MB'],
      [3.5 * 1024 ** 3, '3.5 GB'],
      [-1, '? B'],
      [NaN, '? B'],
    ];
    for (const [n, text] of cases) assert.equal(formatBytes(n), text, String(n));
  });

  it('formats durations', () => {
    const cases: Array<[number, string]> = [
      [0, '0 ms'],
      [85.4, '85 ms'],
      [999.4, '999 ms'],
      [1240, '1.24 s'],
      [59_990, '59.99 s'],
      [123_000, '2 min 3 s'],
      [NaN, '? ms'],
    ];
    for (const [n, text] of cases) assert.equal(formatDuration(n), text, String(n));
  });

  it('colours statuses by class', () => {
    const cases: Array<[number, string]> = [
      [101, 'info'],
      [200, 'success'],
      [299, 'success'],
      [304, 'info'],
      [404, 'warning'],
      [499, 'warning'],
      [500, 'error'],
      [503, 'error'],
    ];
    for (const [s, tone] of cases) assert.equal(statusTone(s), tone, String(s));
  });

  it('labels statuses, filling in a missing reason phrase', () => {
    assert.equal(statusLabel(201, 'Created'), '201 Created');
    assert.equal(statusLabel(201, ''), '201 Created');
    assert.equal(statusLabel(404, 'Nope'), '404 Nope');
    assert.equal(statusLabel(299, ''), '299');
  });

  it('counts UTF-8 bytes exactly like Buffer', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => utf8ByteLength(s) === Buffer.byteLength(s, 'utf8')));
    assert.equal(utf8ByteLength('a😀é'), 7);
  });

  it('counts base64 payload bytes like Buffer', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        (bytes) => base64ByteLength(Buffer.from(bytes).toString('base64')) === bytes.length,
      ),
    );
    assert.equal(base64ByteLength('aGVs\nbG8='), 5);
  });

  it('groups digits and pluralises independently of locale', () => {
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(formatCount(999), '999');
    assert.equal(plural(1, 'key'), '1 key');
    assert.equal(plural(2500, 'item'), '2,500 items');
  });
});
