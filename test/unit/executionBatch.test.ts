import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { ExecutionBatch } from '../../src/extension/executionBatch';

/**
 * `ExecutionBatch` only knows `vscode` by its types: here the controller, the cells and their executions are
 * fakes that record every message the workbench would get, and a fake clock stands in for `setTimeout` and
 * `Date.now`, so what is asserted is which messages go out at which (fake) moment, never how long anything took.
 */

/** Timers and `Date.now` under the test's control: time moves only in `advance`. */
class FakeClock {
  now = 1_000_000;
  private next = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  private saved: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout; now: typeof Date.now } | undefined;

  install(): void {
    this.timers.clear();
    this.saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, now: Date.now };
    globalThis.setTimeout = ((fn: () => void, ms = 0) => {
      const id = this.next++;
      this.timers.set(id, { at: this.now + Math.max(0, ms), fn });
      return id;
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout = ((id: number | undefined) => {
      if (id !== undefined) this.timers.delete(id);
    }) as typeof clearTimeout;
    Date.now = () => this.now;
  }

  uninstall(): void {
    if (!this.saved) return;
    globalThis.setTimeout = this.saved.setTimeout;
    globalThis.clearTimeout = this.saved.clearTimeout;
    Date.now = this.saved.now;
    this.saved = undefined;
  }

  /** A promise that resolves after `ms` of fake time. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Moves time forward by `ms`, firing due timers in order and letting the promises they settle run. */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    await settle();
    for (;;) {
      let due: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= until && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
      await settle();
    }
    this.now = until;
    await settle();
  }
}

/** Lets every pending promise callback run (setImmediate is not faked). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What the workbench was sent, message by message, with the (fake) time it was sent at. */
type Message =
  | { at: number; cell: string; kind: 'create' }
  | { at: number; cell: string; kind: 'order'; order: number }
  | { at: number; cell: string; kind: 'start'; time: number | undefined }
  | { at: number; cell: string; kind: 'clear' }
  /** `via`: the cell whose execution wrote it (an execution may write another cell's output). */
  | { at: number; cell: string; kind: 'output'; text: string; via: string }
  | { at: number; cell: string; kind: 'end'; ok: boolean | undefined; time: number | undefined };

interface FakeCell {
  name: string;
  index: number;
}

function fakes(clock: FakeClock) {
  const messages: Message[] = [];
  const cancelListeners: Array<() => void> = [];
  const controller = {
    createNotebookCellExecution(cellArg: vscode.NotebookCell) {
      const cell = (cellArg as unknown as FakeCell).name;
      messages.push({ at: clock.now, cell, kind: 'create' });
      return {
        set executionOrder(order: number) {
          messages.push({ at: clock.now, cell, kind: 'order', order });
        },
        token: {
          onCancellationRequested(listener: () => void) {
            cancelListeners.push(listener);
            return { dispose() {} };
          },
        },
        start(time?: number) {
          messages.push({ at: clock.now, cell, kind: 'start', time });
        },
        clearOutput() {
          messages.push({ at: clock.now, cell, kind: 'clear' });
          return Promise.resolve();
        },
        replaceOutput(output: vscode.NotebookCellOutput, target?: vscode.NotebookCell) {
          const to = target ? (target as unknown as FakeCell).name : cell;
          messages.push({ at: clock.now, cell: to, kind: 'output', text: textOf(output), via: cell });
          return Promise.resolve();
        },
        end(ok: boolean | undefined, time?: number) {
          messages.push({ at: clock.now, cell, kind: 'end', ok, time });
        },
      };
    },
  } as unknown as vscode.NotebookController;
  let cancelled = 0;
  const batch = new ExecutionBatch(
    controller,
    () => cancelled++,
    (message) => output(`⏳ ${message}`),
  );
  return { batch, messages, cancelListeners, cancelled: () => cancelled };
}

/** A stand-in for a NotebookCellOutput: the batch only passes it on. */
function output(text: string): vscode.NotebookCellOutput {
  return { items: [], text } as unknown as vscode.NotebookCellOutput;
}

function textOf(o: vscode.NotebookCellOutput): string {
  return (o as unknown as { text: string }).text;
}

function cell(name: string, index: number): vscode.NotebookCell {
  return { name, index } as unknown as vscode.NotebookCell;
}

/** A cell's work that takes `ms` of fake time and ends with `ok`. */
function takes(clock: FakeClock, ms: number, text: string, ok: boolean | undefined) {
  return async () => {
    await clock.sleep(ms);
    return { output: output(text), ok };
  };
}

