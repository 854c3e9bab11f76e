import assert from 'node:assert/strict';
import { chooseEnvironment, type EnvironmentChoiceInput } from '../../src/core/environments/environmentChoice';

// One precedence rule for the extension (fallback: sandbox) and the runner (explicit --env, no fallback).
describe('environment choice', () => {
  const all = ['sandbox', 'uat', 'prod'];
  const table: Array<[string, EnvironmentChoiceInput, string | undefined, string | undefined]> = [
    [
      'explicit over everything',
      { explicit: 'uat', pin: 'prod', lastChoice: 'prod', available: all },
      'uat',
      'explicit',
    ],
    [
      'the pin first',
      {
        pin: 'prod',
        lastChoice: 'uat',
        settingDefault: 'uat',
        fileDefault: 'uat',
        available: all,
        fallback: 'sandbox',
      },
      'prod',
      'pin',
    ],
    ['then the last choice', { lastChoice: 'uat', settingDefault: 'prod', available: all }, 'uat', 'choice'],
    ['then the setting', { settingDefault: 'prod', fileDefault: 'uat', available: all }, 'prod', 'setting'],
    ['then the file default', { fileDefault: 'uat', available: ['sandbox', 'uat'] }, 'uat', 'file'],
    ['then the fallback', { available: ['sandbox'], fallback: 'sandbox' }, 'sandbox', 'fallback'],
    ['nothing without a fallback (the runner asks)', { available: all }, undefined, undefined],
    [
      'skipping a stale choice',
      { lastChoice: 'gone', fileDefault: 'uat', available: ['sandbox', 'uat'] },
      'uat',
      'file',
    ],
    [
      'skipping a stale setting',
      { settingDefault: 'gone', available: all, fallback: 'sandbox' },
      'sandbox',
      'fallback',
    ],
    ['the sandbox by explicit name', { explicit: 'sandbox', pin: 'uat', available: all }, 'sandbox', 'explicit'],
  ];
  for (const [what, input, name, source] of table) {
    it(`chooses ${what}`, () => {
      const c = chooseEnvironment(input);
      assert.equal(c.name, name);
      assert.equal(c.source, source);
      assert.equal(c.problem, undefined);
    });
  }

  it('says an environment the file defines with problems has problems, named or pinned, rather than that it is unknown', () => {
    for (const input of [{ explicit: 'broken' }, { pin: 'broken' }]) {
      const c = chooseEnvironment({
        ...input,
        available: ['sandbox', 'uat'],
        unusable: ['broken'],
        fallback: 'sandbox',
      });
      assert.equal(c.name, 'broken');
      assert.match(c.problem!, /^Environment "broken" has problems in akkuro-environments\.yaml and cannot be used/);
    }
  });

  it('reports a pin to an environment that does not exist instead of silently using another', () => {
    const c = chooseEnvironment({ pin: 'prod', lastChoice: 'uat', available: ['sandbox', 'uat'], fallback: 'sandbox' });
    assert.equal(c.name, 'prod');
    assert.match(c.problem!, /pinned to environment "prod", which is not defined/);
  });

  it('reports an explicit name that does not exist, listing the known ones', () => {
    const c = chooseEnvironment({ explicit: 'nope', available: ['sandbox', 'uat'] });
    assert.equal(c.name, 'nope');
    assert.match(c.problem!, /Unknown environment "nope"\. Known: sandbox, uat\./);
  });
});
