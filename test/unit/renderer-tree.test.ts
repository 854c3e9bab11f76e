import assert from 'node:assert/strict';
import {
  EXPAND_ALL_BUDGET,
  INITIAL_ROW_BUDGET,
  OPEN_DEPTH,
  PAGE_SIZE,
  childPage,
  copyText,
  initialOpenDepth,
  initialRows,
  inlinePreview,
  isExpandable,
  keyLabel,
  kindOf,
  opensInitially,
  primitiveText,
  rootNode,
  safeCut,
  summary,
} from '../../src/renderer/tree';
import { formatPath } from '../../src/contract/jsonPathFormat';

describe('renderer tree model', () => {
  it('classifies every JSON kind', () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'object'],
      [[], 'array'],
      ['s', 'string'],
      [1.5, 'number'],
      [false, 'boolean'],
      [null, 'null'],
    ];
    for (const [value, kind] of cases) assert.equal(kindOf(value), kind, JSON.stringify(value));
  });

  it('gives children paths that survive awkward keys', () => {
    const root = rootNode({ 'a b': [{ 'x.y': 1 }], '': 2, 'quote"d': 3, café: 4, '0lead': 5 });
    const kids = childPage(root).nodes;
    assert.deepEqual(
      kids.map((k) => formatPath(k.path)),
      ['$["a b"]', '$[""]', '$["quote\\"d"]', '$.café', '$["0lead"]'],
    );
    const inner = childPage(childPage(kids[0]).nodes[0]).nodes[0];
    assert.deepEqual(inner.path, ['a b', 0, 'x.y']);
    assert.equal(formatPath(inner.path), '$["a b"][0]["x.y"]');
    assert.equal(inner.depth, 3);
    assert.equal(keyLabel(kids[1]), '""');
    assert.equal(keyLabel(root), '$');
  });

  it('makes children only for the requested page (lazy)', () => {
    const reads = new Set<number>();
    const base = Array.from({ length: 10_000 }, (_, i) => ({ i }));
    const watched = new Proxy(base, {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && /^\d+$/.test(prop)) reads.add(Number(prop));
        return Reflect.get(target, prop, receiver);
      },
    });
    const root = rootNode(watched);
    assert.equal(root.childCount, 10_000);
    assert.equal(reads.size, 0, 'making the root reads no element');
    const page = childPage(root);
    assert.equal(page.nodes.length, PAGE_SIZE);
    assert.equal(reads.size, PAGE_SIZE);
    assert.ok(Math.max(...reads) < PAGE_SIZE);
  });

  it('pages children for "show more"', () => {
    const root = rootNode(Array.from({ length: 250 }, (_, i) => i));
    const first = childPage(root);
    assert.deepEqual([first.start, first.end, first.remaining, first.total], [0, 100, 150, 250]);
    const second = childPage(root, first.end);
    assert.deepEqual([second.start, second.end, second.remaining], [100, 200, 50]);
    assert.equal(second.nodes[0].key, 100);
    const last = childPage(root, second.end);
    assert.deepEqual([last.nodes.length, last.remaining], [50, 0]);
    assert.equal(childPage(root, 999).nodes.length, 0);
    const objectPage = childPage(
      rootNode(Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`k${i}`, i]))),
      100,
    );
    assert.deepEqual(
      objectPage.nodes.map((n) => n.key),
      Array.from({ length: 20 }, (_, i) => `k${100 + i}`),
    );
  });

  it(`opens the first ${OPEN_DEPTH} levels and closes deeper ones`, () => {
    const root = rootNode({ a: { b: { c: { d: 1 } } }, e: [] });
    assert.equal(initialOpenDepth(root), OPEN_DEPTH);
    const rows = initialRows(root);
    assert.deepEqual(
      rows.map((r) => formatPath(r.path)),
      ['$', '$.a', '$.a.b', '$.e'],
    );
    const b = rows[2];
    assert.equal(isExpandable(b), true);
    assert.equal(opensInitially(b, OPEN_DEPTH), false, 'depth 2 starts closed');
    assert.equal(opensInitially(rows[1], OPEN_DEPTH), true);
    assert.equal(opensInitially(rows[3], OPEN_DEPTH), false, 'an empty array has nothing to open');
    assert.deepEqual(initialRows(root, 0).length, 1, 'openDepth 0 draws the root only');
  });

  it('opens a level only when all of it fits the row budget', () => {
    const record = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, j) => [`f${j}`, j]));
    // 100 records of 2 fields: 1 + 100 + 200 rows fit; of 4 fields they do not, so every record stays closed.
    const narrow = rootNode(Array.from({ length: 100 }, () => record(2)));
    assert.equal(initialOpenDepth(narrow), 2);
    assert.equal(initialRows(narrow).length, 301);
    const wide = rootNode(Array.from({ length: 100 }, () => record(4)));
    assert.equal(initialOpenDepth(wide), 1);
    assert.equal(initialRows(wide).length, 101);
    assert.equal(initialOpenDepth(wide, 2, 10_000), 2);
    // The root opens however big it is; only its first page is drawn.
    assert.equal(initialRows(rootNode(Array.from({ length: 5000 }, (_, i) => i))).length, 1 + PAGE_SIZE);
    assert.ok(EXPAND_ALL_BUDGET > INITIAL_ROW_BUDGET);
  });

  it('summarises containers and primitives', () => {
    const cases: Array<[unknown, string]> = [
      [{ a: 1 }, '{1 key}'],
      [{ a: 1, b: 2 }, '{2 keys}'],
      [{}, '{}'],
      [[], '[]'],
      [Array(1234).fill(0), '[1,234 items]'],
      ['hi', '"hi"'],
      ['a"b', '"a\\"b"'],
      [42, '42'],
      [true, 'true'],
      [null, 'null'],
    ];
    for (const [value, text] of cases) assert.equal(summary(rootNode(value)), text);
  });

  it('previews closed containers in one bounded line', () => {
    assert.equal(
      inlinePreview(rootNode({ line: 1, 'a b': 'x', n: null, o: { z: 1 }, e: {}, l: [1], m: [] })),
      '{line: 1, "a b": "x", n: null, o: {…}, e: {}, l: […], m: []}',
    );
    assert.equal(inlinePreview(rootNode([1, 'two', true])), '(3) [1, "two", true]');
    const long = inlinePreview(rootNode(Array.from({ length: 100_000 }, (_, i) => i)), 30);
    assert.equal(long, '(100,000) [0, 1, 2, 3, 4, 5, 6, …]');
    assert.equal(inlinePreview(rootNode({ s: 'y'.repeat(100) })), `{s: "${'y'.repeat(40)}…"}`);
    assert.equal(
      inlinePreview(rootNode({ ['k'.repeat(200)]: 1 }), 20),
      `{${'k'.repeat(200)}: 1}`,
      'the first member always shows',
    );
  });

  it('clips long strings in the row but copies them whole', () => {
    const long = 'x'.repeat(5000);
    const node = rootNode(long);
    const shown = primitiveText(node, 100);
    assert.equal(shown.hidden, 4900);
    assert.equal(shown.text, `"${'x'.repeat(100)}…"`);
    assert.equal(copyText(node), long);
    assert.equal(copyText(rootNode({ a: [1] })), '{\n  "a": [\n    1\n  ]\n}');
    assert.equal(copyText(rootNode(null)), 'null');
  });

  it('shows empty containers as [] and {} in their row, not as a blank', () => {
    const kids = childPage(rootNode({ items: [], meta: {}, nested: [[], {}] })).nodes;
    assert.deepEqual(
      kids.map((k) => [isExpandable(k), primitiveText(k).text]),
      [
        [false, '[]'],
        [false, '{}'],
        [true, '[2 items]'],
      ],
    );
  });

  it('never cuts a surrogate pair in half', () => {
    const s = 'ab😀cd';
    assert.equal(safeCut(s, 3), 2);
    assert.equal(safeCut(s, 4), 4);
    assert.equal(primitiveText(rootNode('😀😀😀'), 3).text, '"😀…"');
  });

  it('draws the first view of a 1 MB JSON body quickly', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      referenceId: `cp-${i}`,
      name: `Party ${i}`,
      tags: ['a', 'b'],
      address: { city: 'Amsterdam', country: 'NL' },
      amount: i * 1.5,
    }));
    const text = JSON.stringify({ total: items.length, items });
    assert.ok(text.length > 1_000_000);
    const t0 = performance.now();
    const value = JSON.parse(text);
    const t1 = performance.now();
    const rows = initialRows(rootNode(value));
    const t2 = performance.now();
    console.log(
      `      1 MB JSON (${(text.length / 1e6).toFixed(2)} MB): JSON.parse ${(t1 - t0).toFixed(1)} ms, first-view model ${(t2 - t1).toFixed(2)} ms for ${rows.length} rows`,
    );
    assert.equal(rows.length, 1 + 2 + PAGE_SIZE, 'only the visible rows are made');
  });
});