/** A cell's work that is done at once. */
function instant(text: string) {
  return () => Promise.resolve({ output: output(text), ok: true });
}

/** The messages of one cell, without the moment they were sent (nor which execution wrote its output). */
function of(messages: Message[], name: string): Array<Record<string, unknown>> {
  return messages
    .filter((m) => m.cell === name)
    .map((m) =>
      Object.fromEntries(Object.entries(m).filter(([key]) => key !== 'at' && key !== 'cell' && key !== 'via')),
    );
}

describe('ExecutionBatch: Run All as the workbench sees it', () => {
  const clock = new FakeClock();
  beforeEach(() => clock.install());
  afterEach(() => clock.uninstall());

  it('reports fast cells after the fact, in one batch, with their real start and end times', async () => {
    const { batch, messages } = fakes(clock);
    const t0 = clock.now;
    const cells = [cell('a', 0), cell('b', 1), cell('c', 2)];
    const results: Array<boolean | undefined> = [];
    const run = (async () => {
      results.push(await batch.run(cells[0], 1, takes(clock, 10, 'out a', true)));
      results.push(await batch.run(cells[1], 2, takes(clock, 20, 'out b', false)));
      results.push(await batch.run(cells[2], 3, takes(clock, 5, 'not run', undefined)));
    })();
    await clock.advance(35);
    await run;
    assert.deepEqual(results, [true, false, undefined], 'each run says how its cell ended');
    assert.equal(messages.length, 0, 'nothing is sent while the cells run: no spinner, no cleared output');

    await clock.advance(100);
    assert.deepEqual(of(messages, 'a'), [
      { kind: 'create' },
      { kind: 'order', order: 1 },
      { kind: 'start', time: t0 },
      { kind: 'output', text: 'out a' },
      { kind: 'end', ok: true, time: t0 + 10 },
    ]);
    assert.deepEqual(of(messages, 'b'), [
      { kind: 'create' },
      { kind: 'order', order: 2 },
      { kind: 'start', time: t0 + 10 },
      { kind: 'output', text: 'out b' },
      { kind: 'end', ok: false, time: t0 + 30 },
    ]);
    assert.deepEqual(of(messages, 'c'), [
      { kind: 'create' },
      { kind: 'order', order: 3 },
      { kind: 'start', time: t0 + 30 },
      { kind: 'output', text: 'not run' },
      { kind: 'end', ok: undefined, time: t0 + 35 },
    ]);
    assert.deepEqual(
      [...new Set(messages.map((m) => m.at))],
      [t0 + 10 + 40],
      'all three go out together, 40 ms after the first finished',
    );
    assert.deepEqual(
      messages.filter((m) => m.kind === 'create').map((m) => m.cell),
      ['a', 'b', 'c'],
      'in run order',
    );
  });

  it("writes a batch's outputs as one edit, through its first execution, before any of the batch ends", async () => {
    const { batch, messages } = fakes(clock);
    for (let i = 0; i < 5; i++) await batch.run(cell(`c${i}`, i), i + 1, instant(`out ${i}`));
    batch.flush();
    const outputs = messages.filter((m) => m.kind === 'output');
    assert.deepEqual(
      outputs.map((m) => [m.cell, m.via]),
      [0, 1, 2, 3, 4].map((i) => [`c${i}`, 'c0']),
      "every cell's output, written by the first cell's execution (VS Code sends them together when it ends)",
    );
    const firstEnd = messages.findIndex((m) => m.kind === 'end');
    assert.equal(messages[firstEnd].cell, 'c0', 'the execution that wrote the outputs ends first');
    assert.ok(
      messages.every((m, i) => m.kind !== 'output' || i < firstEnd),
      'every output is written before any execution of the batch ends',
    );
    assert.deepEqual(
      messages.filter((m) => m.kind === 'end').map((m) => m.cell),
      ['c0', 'c1', 'c2', 'c3', 'c4'],
    );
  });

  it('sends a full batch of 50 at once, and flush() sends what is waiting', async () => {
    const { batch, messages } = fakes(clock);
    for (let i = 0; i < 50; i++) await batch.run(cell(`c${i}`, i), i + 1, instant(`out ${i}`));
    assert.equal(messages.filter((m) => m.kind === 'end').length, 50, 'the 50th finished cell sends the batch');
    await batch.run(cell('last', 50), 51, instant('out last'));
    assert.equal(of(messages, 'last').length, 0, 'the 51st waits for the next batch');
    batch.flush();
    assert.deepEqual(of(messages, 'last').at(-1), { kind: 'end', ok: true, time: clock.now });
    await clock.advance(1000);
    assert.equal(messages.filter((m) => m.kind === 'end').length, 51, 'flushed cells are not sent a second time');
  });

  it('shows a slow cell running, after the fast cells before it, and ends it with its real times', async () => {
    const { batch, messages, cancelListeners, cancelled } = fakes(clock);
    const t0 = clock.now;
    let slowDone = false;
    const run = (async () => {
      await batch.run(cell('fast', 0), 1, takes(clock, 10, 'out fast', true));
      await batch.run(cell('slow', 1), 2, takes(clock, 500, 'out slow', true));
      slowDone = true;
    })();

    await clock.advance(149 + 10);
    assert.deepEqual(
      messages.map((m) => [m.cell, m.kind]),
      [
        ['fast', 'create'],
        ['fast', 'order'],
        ['fast', 'start'],
        ['fast', 'output'],
        ['fast', 'end'],
      ],
      'the fast cell is out; the slow one, 149 ms in, is not shown yet',
    );

    await clock.advance(1);
    assert.deepEqual(
      messages.filter((m) => m.cell === 'slow'),
      [
        { at: t0 + 160, cell: 'slow', kind: 'create' },
        { at: t0 + 160, cell: 'slow', kind: 'order', order: 2 },
        { at: t0 + 160, cell: 'slow', kind: 'start', time: t0 + 10 },
        { at: t0 + 160, cell: 'slow', kind: 'clear' },
      ],
      'at 150 ms the slow cell shows running from its real start, its old output cleared',
    );

    // Its execution carries the interrupt: cancelling it aborts the run.
    assert.equal(cancelListeners.length, 2);
    cancelListeners[1]();
    assert.equal(cancelled(), 1);

    await clock.advance(349);
    assert.equal(slowDone, false);
    assert.equal(of(messages, 'slow').length, 4, 'nothing more while it runs');
    await clock.advance(1);
    await run;
    assert.deepEqual(of(messages, 'slow').slice(4), [
      { kind: 'output', text: 'out slow' },
      { kind: 'end', ok: true, time: t0 + 510 },
    ]);
    await clock.advance(1000);
    assert.equal(of(messages, 'slow').length, 6, 'sent once: no batch sends it again');
  });

  it('never re-renders an output that did not change: one edit per fast cell, a progress line only when it changes', async () => {
    const { batch, messages } = fakes(clock);
    const t0 = clock.now;
    const run = batch.run(cell('polling', 0), 1, async (progress) => {
      progress('polling: attempt 1');
      await clock.sleep(300);
      progress('polling: attempt 1'); // the same line again: nothing to redraw
      await clock.sleep(300);
      progress('polling: attempt 2');
      progress('polling: attempt 3'); // replaced before it could show: only the latest is drawn
      await clock.sleep(300);
      return { output: output('done'), ok: true };
    });
    await clock.advance(1000);
    await run;
    const outputs = messages.filter((m) => m.kind === 'output' || m.kind === 'clear');
    assert.deepEqual(
      outputs.map((m) => [m.at - t0, m.kind === 'output' ? m.text : 'clear']),
      [
        [150, '⏳ polling: attempt 1'],
        [600, '⏳ polling: attempt 3'],
        [900, 'done'],
      ],
      'the progress line is drawn when the cell shows, then only when its text changes, then the result',
    );

    // A fast cell's output is written once, with no clearing or progress line before it.
    const fast = fakes(clock);
    const fastRun = fast.batch.run(cell('fast', 1), 2, async (progress) => {
      progress('page 1 of 1');
      await clock.sleep(20);
      return { output: output('fast done'), ok: true };
    });
    await clock.advance(100);
    await fastRun;
    assert.deepEqual(
      fast.messages.filter((m) => m.kind === 'output' || m.kind === 'clear'),
      [{ at: t0 + 1000 + 20 + 40, cell: 'fast', kind: 'output', text: 'fast done', via: 'fast' }],
    );
  });

  it('does not send a cell deleted while the run went on', async () => {
    const { batch, messages } = fakes(clock);
    const gone = { name: 'gone', index: 0 };
    await batch.run(gone as unknown as vscode.NotebookCell, 1, instant('out'));
    await batch.run(cell('kept', 1), 2, instant('out'));
    gone.index = -1;
    await clock.advance(100);
    assert.deepEqual([...new Set(messages.map((m) => m.cell))], ['kept']);
    assert.deepEqual(
      messages.filter((m) => m.kind === 'output').map((m) => m.via),
      ['kept'],
      'the output is written by a cell still there',
    );
  });
});
