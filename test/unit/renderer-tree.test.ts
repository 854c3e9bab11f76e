import assert from 'node:assert/strict';
import {
  copyText,
  inlinePreview,
  isExpandable,
  keyLabel,
  kindOf,
  primitiveText,
  rootNode,
  safeCut,
  summary,
  TreeNode,
} from '../../src/renderer/tree';
import {
  EXPAND_ALL_BUDGET,
  GROUP_THRESHOLD,
  INITIAL_ROW_BUDGET,
  groupSize,
  rowExpandable,
  TreeRows,
  type Row,
} from '../../src/renderer/treeRows';
import { MAX_MATCHES, matchKey, TreeSearch } from '../../src/renderer/treeSearch';
import { formatPath } from '../../src/contract/jsonPathFormat';

const labels = (rows: readonly Row[]) =>
  rows.map((r) => (r.group ? `[${r.group.start}…${r.group.end - 1}]` : formatPath(r.node.path)));

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
    const kids = Array.from({ length: root.childCount }, (_, i) => root.child(i));
    assert.deepEqual(
      kids.map((k) => formatPath(k.path)),
      ['$["a b"]', '$[""]', '$["quote\\"d"]', '$.café', '$["0lead"]'],
    );
    const inner = kids[0].child(0).child(0);
    assert.deepEqual(inner.path, ['a b', 0, 'x.y']);
    assert.equal(formatPath(inner.path), '$["a b"][0]["x.y"]');
    assert.equal(keyLabel(kids[1]), '""');
    assert.equal(keyLabel(root), '$');
    assert.equal(root.indexOf('café'), 3);
    assert.equal(root.indexOf('missing'), -1);
  });

  it('reads no element of a container until a row needs it (lazy)', () => {
    const reads = new Set<number>();
    const base = Array.from({ length: 10_000 }, (_, i) => ({ i }));
    const watched = new Proxy(base, {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && /^\d+$/.test(prop)) reads.add(Number(prop));
        return Reflect.get(target, prop, receiver);
      },
    });
    const root = new TreeNode(watched);
    assert.equal(root.childCount, 10_000);
    assert.equal(reads.size, 0, 'making the root reads no element');
    root.child(42);
    assert.deepEqual([...reads], [42]);
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

  it('shows empty containers as [] and {} in their row, not as a blank', () => {
    const root = rootNode({ items: [], meta: {}, nested: [[], {}] });
    const kids = [0, 1, 2].map((i) => root.child(i));
    assert.deepEqual(
      kids.map((k) => [isExpandable(k), primitiveText(k).text]),
      [
        [false, '[]'],
        [false, '{}'],
        [true, '[2 items]'],
      ],
    );
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

  it('never cuts a surrogate pair in half', () => {
    const s = 'ab😀cd';
    assert.equal(safeCut(s, 3), 2);
    assert.equal(safeCut(s, 4), 4);
    assert.equal(primitiveText(rootNode('😀😀😀'), 3).text, '"😀…"');
  });
});

