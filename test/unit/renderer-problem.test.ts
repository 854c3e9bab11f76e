import assert from 'node:assert/strict';
import { problemFromJson, problemOf, problemView } from '../../src/renderer/problem';
import { okJson, problem403 } from '../fixtures/renderer-fixtures';

describe('renderer problem details', () => {
  it('uses the problem the core extracted', () => {
    const view = problemView(problemOf(problem403)!, 403, 'Forbidden');
    assert.equal(view.title, 'Forbidden');
    assert.equal(view.status, 403);
    assert.match(view.detail ?? '', /not granted the \/collateral-management domain/);
    assert.equal(view.type, 'https://docs.lending.akkuro.io/problems/domain-not-granted');
    assert.equal(view.instance, '/collateral-management/collaterals');
    assert.deepEqual(view.extra, [['grantedDomains', '["/counterparty-management"]']]);
  });

  it('reads a problem+json body when the core did not', () => {
    const model = { ...problem403, problem: undefined };
    assert.deepEqual(problemOf(model), { ...problem403.problem });
    assert.equal(problemOf(okJson), undefined, 'an ordinary JSON body is no problem');
    assert.equal(problemOf({ ...model, body: { ...model.body, truncated: true } }), undefined);
    assert.equal(problemOf({ ...model, body: { ...model.body, text: '{oops' } }), undefined);
  });

  it('keeps well-typed standard members, drops mistyped ones and moves the others to extras', () => {
    assert.deepEqual(problemFromJson({ title: 3, status: '403', detail: 'd', code: 'X1' }), {
      detail: 'd',
      extra: { code: 'X1' },
    });
    assert.equal(problemFromJson([1]), undefined);
    assert.equal(problemFromJson('x'), undefined);
  });

  it('falls back to the status for a title and hides about:blank', () => {
    const view = problemView({ type: 'about:blank' }, 406, '');
    assert.equal(view.title, '406 Not Acceptable');
    assert.equal(view.type, undefined);
    assert.equal(problemView({}, undefined).title, 'Problem');
    assert.equal(problemView({ status: 409 }, 400, 'Bad').title, '409 Conflict');
  });

  it('bounds long extension members', () => {
    const view = problemView({ extra: { trace: 'z'.repeat(2000) } });
    assert.equal(view.extra[0][1].length, 501);
  });
});
