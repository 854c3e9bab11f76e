import assert from 'node:assert/strict';
import type { FailureModel } from '../../src/contract/response';
import { createRunEngine, type RunEngine } from '../../src/core/engine';
import type { Environment } from '../../src/core/environments/environment';
import { Redactor, REDACTED } from '../../src/core/http/redact';
import { internalFailure, runCell } from '../../src/core/run/run';

/**
 * The rule both faces rely on when something nobody expected is thrown during a run (runCell wraps it, the
 * controller and the runner only show the result): one wording, category "internal", and the message redacted.
 */
const CLIENT_ID = 'internal-test-client';
const SECRET = 'sh0rt-lived-Secret-9137';
const BASIC = Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64');

const env: Environment = {
  name: 'uat-eu',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'yourbank',
  labelReferenceId: 'retail',
  variables: {},
  protected: true,
  protectedReason: 'a test',
};

const CASES: Array<{ thrown: unknown; message: string; what: string }> = [
  { what: 'an Error', thrown: new Error('boom'), message: 'boom' },
  {
    what: 'a TypeError',
    thrown: new TypeError("Cannot read properties of undefined (reading 'items')"),
    message: "Cannot read properties of undefined (reading 'items')",
  },
  { what: 'a thrown string', thrown: 'something broke', message: 'something broke' },
  { what: 'a number', thrown: 42, message: '42' },
  { what: 'undefined', thrown: undefined, message: 'undefined' },
  { what: 'a plain object', thrown: { code: 'EWHAT' }, message: '[object Object]' },
  {
    what: 'an Error quoting a registered secret',
    thrown: new Error(`token request with ${SECRET} refused`),
    message: `token request with ${REDACTED} refused`,
  },
  {
    what: 'an Error quoting the Basic form of registered credentials',
    thrown: new Error(`Authorization: Basic ${BASIC}`),
    message: `Authorization: Basic ${REDACTED}`,
  },
  {
    what: 'a string that is the secret',
    thrown: SECRET,
    message: REDACTED,
  },
];

function assertInternal(result: FailureModel, message: string): void {
  assert.equal(result.kind, 'failure');
  assert.equal(result.outcome, 'failed');
  assert.equal(result.category, 'internal');
  assert.equal(result.title, 'Unexpected error');
  assert.equal(result.message, message);
  assert.match(result.hint ?? '', /bug in Akkuro Notebooks; please report it/);
  assert.ok(!Number.isNaN(Date.parse(result.startedAt)), result.startedAt);
  const text = JSON.stringify(result);
  assert.ok(!text.includes(SECRET) && !text.includes(BASIC), text);
}

describe('internal-error wrapping (internalFailure)', () => {
  const redactor = new Redactor();
  redactor.addCredentials(CLIENT_ID, SECRET);

  for (const c of CASES) {
    it(`wraps ${c.what}`, () => {
      assertInternal(internalFailure(c.thrown, redactor), c.message);
    });
  }

  describe('runCell, which both faces call', () => {
    let engine: RunEngine;
    beforeEach(() => {
      engine = createRunEngine({ credentials: async () => ({ kind: 'missing' }) });
      engine.registerCredentials({ clientId: CLIENT_ID, clientSecret: SECRET });
    });
    afterEach(() => engine.close());

    it('turns what a face hook throws into the same redacted result, and never throws itself', async () => {
      const run = await runCell('POST: /counterparty-management/counterparties\nauth: none\nbody: {}\n', {
        engine,
        environment: env,
        responses: new Map(),
        hooks: {
          confirm: () => {
            throw new Error(`the confirmation dialog failed with ${SECRET}`);
          },
        },
      });
      assert.equal(run.result.kind, 'failure');
      assertInternal(run.result as FailureModel, `the confirmation dialog failed with ${REDACTED}`);
      assert.equal(run.named, undefined);
    });

    it('turns a failure inside the engine into the same result', async () => {
      Object.assign(engine, {
        parseCell: () => {
          throw new TypeError(`parser state lost near ${BASIC}`);
        },
      });
      const run = await runCell('GET: /anything\n', { engine, environment: env, responses: new Map() });
      assertInternal(run.result as FailureModel, `parser state lost near ${REDACTED}`);
    });
  });
});
