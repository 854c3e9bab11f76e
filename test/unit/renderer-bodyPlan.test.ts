import assert from 'node:assert/strict';
import type { BodyModel } from '../../src/contract/response';
import { imageSource, mimeOf, planBody } from '../../src/renderer/bodyPlan';

const body = (over: Partial<BodyModel>): BodyModel => ({
  contentType: 'application/json',
  encoding: 'utf8',
  view: 'json',
  text: '{}',
  size: 2,
  truncated: false,
  ...over,
});
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64');

describe('renderer body plan', () => {
  it('parses a complete JSON body into a tree', () => {
    const plan = planBody(body({ text: '{"a":[1]}' }));
    assert.equal(plan.view, 'json');
    assert.deepEqual(plan.view === 'json' && plan.value, { a: [1] });
  });

  it('shows invalid JSON as text and says why', () => {
    const plan = planBody(body({ text: '{"a":' }));
    assert.equal(plan.view, 'text');
    assert.match(
      plan.view === 'text' ? (plan.reason ?? '') : '',
      /^The body is not valid JSON \(.+\); it is shown as text\.$/,
    );
  });

  it('never parses a cut-short JSON preview, even one that would parse', () => {
    const plan = planBody(body({ text: '12', size: 12345, truncated: true }), 'full-1');
    assert.equal(plan.view, 'text');
    if (plan.view !== 'text') return;
    assert.equal(plan.reason, 'This is the start of a larger JSON body, shown as text.');
    assert.equal(plan.plan.offerFull, true);
    assert.equal(plan.plan.note, 'Showing the first 2 B of 12.1 KB.');
  });

  it('splits JSON Lines and carries the truncation note', () => {
    const plan = planBody(
      body({ view: 'jsonl', contentType: 'application/jsonl', text: '{"a":1}\n{"b"', size: 9000, truncated: true }),
      'f',
    );
    assert.equal(plan.view, 'jsonl');
    if (plan.view !== 'jsonl') return;
    assert.equal(plan.lines.length, 2);
    assert.equal(plan.lines[1].partial, true);
    assert.equal(plan.offerFull, true);
    assert.match(plan.note ?? '', /of 8\.8 KB/);
  });

  it('describes empty and binary bodies', () => {
    assert.deepEqual(planBody(body({ view: 'empty', text: '', size: 0 })), {
      view: 'message',
      message: 'No body',
      offerFull: false,
    });
    const bin = planBody(
      body({ view: 'binary', contentType: 'application/pdf; name=x', encoding: 'base64', text: 'AAAA', size: 123456 }),
    );
    assert.deepEqual(bin, {
      view: 'message',
      message: '123,456 bytes of application/pdf, not shown',
      offerFull: false,
    });
  });

  it('shows raster images as data URLs and refuses SVG, bad base64 and partial images', () => {
    const png = body({ view: 'image', contentType: 'image/PNG', encoding: 'base64', text: PNG, size: 8 });
    assert.equal(imageSource(png), `data:image/png;base64,${PNG}`);
    assert.equal(planBody(png).view, 'image');
    for (const t of ['image/jpeg', 'image/gif', 'image/webp']) assert.ok(imageSource({ ...png, contentType: t }));
    assert.equal(imageSource({ ...png, contentType: 'image/svg+xml' }), undefined);
    assert.equal(imageSource({ ...png, text: 'abc"onerror=x' }), undefined);
    assert.equal(imageSource({ ...png, encoding: 'utf8' }), undefined);
    assert.equal(imageSource({ ...png, truncated: true }), undefined);
    const svg = planBody({ ...png, contentType: 'image/svg+xml' });
    assert.equal(svg.view, 'message');
    assert.match(svg.view === 'message' ? svg.message : '', /image\/svg\+xml is not shown inline/);
  });

  it('shows text bodies as text', () => {
    const plan = planBody(body({ view: 'text', contentType: 'text/html', text: '<b>hi</b>' }));
    assert.deepEqual(plan, { view: 'text', plan: { text: '<b>hi</b>', clipped: false, offerFull: false } });
  });

  it('reads the media type out of a content type', () => {
    assert.equal(mimeOf('Application/Problem+JSON; charset=utf-8'), 'application/problem+json');
    assert.equal(mimeOf(''), '');
  });
});
