import assert from 'node:assert/strict';
import type { BodyModel } from '../../src/contract/response';
import { TEXT_DOM_LIMIT, clipText, planText, previewBytes, sizeLabel } from '../../src/renderer/truncate';

const body = (over: Partial<BodyModel>): BodyModel => ({
  contentType: 'text/plain',
  encoding: 'utf8',
  view: 'text',
  text: 'hello',
  size: 5,
  truncated: false,
  ...over,
});

describe('renderer truncation decisions', () => {
  it('shows a small complete body as is', () => {
    const plan = planText(body({}), 'id-1');
    assert.deepEqual(plan, { text: 'hello', clipped: false, offerFull: false });
    assert.equal(sizeLabel(body({})), '5 B');
  });

  it('says how much of a cut-short preview is shown and offers the full body', () => {
    const b = body({ text: 'x'.repeat(1024), size: 5 * 1024 * 1024, truncated: true });
    const plan = planText(b, 'id-7');
    assert.equal(plan.clipped, false);
    assert.equal(plan.offerFull, true);
    assert.equal(plan.note, 'Showing the first 1.0 KB of 5.0 MB.');
    assert.equal(sizeLabel(b), 'showing first 1.0 KB of 5.0 MB');
  });

  it('caps text put into the DOM even when the extension sent it all', () => {
    const text = 'y'.repeat(TEXT_DOM_LIMIT + 10);
    const plan = planText(body({ text, size: text.length }), 'id-2');
    assert.equal(plan.clipped, true);
    assert.equal(plan.text.length, TEXT_DOM_LIMIT);
    assert.equal(plan.offerFull, true);
    assert.match(plan.note ?? '', /^Showing the first 200\.0 KB of 200\.0 KB\.$/);
  });

  it('offers no button without a full body id, and says why', () => {
    const plan = planText(body({ truncated: true, size: 100 }), undefined);
    assert.equal(plan.offerFull, false);
    assert.match(plan.note ?? '', /not kept for this output; run the cell again/);
  });

  it('clips without splitting a surrogate pair', () => {
    assert.deepEqual(clipText('ab😀', 3), { text: 'ab', clipped: true });
    assert.deepEqual(clipText('ab', 3), { text: 'ab', clipped: false });
  });

  it('measures a base64 preview in decoded bytes', () => {
    assert.equal(previewBytes(body({ encoding: 'base64', text: Buffer.from('abcdef').toString('base64') })), 6);
  });
});
