import assert from 'node:assert/strict';
import { rememberResponse, touchResponses } from '../../src/core/request/namedResponses';
import { evaluateExpression, type NamedResponse } from '../../src/core/request/variables';

function named(bytes: number): NamedResponse {
  return { status: 200, headers: { 'x-n': String(bytes) }, body: { size: bytes }, bodyIsJson: true, bodyBytes: bytes };
}

describe('named response bodies within a memory budget', () => {
  it('drops the oldest bodies once the total passes the budget, keeping status and headers', () => {
    const map = new Map<string, NamedResponse>();
    assert.deepEqual(rememberResponse(map, 'a', named(40), 100), []);
    assert.deepEqual(rememberResponse(map, 'b', named(40), 100), []);
    const notes = rememberResponse(map, 'c', named(40), 100);
    assert.equal(notes.length, 1);
    assert.match(notes[0], /body of the earlier response "a"/);
    assert.equal(map.get('a')?.body, undefined);
    assert.equal(map.get('a')?.status, 200);
    assert.equal(map.get('a')?.headers['x-n'], '40');
    assert.deepEqual(map.get('b')?.body, { size: 40 });
  });

  it('always keeps the newest body whole, even over the budget', () => {
    const map = new Map<string, NamedResponse>();
    rememberResponse(map, 'a', named(10), 100);
    const notes = rememberResponse(map, 'big', named(500), 100);
    assert.equal(notes.length, 1);
    assert.deepEqual(map.get('big')?.body, { size: 500 });
  });

  it('drops the least recently used first: a body a later cell read stays', () => {
    const map = new Map<string, NamedResponse>();
    rememberResponse(map, 'a', named(40), 100);
    rememberResponse(map, 'b', named(40), 100);
    touchResponses(map, ['a.body.id', '$uuid', 'unknownVar']);
    rememberResponse(map, 'c', named(40), 100);
    assert.deepEqual(map.get('a')?.body, { size: 40 });
    assert.equal(map.get('b')?.body, undefined);
  });

  it('says clearly when a later template needs a dropped body; status and headers still resolve', () => {
    const map = new Map<string, NamedResponse>();
    rememberResponse(map, 'a', named(80), 100);
    rememberResponse(map, 'b', named(80), 100);
    const scope = { environmentName: 'uat', variables: {}, responses: map };
    const r = evaluateExpression('a.body.size', scope);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /body of response "a" is no longer in memory.*Run the cell named "a" again/);
    assert.deepEqual(evaluateExpression('a.status', scope), { ok: true, value: 200 });
    assert.deepEqual(evaluateExpression('a.headers.x-n', scope), { ok: true, value: '80' });
  });

  it('storing a name again replaces it and frees its old body', () => {
    const map = new Map<string, NamedResponse>();
    rememberResponse(map, 'a', named(60), 100);
    assert.deepEqual(rememberResponse(map, 'a', named(60), 100), []);
    assert.equal(map.size, 1);
  });
});
