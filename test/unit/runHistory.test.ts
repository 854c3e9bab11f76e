import assert from 'node:assert/strict';
import type { ResponseModel, RunResult } from '../../src/contract/response';
import { Redactor } from '../../src/core/http/redact';
import { boundResult } from '../../src/core/history/boundResult';
import { cellIdentities, cellIdentity } from '../../src/core/history/cellIdentity';
import { RunHistory } from '../../src/core/history/runHistory';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXRva2Vu';

function run(i: number, body = `{"n":${i}}`, extra: Partial<ResponseModel> = {}): ResponseModel {
  return {
    kind: 'response',
    outcome: 'passed',
    environment: { name: 'uat-eu', baseUrl: 'https://x', protected: false, client: 'reader', label: 'blue' },
    request: {
      method: 'GET',
      url: 'https://x/a',
      headers: [['authorization', 'Bearer ‹redacted›']],
      tokenAttached: true,
    },
    status: 200,
    statusText: 'OK',
    headers: [],
    body: {
      contentType: 'application/json',
      encoding: 'utf8',
      view: 'json',
      text: body,
      size: body.length,
      truncated: false,
    },
    assertions: [],
    timings: { totalMs: i, ttfbMs: i },
    startedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    notes: [],
    ...extra,
  };
}

describe('run history', () => {
  it('keeps the newest runs per cell, newest first, up to the limit', () => {
    const h = new RunHistory({ runsPerCell: 3 });
    for (let i = 1; i <= 5; i++) h.add('cell-a', `r${i}`, 'uat-eu', run(i));
    h.add('cell-b', 'b1', 'prod-eu', run(9));
    assert.deepEqual(
      h.list('cell-a').map((e) => e.id),
      ['r5', 'r4', 'r3'],
    );
    assert.equal(h.list('cell-b').length, 1);
    assert.equal(h.size, 4);
    assert.equal(h.find('r4')?.key, 'cell-a');
    assert.equal(h.find('r1'), undefined);
    h.setRunsPerCell(1);
    assert.deepEqual(
      h.list('cell-a').map((e) => e.id),
      ['r5'],
    );
  });

  it('marks a run made only to compare, and the mark lives and dies with the run (nothing else grows)', () => {
    const h = new RunHistory({ runsPerCell: 2 });
    h.add('cell', 'shown', 'uat-eu', run(1));
    h.add('cell', 'compared', 'prod-eu', run(2), { compareOnly: true });
    assert.deepEqual(
      h.list('cell').map((e) => [e.id, e.compareOnly ?? false]),
      [
        ['compared', true],
        ['shown', false],
      ],
    );
    const again = new RunHistory();
    const written = JSON.parse(h.snapshot(1 << 20).json) as { cells: Array<{ entries: object[] }> };
    (written.cells[0].entries[1] as { compareOnly?: unknown }).compareOnly = 'yes';
    again.restore(written);
    assert.deepEqual(
      again.list('cell').map((e) => [e.id, e.compareOnly ?? false]),
      [
        ['compared', true],
        ['shown', false],
      ],
      'kept across sessions; a mark that is not `true` is not taken',
    );
    h.add('cell', 'later', 'uat-eu', run(3));
    h.add('cell', 'latest', 'uat-eu', run(4));
    assert.equal(h.find('compared'), undefined, 'dropped with its run');
  });

  it('an entry says when, where, with which client and label, status and time, or the failure', () => {
    const h = new RunHistory();
    const e = h.add('c', 'r1', 'uat-eu', run(7));
    assert.deepEqual(
      { ...e, result: undefined },
      {
        id: 'r1',
        ranAt: '2025-01-01T00:00:07.000Z',
        environment: 'uat-eu',
        client: 'reader',
        label: 'blue',
        outcome: 'passed',
        status: 200,
        totalMs: 7,
        result: undefined,
      },
    );
    const failure: RunResult = {
      kind: 'failure',
      outcome: 'failed',
      category: 'timeout',
      title: 'Timed out',
      message: 'm',
      startedAt: '2025-01-01T00:00:00.000Z',
    };
    const f = h.add('c', 'r2', 'uat-eu', failure);
    assert.equal(f.title, 'Timed out');
    assert.equal(f.status, undefined);
  });

  it('bounds response and request bodies per run, without splitting a character', () => {
    const h = new RunHistory({ bodyBytes: 10 });
    const big = run(1, '"ééééééééé"', {
      request: { method: 'POST', url: 'https://x', headers: [], body: 'x'.repeat(50), tokenAttached: false },
    });
    const e = h.add('c', 'r', 'uat-eu', big);
    assert.ok(e.result.kind === 'response');
    assert.equal(e.result.body.text, '"éééé');
    assert.equal(e.result.body.truncated, true);
    assert.equal(e.result.body.size, big.body.size, 'the full size is still known');
    assert.equal(e.result.request.body, `${'x'.repeat(10)}…`);
    const image = run(1);
    image.body = {
      contentType: 'image/png',
      encoding: 'base64',
      view: 'image',
      text: 'A'.repeat(40),
      size: 30,
      truncated: false,
    };
    const bounded = boundResult(image, 10);
    assert.ok(bounded.kind === 'response');
    assert.deepEqual([bounded.body.view, bounded.body.text, bounded.body.truncated], ['binary', '', true]);
    const small = run(1);
    assert.equal(boundResult(small, 1000), small, 'a run within bounds is kept as it is');
  });

  it('redacts once more on the way in: a token known by now never stays in a kept run', () => {
    const redactor = new Redactor();
    redactor.add(TOKEN);
    const h = new RunHistory({}, redactor);
    const leaky = run(1, JSON.stringify({ echoed: TOKEN }), { notes: [`saw ${TOKEN}`] });
    const e = h.add('c', 'r', 'uat-eu', leaky);
    assert.ok(!JSON.stringify(e).includes(TOKEN));
    assert.ok(!h.snapshot(1e6).json.includes(TOKEN));
    const other = new RunHistory({}, redactor);
    other.restore(JSON.parse(JSON.stringify({ format: 1, cells: [{ key: 'c', entries: [{ ...e, result: leaky }] }] })));
    assert.ok(!JSON.stringify(other.list('c')).includes(TOKEN), 'restored runs are redacted too');
  });

  it('never keeps the marks it adds when a run is shown', () => {
    const h = new RunHistory();
    const e = h.add('c', 'r', 'uat-eu', { ...run(1), runId: 'old', earlier: { ranAt: 'x' } });
    assert.equal(e.result.runId, undefined);
    assert.equal(e.result.earlier, undefined);
  });

  it('a snapshot fits its size cap by leaving out the oldest runs first, and reads back', () => {
    const h = new RunHistory();
    for (let i = 1; i <= 6; i++)
      h.add(i % 2 ? 'odd' : 'even', `r${i}`, 'uat-eu', run(i, JSON.stringify({ pad: 'p'.repeat(500) })));
    h.add('odd', 'r7', 'uat-eu', { ...run(7), fullBodyId: 'in-memory-only' });
    const all = h.snapshot(1e6);
    assert.equal(all.dropped, 0);
    assert.ok(!all.json.includes('in-memory-only'), 'full-body ids mean nothing in another session');
    const cap = Math.floor(all.json.length / 2);
    const half = h.snapshot(cap);
    assert.ok(half.json.length <= cap, `${half.json.length} <= ${cap}`);
    assert.ok(half.dropped > 0);
    const kept = half.data.cells.flatMap((c) => c.entries.map((e) => e.id));
    assert.ok(kept.includes('r7') && !kept.includes('r1'), kept.join());
    const back = new RunHistory();
    assert.equal(back.restore(JSON.parse(half.json)), kept.length);
    assert.deepEqual(
      back.list('odd').map((e) => e.id),
      half.data.cells.find((c) => c.key === 'odd')!.entries.map((e) => e.id),
    );
  });

  it('a snapshot names cells for the next session, and leaves out cells with no such name (unsaved notebooks)', () => {
    const h = new RunHistory();
    h.add('cell-uri-1', 'a', 'e', run(1));
    h.add('untitled-cell', 'b', 'e', run(2));
    const { data } = h.snapshot(1e6, (key) => (key === 'cell-uri-1' ? 'file:///n.akkuro-nb\nname:party' : undefined));
    assert.deepEqual(
      data.cells.map((c) => [c.key, c.entries.map((e) => e.id)]),
      [['file:///n.akkuro-nb\nname:party', ['a']]],
    );
  });

  it('restore ignores anything that is not a history it wrote', () => {
    const h = new RunHistory();
    for (const junk of [null, 1, 'x', [], { format: 2, cells: [] }, { format: 1, cells: 'x' }])
      assert.equal(h.restore(junk), 0);
    const good = run(1);
    assert.equal(
      h.restore({
        format: 1,
        cells: [
          null,
          { key: 1, entries: [] },
          {
            key: 'c',
            entries: [
              { id: 'a' },
              { id: 'b', ranAt: 'x', environment: 'e', result: { ...good, body: 'not an object' } },
              { id: 'c', ranAt: 'x', environment: 'e', result: { kind: 'failure', startedAt: 'x' } },
              { id: 'ok', ranAt: good.startedAt, environment: 'e', outcome: 'passed', result: good },
            ],
          },
        ],
      }),
      1,
    );
    assert.deepEqual(
      h.list('c').map((e) => e.id),
      ['ok'],
    );
  });

  it('a cell seen under a new key takes its runs along; clear empties everything', () => {
    const h = new RunHistory({ runsPerCell: 2 });
    h.add('old', 'a', 'e', run(1));
    h.add('new', 'b', 'e', run(2));
    h.rename('old', 'new');
    assert.deepEqual(
      h.list('new').map((e) => e.id),
      ['b', 'a'],
    );
    assert.equal(h.list('old').length, 0);
    h.clear();
    assert.equal(h.size, 0);
  });
});

describe('a cell across sessions', () => {
  it('is its name, else its request line numbered among equal ones', () => {
    const texts = [
      'name: party\nPOST: /parties',
      'GET: /parties   # list',
      '# again\nGET: "/parties"',
      'GET: /parties/{{party.body.id}}',
      'not yet a request',
      'name: bad name\nGET: /x',
    ];
    assert.deepEqual(
      texts.map((_, i) => cellIdentity(texts, i)),
      ['name:party', 'GET /parties#1', 'GET /parties#2', 'GET /parties/{{party.body.id}}#1', 'cell#1', 'GET /x#1'],
    );
    assert.deepEqual(
      cellIdentities(texts),
      texts.map((_, i) => cellIdentity(texts, i)),
      'all at once, the same',
    );
  });
});
