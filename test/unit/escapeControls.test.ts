import assert from 'node:assert/strict';
import { escapeControls } from '../../src/core/escapeControls';

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
});
