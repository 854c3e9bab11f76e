import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Environment } from '../../src/core/environments/environment';
import { cellDiagnostics } from '../../src/core/language/diagnostics';
import { collectNotebookFacts } from '../../src/core/language/notebookFacts';
import { NotebookIndex } from '../../src/core/language/notebookIndex';
import type { NotebookFacts } from '../../src/core/language/languageTypes';

const env: Environment = {
  name: 'uat',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  variables: { partyId: 'p-1', region: 'eu' },
  protected: false,
};

function indexOf(texts: string[]): NotebookIndex<string> {
  const index = new NotebookIndex<string>();
  index.setCells(texts.map((text, i) => ({ key: `c${i}`, text })));
  index.setVariables(Object.keys(env.variables));
  return index;
}

const chain = [
  'name: a\nGET: /x',
  'name: b\nGET: /y/{{a.body.id}}',
  'GET: /z/{{b.status}}\napiVersion: 2025.1.0',
  'GET: /w/{{partyId}}',
];

describe('notebook index: which cells an edit affects', () => {
  const cases: Array<{ title: string; cell: number; text: string; dirty: string[] }> = [
    { title: 'a change that keeps the name affects that cell only', cell: 0, text: 'name: a\nGET: /x2', dirty: ['c0'] },
    {
      title: 'a rename affects the cells referencing the old name',
      cell: 0,
      text: 'name: aa\nGET: /x',
      dirty: ['c0', 'c1'],
    },
    {
      title: 'naming a cell affects cells referencing the new name',
      cell: 3,
      text: 'name: b\nGET: /w/{{partyId}}',
      dirty: ['c3', 'c2'],
    },
    {
      title: 'a new api-version affects cells that pin none',
      cell: 0,
      text: 'name: a\nGET: /x\napiVersion: 2024.2.0',
      dirty: ['c0', 'c1', 'c3'],
    },
    { title: 'an identical text affects nothing', cell: 1, text: chain[1], dirty: [] },
  ];
  for (const c of cases)
    it(c.title, () => {
      const index = indexOf(chain);
      assert.deepEqual([...index.setText(`c${c.cell}`, c.text)].sort(), [...c.dirty].sort());
    });

  it('a cell with an unknown reference is rechecked on any rename (its "did you mean" can change)', () => {
    const index = indexOf([...chain, 'GET: /v/{{nope.body}}']);
    assert.deepEqual([...index.setText('c0', 'name: nop\nGET: /x')].sort(), ['c0', 'c1', 'c4']);
  });

  it('adding, removing and moving cells', () => {
    const index = indexOf(chain);
    const cells = (order: number[], extra: Array<{ key: string; text: string }> = []) => [
      ...order.map((i) => ({ key: `c${i}`, text: chain[i] })),
      ...extra,
    ];
    assert.deepEqual([...index.setCells(cells([0, 1, 2, 3], [{ key: 'n', text: 'GET: /n' }]))], ['n']);
    assert.deepEqual([...index.setCells(cells([0, 2, 3], [{ key: 'n', text: 'GET: /n' }]))].sort(), ['c2']);
    assert.deepEqual([...index.setCells(cells([2, 0, 3]))].sort(), ['c0', 'c2', 'c3'], 'a move rechecks everything');
  });

  it('finds the readers of a response', () => {
    assert.deepEqual([...indexOf(chain).readersOf('a')], ['c1']);
    assert.deepEqual([...indexOf(chain).readersOf('partyId')], ['c3']);
  });

  it('gives each cell the same facts as reading the whole notebook', () => {
    const texts = [...chain, 'name: a\nGET: /dup', 'GET: /x\napiVersion: 2025.1.0'];
    const index = indexOf(texts);
    // The notebook's facts as plain values: the names are views of the index, so compare what they contain.
    const plain = (f: NotebookFacts) => ({
      ...f,
      earlierNames: [...f.earlierNames],
      laterNames: [...(f.laterNames ?? [])],
    });
    texts.forEach((_, i) =>
      assert.deepEqual(plain(index.facts(`c${i}`)), plain(collectNotebookFacts(texts, i)), `cell ${i}`),
    );
  });

  it("keeps names above and below and the other cells' URLs right through edits (views, counts)", () => {
    const cellText = fc
      .record({
        name: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
        path: fc.constantFrom('/x', '/y', '/z/{{a.body.id}}'),
        second: fc.option(fc.constantFrom('/x', '/w'), { nil: undefined }),
      })
      .map((c) => `${c.name ? `name: ${c.name}\n` : ''}GET: ${c.path}\n${c.second ? `POST: ${c.second}\n` : ''}`);
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('text' as const), at: fc.nat(), text: cellText }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: cellText }),
    );
    fc.assert(
      fc.property(
        fc.array(cellText, { minLength: 1, maxLength: 6 }),
        fc.array(edit, { maxLength: 10 }),
        (start, edits) => {
          let cells = start.map((text, i) => ({ key: `k${i}`, text }));
          let next = cells.length;
          const index = new NotebookIndex<string>();
          index.setCells(cells);
          for (const e of edits) {
            if (e.kind === 'text' && cells.length) {
              const target = cells[e.at % cells.length];
              target.text = e.text;
              index.setText(target.key, e.text);
            } else if (e.kind === 'remove' && cells.length > 1) {
              cells = cells.filter((_, i) => i !== e.at % cells.length);
              index.setCells(cells);
            } else if (e.kind === 'insert') {
              cells = [...cells];
              cells.splice(e.at % (cells.length + 1), 0, { key: `k${next++}`, text: e.text });
              index.setCells(cells);
            }
          }
          const nameOf = (t: string) => /^name: (\w+)/.exec(t)?.[1];
          const pathsOf = (t: string) => [...t.matchAll(/^(?:GET|POST): (\S+)/gm)].map((m) => m[1]);
          cells.forEach((cell, i) => {
            const facts = index.facts(cell.key);
            const names = (from: number, to: number) =>
              new Set(cells.slice(from, to).flatMap((c) => (nameOf(c.text) ? [nameOf(c.text)!] : [])));
            const earlier = names(0, i);
            const later = names(i + 1, cells.length);
            assert.deepEqual(new Set(facts.earlierNames), earlier, `earlier names of cell ${i}`);
            assert.deepEqual(new Set(facts.laterNames), later, `later names of cell ${i}`);
            for (const n of ['a', 'b', 'c', 'd']) {
              assert.equal(facts.earlierNames.has(n), earlier.has(n), `earlier has ${n}, cell ${i}`);
              assert.equal(facts.laterNames!.has(n), later.has(n), `later has ${n}, cell ${i}`);
            }
            const others = new Set(cells.filter((_, j) => j !== i).flatMap((c) => pathsOf(c.text)));
            assert.deepEqual(new Set(facts.paths), others, `URLs of the other cells, cell ${i}`);
          });
        },
      ),
    );
  });

  it('rechecking only the cells it names gives the diagnostics of a full recheck', () => {
    const names = ['a', 'b', 'c'];
    const cellText = fc
      .record({
        name: fc.option(fc.constantFrom(...names), { nil: undefined }),
        ref: fc.option(fc.constantFrom(...names, 'partyId', 'nope', 'regoin'), { nil: undefined }),
        version: fc.option(fc.constantFrom('2025.1.0', '2024.2.0'), { nil: undefined }),
        typo: fc.boolean(),
      })
      .map(
        (c) =>
          `${c.name ? `name: ${c.name}\n` : ''}GET: /p${c.ref ? `/{{${c.ref}${names.includes(c.ref) ? '.body.id' : ''}}}` : ''}\n` +
          `${c.version ? `apiVersion: ${c.version}\n` : ''}${c.typo ? 'heders: {}\n' : ''}`,
      );
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('text' as const), at: fc.nat(), text: cellText }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: cellText }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
    );
    const noApiEnv: Environment = { ...env };
    const diagnose = (texts: readonly string[], i: number, scopeFacts: ReturnType<NotebookIndex<string>['facts']>) =>
      JSON.stringify(cellDiagnostics(texts[i], { ...scopeFacts, environment: noApiEnv, responses: new Map() }));
    fc.assert(
      fc.property(
        fc.array(cellText, { minLength: 1, maxLength: 6 }),
        fc.array(edit, { maxLength: 8 }),
        (start, edits) => {
          let cells = start.map((text, i) => ({ key: `k${i}`, text }));
          let next = cells.length;
          const index = new NotebookIndex<string>();
          index.setCells(cells);
          index.setVariables(Object.keys(env.variables));
          const shown = new Map(cells.map((c, i) => [c.key, diagnose(start, i, index.facts(c.key))]));
          for (const e of edits) {
            let dirty: Set<string>;
            if (e.kind === 'text' && cells.length) {
              const target = cells[e.at % cells.length];
              target.text = e.text;
              dirty = index.setText(target.key, e.text);
            } else {
              if (e.kind === 'insert') cells.splice(e.at % (cells.length + 1), 0, { key: `k${next++}`, text: e.text });
              else if (e.kind === 'remove' && cells.length > 1) cells.splice(e.at % cells.length, 1);
              else if (e.kind === 'move' && cells.length) {
                const [moved] = cells.splice(e.at % cells.length, 1);
                cells.splice(e.to % (cells.length + 1), 0, moved);
              }
              cells = cells.map((c) => ({ ...c }));
              dirty = index.setCells(cells);
            }
            const texts = cells.map((c) => c.text);
            for (const key of dirty) {
              const i = cells.findIndex((c) => c.key === key);
              if (i >= 0) shown.set(key, diagnose(texts, i, index.facts(key)));
            }
            cells.forEach((c, i) =>
              assert.equal(
                shown.get(c.key),
                diagnose(texts, i, collectNotebookFacts(texts, i)),
                `cell ${i} after ${e.kind}`,
              ),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
