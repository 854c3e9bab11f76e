import assert from 'node:assert/strict';
import { escapeControlCharacters } from '../../src/core/plainText';

describe('escapeControlCharacters', () => {
  const table: Array<[string, string, string]> = [
    ['plain text and unicode stay', 'Müller & Söhne 😀 “quoted”', 'Müller & Söhne 😀 “quoted”'],
    ['tabs and line breaks stay', 'a\tb\nc\r\nd', 'a\tb\nc\r\nd'],
    ['a terminal colour escape', '\x1b[31mred\x1b[0m', '\\x1b[31mred\\x1b[0m'],
    ['NUL, bell, backspace, vertical tab, form feed', '\x00\x07\x08\x0b\x0c', '\\x00\\x07\\x08\\x0b\\x0c'],
    ['a lone carriage return that would overwrite a line', 'ok\rFAIL', 'ok\\x0dFAIL'],
    ['DEL and C1 controls', '\x7f\x85\x9b', '\\x7f\\x85\\x9b'],
    ['bidi overrides and isolates (Trojan Source)', 'a\u202Eb\u2066c\u2069\u200F', 'a\\u202eb\\u2066c\\u2069\\u200f'],
    ['the Arabic letter mark', '\u061C', '\\u061c'],
  ];
  for (const [what, input, expected] of table) {
    it(what, () => assert.equal(escapeControlCharacters(input), expected));
  }

  it('escapes every C0 control but tab and line feed', () => {
    for (let c = 0; c < 0x20; c++) {
      const out = escapeControlCharacters(String.fromCharCode(c));
      if (c === 9 || c === 10) assert.equal(out, String.fromCharCode(c));
      else assert.match(out, /^\\x[0-9a-f]{2}$/);
    }
  });
});
