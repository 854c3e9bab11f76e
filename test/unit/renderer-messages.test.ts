import assert from 'node:assert/strict';
import { isRendererMessage } from '../../src/contract/messages';
import { diagnosticLine, failureStyle } from '../../src/renderer/failure';
import { readRunResult } from '../../src/renderer/readResult';
import { rendererFixtures, okJson } from '../fixtures/renderer-fixtures';
import { COMMANDS } from '../../src/contract/ids';

describe('renderer messages, failures and input checks', () => {
  it('accepts exactly the messages the renderer sends', () => {
    const good: unknown[] = [
      { type: 'openFullResponse', fullBodyId: 'b1' },
      { type: 'copy', text: '' },
      { type: 'runCommand', command: COMMANDS.authenticate },
      { type: 'runCommand', command: COMMANDS.authenticate, args: ['uat-eu'] },
    ];
    const bad: unknown[] = [
      null,
      'copy',
      {},
      { type: 'openFullResponse' },
      { type: 'openFullResponse', fullBodyId: '' },
      { type: 'copy', text: 1 },
      { type: 'runCommand', command: '' },
      { type: 'runCommand', command: 'x', args: 'y' },
      { type: 'eval', code: '1' },
    ];
    for (const m of good) assert.equal(isRendererMessage(m), true, JSON.stringify(m));
    for (const m of bad) assert.equal(isRendererMessage(m), false, JSON.stringify(m));
  });

  it('styles every failure category and falls back for unknown ones', () => {
    assert.deepEqual(failureStyle('not-signed-in'), { icon: 'key', tone: 'warning', label: 'Not signed in' });
    assert.equal(failureStyle('cancelled').tone, 'info');
    assert.equal(failureStyle('from-the-future').label, 'Internal error');
    assert.equal(diagnosticLine({ line: 3, column: 5, message: 'unknown key' }), 'line 3, column 5: unknown key');
  });

  it('reads every fixture and rejects wrong shapes with a readable reason', () => {
    for (const [name, fixture] of Object.entries(rendererFixtures)) {
      const read = readRunResult(JSON.parse(JSON.stringify(fixture)));
      assert.equal(read.ok, true, name);
    }
    const cases: Array<[unknown, RegExp]> = [
      [null, /not a JSON object/],
      [[], /not a JSON object/],
      [{ kind: 'other' }, /its kind is "other"/],
      [{}, /its kind is missing/],
      [{ kind: 'failure', title: 'x' }, /`title` and `message`/],
      [{ ...okJson, status: '200' }, /`status` is not a number/],
      [{ ...okJson, body: { text: 'x' } }, /`body` lacks/],
      [{ ...okJson, request: { method: 'GET' } }, /`request` lacks/],
    ];
    for (const [value, message] of cases) {
      const read = readRunResult(value);
      assert.equal(read.ok, false);
      assert.match(read.ok ? '' : read.message, message);
      assert.match(read.ok ? '' : read.message, /Run the cell again/);
    }
  });

  it('fills lists an older writer left out', () => {
    const { notes: _n, assertions: _a, headers: _h, ...rest } = okJson;
    const read = readRunResult(rest);
    assert.ok(read.ok && read.result.kind === 'response');
    if (read.ok && read.result.kind === 'response') {
      assert.deepEqual([read.result.notes, read.result.assertions, read.result.headers], [[], [], []]);
    }
  });
});
