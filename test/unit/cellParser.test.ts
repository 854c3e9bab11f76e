import assert from 'node:assert/strict';
import { createCellParser } from '../../src/core/request/cellParser';

describe('cell parser memo', () => {
  it('returns the same result for the same text and parses new text', () => {
    const parse = createCellParser(2);
    const a = parse('GET: /a');
    assert.equal(parse('GET: /a'), a);
    assert.equal(a.cell?.url, '/a');
    assert.notEqual(parse('GET: /b'), a);
  });

  it('forgets the least recently used entry beyond its size', () => {
    const parse = createCellParser(2);
    const a = parse('GET: /a');
    const b = parse('GET: /b');
    parse('GET: /a'); // a is now the most recent
    parse('GET: /c'); // evicts b
    assert.equal(parse('GET: /a'), a);
    assert.notEqual(parse('GET: /b'), b);
  });
});
