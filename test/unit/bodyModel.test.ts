import assert from 'node:assert/strict';
import { bodyView, buildBodyModel, namedResponse, parseJsonBody, problemOf } from '../../src/core/http/bodyModel';

describe('body model', () => {
  const views: Array<[string | undefined, string | Buffer, string]> = [
    ['application/json; charset=utf-8', '{}', 'json'],
    ['application/problem+json', '{}', 'json'],
    ['application/jsonl', '{}\n{}', 'jsonl'],
    ['application/x-ndjson', '{}', 'jsonl'],
    ['application/json-seq', '\x1e{}\n', 'jsonl'],
    ['text/plain', 'hi', 'text'],
    ['application/xml', '<a/>', 'text'],
    ['image/png', Buffer.from([137, 80, 78, 71]), 'image'],
    ['image/svg+xml', '<svg/>', 'text'],
    [undefined, 'plain words', 'text'],
    ['application/octet-stream', Buffer.from([0, 1, 2, 255]), 'binary'],
    ['application/pdf', Buffer.from([0x25, 0x50, 0, 0xff]), 'binary'],
    ['application/json', '', 'empty'],
  ];
  for (const [ct, body, view] of views) {
    it(`${ct ?? 'no content type'} → ${view}`, () => {
      const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
      assert.equal(bodyView(ct, buf, buf.length), view);
    });
  }

  it('keeps a bounded preview on a character boundary and reports the full size', () => {
    const text = 'é'.repeat(1000);
    const m = buildBodyModel('text/plain', Buffer.from(text), 2000, true, 101);
    assert.equal(m.truncated, true);
    assert.equal(m.size, 2000);
    assert.equal(m.text, 'é'.repeat(50));
  });

  it('carries a complete JSON body whole up to treeBytes, so the renderer can explore all of it', () => {
    const json = Buffer.from(JSON.stringify({ items: Array.from({ length: 100 }, (_, i) => ({ i })) }));
    const table: Array<[string, boolean, number, number, boolean]> = [
      // content type, kept all, preview, tree, truncated
      ['application/json', true, 100, json.length, false],
      ['application/problem+json', true, 100, json.length * 2, false],
      ['application/json', true, 100, json.length - 1, true],
      ['application/json', false, 100, json.length, true],
      ['application/jsonl', true, 100, json.length, true],
      ['text/plain', true, 100, json.length, true],
    ];
    for (const [type, keptAll, preview, tree, truncated] of table) {
      const m = buildBodyModel(type, json, json.length, keptAll, preview, tree);
      assert.equal(m.truncated, truncated, `${type} kept ${keptAll} tree ${tree}`);
      assert.equal(m.text.length, truncated ? 100 : json.length);
    }
    assert.equal(
      buildBodyModel('application/json', json, json.length, true, 100).truncated,
      true,
      'unset: the preview',
    );
  });

  it('encodes small images as base64 and large ones as not shown', () => {
    const png = Buffer.from([137, 80, 78, 71, 1, 2, 3]);
    assert.deepEqual(buildBodyModel('image/png', png, png.length, true, 100), {
      contentType: 'image/png',
      encoding: 'base64',
      view: 'image',
      text: png.toString('base64'),
      size: 7,
      truncated: false,
    });
    assert.equal(buildBodyModel('image/png', png, png.length, true, 3).view, 'binary');
  });

  it('parses json and jsonl (json-seq too), and reports failure for broken JSON', () => {
    assert.deepEqual(parseJsonBody('json', '{"a":1}'), { ok: true, value: { a: 1 } });
    assert.deepEqual(parseJsonBody('jsonl', '{"a":1}\n\n\x1e{"a":2}\n'), { ok: true, value: [{ a: 1 }, { a: 2 }] });
    assert.deepEqual(parseJsonBody('json', '{"a":'), { ok: false });
  });

  it('extracts RFC 7807 problems', () => {
    assert.deepEqual(
      problemOf('application/problem+json', 403, {
        type: 't',
        title: 'Forbidden',
        status: 403,
        detail: 'd',
        instance: '/i',
        code: 7,
      }),
      { type: 't', title: 'Forbidden', status: 403, detail: 'd', instance: '/i', extra: { code: 7 } },
    );
    assert.equal(problemOf('application/json', 200, { title: 'x' }), undefined);
    assert.ok(problemOf('application/json', 400, { title: 'Bad' }));
  });

  it('joins repeated headers for named responses', () => {
    const r = namedResponse(
      200,
      [
        ['set-cookie', 'a'],
        ['set-cookie', 'b'],
      ],
      { ok: false },
      'text',
    );
    assert.deepEqual(r, {
      status: 200,
      headers: { 'set-cookie': 'a, b' },
      body: 'text',
      bodyIsJson: false,
      bodyBytes: 4,
    });
  });
});