describe('renderer tree rows', () => {
  it('opens the first two levels when they fit, and closes deeper ones', () => {
    const rows = new TreeRows([{ value: { a: { b: { c: { d: 1 } } }, e: [] } }]);
    assert.deepEqual(labels(rows.rows), ['$', '$.a', '$.a.b', '$.e']);
    assert.equal(rows.rows[2].open, false, 'depth 2 starts closed');
    assert.equal(rowExpandable(rows.rows[3]), false, 'an empty array has nothing to open');
    assert.equal(new TreeRows([{ value: { a: 1 } }], 0).rows.length, 1, 'openDepth 0 shows the root only');
  });

  it('opens a level only when all of it fits the row budget', () => {
    const record = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, j) => [`f${j}`, j]));
    // 100 records of 2 fields: 1 + 100 + 200 rows fit; of 4 fields they do not, so every record stays closed.
    assert.equal(new TreeRows([{ value: Array.from({ length: 100 }, () => record(2)) }]).rows.length, 301);
    assert.equal(new TreeRows([{ value: Array.from({ length: 100 }, () => record(4)) }]).rows.length, 101);
    // The root opens however big it is; its records stay closed.
    const big = new TreeRows([{ value: Array.from({ length: 5000 }, () => record(3)) }]);
    assert.equal(big.rows.length, 5001);
    assert.ok(EXPAND_ALL_BUDGET > INITIAL_ROW_BUDGET);
  });

  it('expands and collapses, keeping what was open below', () => {
    const rows = new TreeRows([{ value: { list: [{ a: { b: 1 } }, 2] } }], 1);
    assert.deepEqual(labels(rows.rows), ['$', '$.list']);
    assert.equal(rows.expand(1), 2);
    rows.expand(2);
    assert.deepEqual(labels(rows.rows), ['$', '$.list', '$.list[0]', '$.list[0].a', '$.list[1]']);
    assert.equal(rows.collapse(1), 3);
    assert.deepEqual(labels(rows.rows), ['$', '$.list']);
    rows.toggle(1);
    assert.deepEqual(labels(rows.rows), ['$', '$.list', '$.list[0]', '$.list[0].a', '$.list[1]'], 'reopened as it was');
    assert.equal(rows.parentIndex(3), 2);
    assert.equal(rows.parentIndex(0), -1);
  });

  it('groups a container of more than GROUP_THRESHOLD children, nesting groups for very long ones', () => {
    assert.deepEqual(
      [groupSize(10_001), groupSize(40_000), groupSize(1_000_000), groupSize(5_000_000)],
      [1000, 1000, 10_000, 100_000],
    );
    const rows = new TreeRows([{ value: Array.from({ length: 40_000 }, (_, i) => i) }]);
    assert.equal(rows.rows.length, 1 + 40, 'the root opens into 40 groups of 1,000');
    assert.deepEqual(labels(rows.rows.slice(1, 3)), ['[0…999]', '[1000…1999]']);
    assert.equal(rows.expand(2), 1000);
    assert.deepEqual(labels(rows.rows.slice(2, 4)), ['[1000…1999]', '$[1000]']);
    const huge = new TreeRows([{ value: Array.from({ length: 2_000_000 }, () => 0) }]);
    assert.equal(huge.rows.length, 1 + 20, '20 groups of 100,000');
    assert.equal(huge.expand(1), 100, 'a group of 100,000 opens into groups of 1,000');
    assert.ok(huge.rows.every((r) => (r.group ? r.group.end - r.group.start : 0) <= GROUP_THRESHOLD || r.depth === 1));
  });

  it('reveals a value through closed containers and groups', () => {
    const value = { items: Array.from({ length: 25_000 }, (_, i) => ({ id: `cp-${i}`, tags: ['x'] })) };
    const rows = new TreeRows([{ value }]);
    const at = rows.reveal(0, ['items', 17_345, 'tags', 0]);
    assert.ok(at > 0);
    assert.equal(formatPath(rows.rows[at].node.path), '$.items[17345].tags[0]');
    assert.equal(rows.rows[at].depth, 5, 'root, items, group, record, tags, value');
    assert.equal(rows.reveal(0, ['items', 99_999]), -1);
    assert.equal(rows.reveal(0, ['nope']), -1);
  });

  it('stops Expand all at its budget, in document order', () => {
    const grid = Array.from({ length: 100 }, (_, i) => Array.from({ length: 100 }, (_, j) => i * 100 + j));
    const rows = new TreeRows([{ value: grid }]);
    assert.equal(rows.expandAll(5000), false);
    assert.ok(rows.rows.length <= 5000, `${rows.rows.length}`);
    assert.equal(rows.rows[2].node.value, 0, 'the first row opened first');
    assert.equal(rows.expandAll(), true);
    assert.equal(rows.rows.length, 1 + 100 + 10_000);
    rows.collapseAll();
    assert.equal(rows.rows.length, 101, 'the root stays open');
  });

  it('shows JSON Lines as closed numbered roots, with raw lines as they are', () => {
    const rows = new TreeRows(
      [
        { value: { a: 1 }, label: '1' },
        { raw: 'not json', partial: false, label: '2' },
      ],
      0,
    );
    assert.equal(rows.rows.length, 2);
    assert.equal(rowExpandable(rows.rows[1]), false);
    rows.expandAll();
    assert.equal(rows.rows.length, 3);
    rows.collapseAll();
    assert.equal(rows.rows.length, 2, 'several roots all close');
    assert.equal(rows.rootOf(rows.rows[1]), 1);
  });

  it('opens a 10,000-item array into 10,000 rows quickly enough to measure, not to assert', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ referenceId: `cp-${i}`, tags: ['a'], n: i }));
    const rows = new TreeRows([{ value: { items } }]);
    assert.equal(rows.rows.length, 2);
    const t0 = performance.now();
    assert.equal(rows.expand(1), 10_000);
    console.log(`      expanding 10,000 records: ${(performance.now() - t0).toFixed(1)} ms (model only)`);
  });
});

describe('renderer tree search', () => {
  const body = {
    items: [
      { name: 'Jane Doe', city: 'Amsterdam' },
      { name: 'John', address: { city: 'amsterdam-noord' } },
    ],
    amsterdamCount: 2,
  };
  const run = (query: string, roots: ConstructorParameters<typeof TreeSearch>[0] = [{ value: body }]) => {
    const s = new TreeSearch(roots, query);
    while (!s.step(Infinity));
    return s;
  };

  it('finds keys and values anywhere, in document order, ignoring case, one match per row', () => {
    const s = run('AMSTERDAM');
    assert.deepEqual(
      s.matches.map((m) => `${formatPath(m.path)} ${m.field}`),
      ['$.items[0].city value', '$.items[1].address.city value', '$.amsterdamCount key'],
    );
    assert.deepEqual(
      run('2').matches.map((m) => formatPath(m.path)),
      ['$.amsterdamCount'],
      'numbers match as text',
    );
    assert.equal(run('   ').matches.length, 0);
    assert.equal(run('   ').done, true);
  });

  it('searches JSON Lines, raw lines included, and names the root of each match', () => {
    const s = run('x', [
      { value: { a: 'x' }, label: '1' },
      { raw: 'xyz not json', partial: false, label: '2' },
    ]);
    assert.deepEqual(
      s.matches.map((m) => matchKey(m.root, m.path)),
      ['0:$.a', '1:$'],
    );
  });

  it('works in slices until its deadline and stops counting at MAX_MATCHES', () => {
    const many = Array.from({ length: MAX_MATCHES + 500 }, () => 'hit');
    let clock = 0;
    const s = new TreeSearch([{ value: many }], 'hit');
    assert.equal(
      s.step(1, () => clock++),
      false,
      'a deadline in the past stops the first slice',
    );
    assert.ok(s.matches.length > 0 && s.matches.length < MAX_MATCHES);
    while (!s.step(Infinity));
    assert.equal(s.matches.length, MAX_MATCHES);
    assert.equal(s.capped, true);
  });
});
