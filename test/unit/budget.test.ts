import assert from 'node:assert/strict';
import { estimateRun, cellRequestCount } from '../../src/core/budget/estimate';
import { overQuota, overQuotaMessage, quotaLevel, quotaText, remaining, RunBudget } from '../../src/core/budget/quota';
import { countedEvent, RequestCounter, sumDayCounts, usageKey, utcDay } from '../../src/core/budget/usage';
import type { EngineEvent } from '../../src/core/engine';
import type { Environment } from '../../src/core/environments/environment';
import { parseRequestCell } from '../../src/core/request/cell';

const env: Environment = {
  name: 'uat-eu',
  baseUrl: 'https://api.uat.eu.lending.akkuro.io',
  origin: 'https://api.uat.eu.lending.akkuro.io',
  brokerKey: 'bank',
  labelReferenceId: 'retail',
  labels: ['retail', 'business'],
  clients: [
    { name: 'onboarding', labels: 'all', domains: ['/counterparty-management'], dailyQuota: 500 },
    { name: 'migration', labels: ['business'], domains: ['/migration-assistance'], dailyQuota: 100 },
  ],
  variables: {},
  protected: false,
};

const request = (client?: string, environment = 'uat-eu'): EngineEvent => ({
  kind: 'request',
  environment,
  ...(client ? { client, label: 'retail' } : {}),
  method: 'GET',
  url: 'https://x/y',
  status: 200,
  durationMs: 1,
  bytes: 0,
  tokenAttached: !!client,
});
const token = (
  action: 'requested' | 'renewed' | 'received' | 'failed' | 'dropped',
  client = 'onboarding',
): EngineEvent => ({
  kind: 'token',
  action,
  environment: 'uat-eu',
  origin: 'https://x',
  brokerKey: 'bank',
  labelReferenceId: 'retail',
  client,
});

describe('request budgets: counting per client and UTC day', () => {
  it('the day is the UTC day', () => {
    assert.equal(utcDay(Date.UTC(2025, 5, 1, 23, 59, 59)), '2025-06-01');
    assert.equal(utcDay(Date.UTC(2025, 5, 2, 0, 0, 0)), '2025-06-02');
  });

  it('counts requests with a client and token requests (asked or renewed), nothing else', () => {
    const table: Array<[EngineEvent, string | undefined]> = [
      [request('onboarding'), 'uat-eu/onboarding'],
      [request(undefined), undefined],
      [token('requested'), 'uat-eu/onboarding'],
      [token('renewed'), 'uat-eu/onboarding'],
      [token('received'), undefined],
      [token('failed'), undefined],
      [token('dropped'), undefined],
    ];
    for (const [event, key] of table) assert.equal(countedEvent(event)?.key, key, JSON.stringify(event));
  });

  it('keeps today and drops yesterday when the UTC day turns', () => {
    let now = Date.UTC(2025, 5, 1, 23, 59, 0);
    const counter = new RequestCounter(() => now);
    counter.record(request('onboarding'));
    counter.record(request('onboarding'));
    counter.record(token('requested'));
    assert.equal(counter.count('uat-eu', 'onboarding'), 3);
    assert.deepEqual(counter.byClient(), [
      { environment: 'uat-eu', client: 'onboarding', requests: 2, tokenRequests: 1 },
    ]);
    now = Date.UTC(2025, 5, 2, 0, 0, 1);
    assert.equal(counter.count('uat-eu', 'onboarding'), 0);
    assert.deepEqual(counter.snapshot(), { day: '2025-06-02', counts: {} });
  });

  it('starts from a stored record of the same day only', () => {
    const now = () => Date.UTC(2025, 5, 1, 12);
    assert.equal(
      new RequestCounter(now, { day: '2025-06-01', counts: { 'uat-eu/onboarding': 137 } }).count(
        'uat-eu',
        'onboarding',
      ),
      137,
    );
    assert.equal(
      new RequestCounter(now, { day: '2025-05-31', counts: { 'uat-eu/onboarding': 137 } }).count(
        'uat-eu',
        'onboarding',
      ),
      0,
    );
  });

  it('sums the records of several windows for the day, ignoring other days and junk', () => {
    const sum = sumDayCounts(
      [
        { day: '2025-06-01', counts: { [usageKey('uat-eu', 'onboarding')]: 100, 'uat-eu/migration': 3 } },
        { day: '2025-06-01', counts: { 'uat-eu/onboarding': 37, bad: -5, nan: Number.NaN } },
        { day: '2025-05-31', counts: { 'uat-eu/onboarding': 999 } },
        undefined,
        { day: '2025-06-01', counts: null as never },
      ],
      '2025-06-01',
    );
    assert.deepEqual(sum, { 'uat-eu/onboarding': 137, 'uat-eu/migration': 3 });
  });
});

