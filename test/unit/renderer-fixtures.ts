/**
 * Sample run results for the notebook renderer: its unit tests, its browser smoke test and the lead's
 * screenshot checks draw these. They hold no secret: Authorization arrives already redacted.
 */
import type {
  EnvironmentSummary,
  FailureModel,
  RequestSummary,
  ResponseModel,
  RunResult,
} from '../../src/core/response';

const uatEu: EnvironmentSummary = { name: 'uat-eu', baseUrl: 'https://api.uat.eu.lending.akkuro.io', protected: false };
const prodEu: EnvironmentSummary = { name: 'prod-eu', baseUrl: 'https://api.eu.lending.akkuro.io', protected: true };
const STARTED = '2025-03-14T09:26:53.000Z';

function request(method: string, path: string, env: EnvironmentSummary, body?: string): RequestSummary {
  const headers: Array<[string, string]> = [
    ['accept', 'application/json;api-version=2025.1.0'],
    ['authorization', 'Bearer ‹redacted›'],
    ['x-request-id', '5b0f7c1e-8d2a-4c43-9d1e-2f7f3f0c9a11'],
  ];
  if (body !== undefined) headers.push(['content-type', 'application/json']);
  return {
    method,
    url: `${env.baseUrl}${path}`,
    headers,
    body,
    bodyBytes: body === undefined ? undefined : Buffer.byteLength(body),
    tokenAttached: true,
  };
}

const partyBody = {
  referenceId: 'cp-000123',
  name: 'Jane Doe',
  type: 'naturalPerson',
  status: 'active',
  'date of birth': '1984-02-29',
  addresses: [
    {
      kind: 'residential',
      street: 'Keizersgracht 1',
      city: 'Amsterdam',
      country: 'NL',
      geo: { lat: 52.37, lon: 4.89 },
    },
    { kind: 'postal', street: 'Postbus 42', city: 'Utrecht', country: 'NL', geo: null },
  ],
  tags: ['vip', 'onboarding'],
  scores: { risk: 12, 'kyc-level': 3, verified: true },
  notes: '<img src=x onerror="alert(1)"> must appear as text',
};

export const okJson: ResponseModel = {
  kind: 'response',
  outcome: 'passed',
  cellName: 'party',
  environment: uatEu,
  request: request('POST', '/counterparty-management/counterparties', uatEu, JSON.stringify({ name: 'Jane Doe' })),
  status: 201,
  statusText: 'Created',
  headers: [
    ['content-type', 'application/json; charset=utf-8'],
    ['location', '/counterparty-management/counterparties/cp-000123'],
    ['x-request-id', '5b0f7c1e-8d2a-4c43-9d1e-2f7f3f0c9a11'],
  ],
  body: {
    contentType: 'application/json; charset=utf-8',
    encoding: 'utf8',
    view: 'json',
    text: JSON.stringify(partyBody),
    size: Buffer.byteLength(JSON.stringify(partyBody)),
    truncated: false,
  },
  assertions: [
    { target: 'status', operator: 'equals', expected: 201, actual: 201, passed: true, message: 'status is 201' },
    {
      target: 'body $.name',
      operator: 'equals',
      expected: 'Jane Doe',
      actual: 'Jane Doe',
      passed: true,
      message: 'body $.name equals "Jane Doe"',
    },
    {
      target: 'body $.referenceId',
      operator: 'type',
      expected: 'string',
      actual: 'string',
      passed: true,
      message: 'body $.referenceId is a string',
    },
  ],
  timings: { totalMs: 143.6, ttfbMs: 121.2 },
  startedAt: STARTED,
  notes: [],
};

export const assertionFailures: ResponseModel = {
  ...okJson,
  outcome: 'failed',
  assertions: [
    ...okJson.assertions,
    {
      target: 'body $.status',
      operator: 'oneOf',
      expected: ['pending', 'draft'],
      actual: 'active',
      passed: false,
      message: 'expected body $.status to be one of ["pending","draft"] but it was "active"',
    },
  ],
};

const problem = {
  type: 'https://docs.lending.akkuro.io/problems/domain-not-granted',
  title: 'Forbidden',
  status: 403,
  detail: 'The client is not granted the /collateral-management domain for white label yourlabel.',
  instance: '/collateral-management/collaterals',
  grantedDomains: ['/counterparty-management'],
};

