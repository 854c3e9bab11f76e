import assert from 'node:assert/strict';
import { valueText } from '../../src/contract/valueText';
import { escapeControls, escapeJsonControls } from '../../src/core/text/escapeControls';

// A hostile server's response text reaches the console and JUnit reports: it must not drive the terminal.
describe('escaping control characters for terminals and reports', () => {
  const table: Array<[string, string, Parameters<typeof escapeControls>[1], string]> = [
    ['plain text is returned as it is', 'Jane Doe — Zürich 東京', '', 'Jane Doe — Zürich 東京'],
    ['cursor movement (CSI)', 'ok\x1b[2A\x1b[2Kpassed', '', 'ok\\x1b[2A\\x1b[2Kpassed'],
    ['OSC 52 clipboard write', '\x1b]52;c;ZWNobyBwd25lZA==\x07', '', '\\x1b]52;c;ZWNobyBwd25lZA==\\x07'],
    ['a carriage return that would rewrite the line', 'FAIL\r✔ passed', '', 'FAIL\\r✔ passed'],
    ['newlines and tabs in a single-line field', 'a\nb\tc', '', 'a\\nb\\tc'],
    ['newlines kept where the layout needs them', 'a\nb\tc', '\n', 'a\nb\\tc'],
    ['newlines and tabs both kept', 'a\nb\tc\r', '\n\t', 'a\nb\tc\\r'],
    ['NUL, BEL, backspace and DEL', '\x00\x07\x08\x7f', '', '\\x00\\x07\\x08\\x7f'],
    ['C1 controls (8-bit CSI, NEL)', 'a\u009b2Jb\u0085c', '', 'a\\x9b2Jb\\x85c'],
    ['bidirectional overrides and isolates', 'abc\u202edcba\u2066x\u2069', '', 'abc\\u202edcba\\u2066x\\u2069'],
    ['bidirectional marks (Arabic letter mark, RLM)', '\u061c\u200f', '', '\\u061c\\u200f'],
    ['a CR before a kept line feed is a line ending', 'a\r\nb\rc', '\n', 'a\r\nb\\rc'],
    ['a CR before a line feed that is not kept', 'a\r\nb', '', 'a\\r\\nb'],
    ['vertical tab and form feed', '\x0b\x0c', '\n\t', '\\x0b\\x0c'],
    ['non-breaking space and emoji are text', 'a\u00a0b 🎉', '', 'a\u00a0b 🎉'],
    ['a backslash stays one backslash', 'C:\\temp\\x1b', '', 'C:\\temp\\x1b'],
    ['the edges of DEL and C1: U+007E and U+00A0 are text', '~\x7f\x80\x9f\xa0', '', '~\\x7f\\x80\\x9f\xa0'],
    [
      'every bidi override and isolate, and their neighbours',
      '\u2029\u202a\u202e\u202f\u2065\u2066\u2069\u206a',
      '',
      '\u2029\\u202a\\u202e\u202f\u2065\\u2066\\u2069\u206a',
    ],
  ];
  for (const [what, input, keep, expected] of table) {
    it(what, () => assert.equal(escapeControls(input, keep), expected));
  }

  it('returns the very same string when there is nothing to escape', () => {
    const s = 'x'.repeat(10_000);
    assert.equal(escapeControls(s), s);
  });

  it('leaves no control character in any of the first 0x3000 code points, whatever it keeps', () => {
    let all = '';
    for (let c = 0; c < 0x3000; c++) all += String.fromCharCode(c);
    // eslint-disable-next-line no-control-regex -- checking for control characters is the point
    const control = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    assert.doesNotMatch(escapeControls(all), control);
    // eslint-disable-next-line no-control-regex -- as above
    assert.doesNotMatch(escapeControls(all, '\n\t'), /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  // The diff prints values as JSON (valueText): JSON.stringify escapes C0 but leaves DEL, C1 and bidi raw.
  it('a value shown as JSON still needs escaping, and then holds no control character', () => {
    const json = valueText({ name: 'a\x1b[2J\x7f\u009b2J\u202eb' }, 200);
    assert.equal(json, '{"name":"a\\u001b[2J\x7f\u009b2J\u202eb"}');
    assert.equal(escapeControls(json), '{"name":"a\\u001b[2J\\x7f\\x9b2J\\u202eb"}');
  });

  const jsonTable: Array<[string, string, string]> = [
    ['plain JSON is returned as it is', '{"a":"Zürich 東京","b":[1,2]}', '{"a":"Zürich 東京","b":[1,2]}'],
    ['DEL and C1 become \\u escapes', '"a\x7fb\u009bc\u0085"', '"a\\u007fb\\u009bc\\u0085"'],
    ['bidi overrides, isolates and marks', '"\u202e\u2066\u2069\u200f\u061c"', '"\\u202e\\u2066\\u2069\\u200f\\u061c"'],
    ['what JSON.stringify already escaped is left alone', '"\\u001b\\n"', '"\\u001b\\n"'],
  ];
  for (const [what, input, expected] of jsonTable) {
    it(`JSON: ${what}`, () => assert.equal(escapeJsonControls(input), expected));
  }

  it('JSON: the escaped text parses back to the same value and holds no control character', () => {
    let all = '';
    for (let c = 0; c < 0x3000; c++) all += String.fromCharCode(c);
    const value = { [all]: [all, { k: all }] };
    const json = escapeJsonControls(JSON.stringify(value, null, 2));
    assert.deepEqual(JSON.parse(json), value);
    // eslint-disable-next-line no-control-regex -- checking for control characters is the point
    assert.doesNotMatch(json, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  });
});