describe('request budgets: quota arithmetic', () => {
  const levels: Array<[number, number | undefined, string]> = [
    [0, 500, 'ok'],
    [399, 500, 'ok'],
    [400, 500, 'warning'],
    [499, 500, 'warning'],
    [500, 500, 'over'],
    [612, 500, 'over'],
    [10_000, undefined, 'ok'],
  ];
  for (const [used, quota, level] of levels)
    it(`${used} of ${quota ?? 'no quota'} is ${level}`, () => assert.equal(quotaLevel(used, quota), level));

  it('says the use as the status bar shows it', () => {
    assert.equal(quotaText(137, 500), '137/500 today');
    assert.equal(quotaText(137, undefined), '137 today');
    assert.equal(remaining(137, 500), 363);
    assert.equal(remaining(612, 500), 0);
    assert.equal(remaining(1, undefined), undefined);
  });

  it('finds the clients whose estimate does not fit in what is left, and says how many', () => {
    const used = (_e: string, c: string) => (c === 'onboarding' ? 495 : 10);
    const quota = (_e: string, c: string) => (c === 'onboarding' ? 500 : c === 'migration' ? 100 : undefined);
    const over = overQuota(
      [
        { environment: 'uat-eu', client: 'onboarding', requests: 20, tokenRequests: 1 },
        { environment: 'uat-eu', client: 'migration', requests: 90, tokenRequests: 0 },
        { environment: 'uat-eu', client: 'unlimited', requests: 1e6, tokenRequests: 1 },
      ],
      used,
      quota,
    );
    assert.deepEqual(
      over.map((o) => [o.client, o.left]),
      [['onboarding', 5]],
    );
    assert.equal(
      overQuotaMessage(over),
      'This run may send up to 21 requests (20 + 1 token request) with client "onboarding" of "uat-eu", but 5 of its daily quota of 500 are left today (495 used).',
    );
    assert.equal(
      overQuota([{ environment: 'uat-eu', client: 'migration', requests: 91, tokenRequests: 0 }], used, quota).length,
      1,
    );
  });

  it('a run budget reserves what each cell may send, and refuses what does not fit', () => {
    const budget = new RunBudget(10);
    assert.equal(budget.reserve(6, 'The cell GET /a'), undefined);
    assert.equal(budget.reserve(4, 'The cell GET /b'), undefined);
    assert.equal(
      budget.reserve(1, 'A retry 1 of GET /b'),
      'A retry 1 of GET /b may send 1 request, but none of --budget 10 are left.',
    );
    assert.equal(budget.reserved, 10);
    assert.equal(
      new RunBudget(5).reserve(6, 'The cell'),
      'The cell may send 6 requests, but only 5 of --budget 5 are left.',
    );
  });
});

describe('request budgets: estimating a run before it starts', () => {
  const parse = parseRequestCell;
  it('counts one request per cell, maxPages for paging, max for polling, and one token per client and label', () => {
    const cells = [
      'GET: /counterparty-management/counterparties',
      'GET: /counterparty-management/counterparties\npaginate: { limit: 100, maxPages: 20 }',
      'label: business\nGET: /migration-assistance/migrations/1\nrepeat: { until: { $.status: Completed }, max: 30 }',
      'GET: https://elsewhere.example/x',
      'auth: none\nGET: /counterparty-management/counterparties',
    ];
    const e = estimateRun({ cells, environment: env, parse });
    assert.deepEqual(e.byClient, [
      { environment: 'uat-eu', client: 'onboarding', requests: 21, tokenRequests: 1 },
      { environment: 'uat-eu', client: 'migration', requests: 30, tokenRequests: 1 },
    ]);
    assert.equal(e.total, 1 + 20 + 30 + 1 + 1 + 2);
  });

  it('a cached token needs no token request', () => {
    const e = estimateRun({
      cells: ['GET: /counterparty-management/counterparties'],
      environment: env,
      parse,
      hasToken: (client, label) => client.name === 'onboarding' && label === 'retail',
    });
    assert.deepEqual(e.byClient, [{ environment: 'uat-eu', client: 'onboarding', requests: 1, tokenRequests: 0 }]);
    assert.equal(e.total, 1);
  });

  it('a path only the run can tell counts for every client of the label', () => {
    const e = estimateRun({
      cells: ['label: business\nGET: "/{{domain}}/things"'],
      environment: env,
      parse,
    });
    assert.deepEqual(
      e.byClient.map((c) => [c.client, c.requests]),
      [
        ['onboarding', 1],
        ['migration', 1],
      ],
    );
  });

  it('the bound of a cell', () => {
    const bound = (t: string) => cellRequestCount(parse(t).cell!);
    assert.equal(bound('GET: /x'), 1);
    assert.equal(bound('GET: /x\npaginate: { maxPages: 7 }'), 7);
    assert.equal(bound('GET: /x\nrepeat: { until: { status: 200 }, max: 9 }'), 9);
  });
});