export const problem403: ResponseModel = {
  kind: 'response',
  outcome: 'failed',
  environment: prodEu,
  request: request('GET', '/collateral-management/collaterals?limit=50&offset=0', prodEu),
  status: 403,
  statusText: 'Forbidden',
  headers: [['content-type', 'application/problem+json']],
  body: {
    contentType: 'application/problem+json',
    encoding: 'utf8',
    view: 'json',
    text: JSON.stringify(problem),
    size: Buffer.byteLength(JSON.stringify(problem)),
    truncated: false,
  },
  problem: {
    type: problem.type,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance: problem.instance,
    extra: { grantedDomains: problem.grantedDomains },
  },
  assertions: [],
  timings: { totalMs: 88, ttfbMs: 80 },
  startedAt: STARTED,
  notes: ['Production environment: confirmed before sending.'],
};

const jsonlText = [
  JSON.stringify({ line: 1, referenceId: 'cp-1', result: 'created' }),
  JSON.stringify({ line: 2, referenceId: 'cp-2', result: 'created' }),
  'this line is not JSON',
  '',
  JSON.stringify({ line: 4, error: { title: 'Invalid name', detail: 'name must not be empty' } }),
  '',
].join('\n');

export const jsonl: ResponseModel = {
  ...okJson,
  cellName: 'bulk',
  request: request('POST', '/migration-assistance/counterparties/bulk', uatEu),
  status: 200,
  statusText: 'OK',
  headers: [['content-type', 'application/jsonl']],
  body: {
    contentType: 'application/jsonl',
    encoding: 'utf8',
    view: 'jsonl',
    text: jsonlText,
    size: Buffer.byteLength(jsonlText),
    truncated: false,
  },
  assertions: [],
};

/** A preview of the first ~256 KB of a 5 MB JSON list, as the extension sends for big bodies. */
function bigPreview(): string {
  const parts: string[] = ['{"items":['];
  let size = parts[0].length;
  for (let i = 0; size < 256 * 1024; i++) {
    const item = `${i ? ',' : ''}{"referenceId":"cp-${String(i).padStart(6, '0')}","name":"Party ${i}","status":"active","amount":${i * 10}}`;
    parts.push(item);
    size += item.length;
  }
  return parts.join('');
}

export const truncated5MB: ResponseModel = {
  ...okJson,
  cellName: 'all',
  request: request('GET', '/counterparty-management/counterparties?limit=100', uatEu),
  status: 200,
  statusText: 'OK',
  headers: [['content-type', 'application/json']],
  body: {
    contentType: 'application/json',
    encoding: 'utf8',
    view: 'json',
    text: bigPreview(),
    size: 5 * 1024 * 1024,
    truncated: true,
  },
  assertions: [],
  timings: { totalMs: 2310, ttfbMs: 95 },
  fullBodyId: 'full-body-7',
};

export const notSignedIn: FailureModel = {
  kind: 'failure',
  outcome: 'failed',
  category: 'not-signed-in',
  cellName: 'party',
  environment: uatEu,
  request: request('POST', '/counterparty-management/counterparties', uatEu),
  title: 'Not signed in to uat-eu',
  message: 'No client credentials are stored for the environment uat-eu, so no token could be requested.',
  hint: 'Run "Akkuro: Authenticate" and enter the client id and secret for uat-eu.',
  action: { title: 'Authenticate', command: 'akkuro.authenticate', args: ['uat-eu'] },
  startedAt: STARTED,
};

export const cellProblems: FailureModel = {
  kind: 'failure',
  outcome: 'failed',
  category: 'cell',
  title: 'Cell has 2 problems',
  message: 'The request was not sent.',
  diagnostics: [
    {
      message: 'unknown key "heders": did you mean "headers"?',
      severity: 'error',
      code: 'unknown-key',
      offset: 40,
      endOffset: 46,
      line: 3,
      column: 1,
    },
    {
      message: 'two method keys: GET and POST; keep one',
      severity: 'error',
      code: 'two-methods',
      offset: 10,
      endOffset: 14,
      line: 2,
      column: 1,
    },
  ],
  startedAt: STARTED,
};

export const rendererFixtures: Record<string, RunResult> = {
  okJson,
  assertionFailures,
  problem403,
  jsonl,
  truncated5MB,
  notSignedIn,
  cellProblems,
};
