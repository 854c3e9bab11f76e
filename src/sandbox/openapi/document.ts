import { SCHEMAS } from './schemas';

/**
 * The sandbox's own OpenAPI 3.1 document, served at `/__sandbox/openapi.yaml` (and `.json`), one per
 * api-version it supports. It describes exactly what the sandbox implements, token endpoint and `/__sandbox`
 * helpers included; test/integration/sandbox-contract.test.ts validates every kind of response against it.
 * The `malformed-json` and `large-body` faults break the contract on purpose and are not described.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const PROBLEM = 'application/problem+json';

function json(schema: unknown, description: string, type = 'application/json') {
  return { description, content: { [type]: { schema } } };
}

function problem(description: string) {
  return json(ref('Problem'), description, PROBLEM);
}

const RETRY_AFTER = {
  'Retry-After': {
    description: 'When to ask again: seconds, or an HTTP date.',
    schema: { type: 'string' },
  },
};

/** Every API operation can answer these: a gateway's errors, plus any 4xx/5xx the X-Sandbox-Fault header injects. */
const API_ERRORS = {
  '400': problem('Invalid path encoding, pagination, JSON body or X-Sandbox-Fault header.'),
  '401': problem('Missing, invalid or expired token, or a token for another white label.'),
  '403': problem('The client is not granted this API domain.'),
  '405': problem('Method not allowed; see the Allow header.'),
  '406': problem('Unsupported api-version; supportedVersions lists the ones there are.'),
  '429': {
    ...problem(
      'Too many requests: the client is over its rate limit or daily quota (when the sandbox is started with them), or X-Sandbox-Fault: status=429.',
    ),
    headers: RETRY_AFTER,
  },
  '503': {
    ...problem('Service unavailable, e.g. injected with X-Sandbox-Fault: status=503.'),
    headers: RETRY_AFTER,
  },
  '4XX': problem('Any other client error, e.g. one injected with X-Sandbox-Fault: status=<code>.'),
  '5XX': problem('A server error, e.g. one injected with X-Sandbox-Fault: status=<code>.'),
};

const API_PARAMETERS = [
  {
    name: 'X-Sandbox-Fault',
    in: 'header',
    description:
      'Fault injection, e.g. latency=200,status=503 or status=429,retry-after=2,times=1,id=<uuid> (see the README).',
    schema: { type: 'string' },
  },
  {
    name: 'X-Label-Reference-Id',
    in: 'header',
    description: 'The white label the call is for; must be the one the token was issued for.',
    schema: { type: 'string' },
  },
];

const PAGE_PARAMETERS = [
  {
    name: 'offset',
    in: 'query',
    description: 'How many to skip.',
    schema: { type: 'integer', minimum: 0, default: 0 },
  },
  {
    name: 'limit',
    in: 'query',
    description: 'Page size, 1 to 100.',
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  },
];

const path = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

function api(summary: string, description: string, responses: Record<string, unknown>, extra: object = {}) {
  return { summary, description, security: [{ bearer: [] }], ...extra, responses: { ...responses, ...API_ERRORS } };
}

function body(schema: unknown, description: string, type = 'application/json') {
  return { requestBody: { required: true, description, content: { [type]: { schema } } } };
}

const COUNTERPARTY_ID = path('counterpartyId', 'The counterparty referenceId.');

function paths() {
  return {
    '/authentication/token/{broker-key}/{label-reference-id}': {
      get: {
        operationId: 'getToken',
        summary: 'Get an access token',
        description:
          'Client credentials as Authorization: Basic base64(client_id:client_secret). The JWT is issued for one tenant and white label.',
        tags: ['authentication'],
        security: [{ basic: [] }],
        parameters: [path('broker-key', 'The tenant name.'), path('label-reference-id', 'The white label.')],
        responses: {
          '200': {
            description: 'A token, as JSON or (with --token-response text) as a bare JWT.',
            content: { 'application/json': { schema: ref('Token') }, 'text/plain': { schema: { type: 'string' } } },
          },
          '401': problem('No or wrong client credentials.'),
          '403': problem('The client belongs to another tenant or may not act for this white label.'),
          '404': problem('Unknown tenant or white label, or a malformed token path.'),
          '405': problem('Only GET.'),
        },
      },
    },
    '/counterparty-management/counterparties': {
      parameters: API_PARAMETERS,
      get: api(
        'List counterparties',
        'Pages through the counterparties of the white label, optionally filtered by name.',
        { '200': json(ref('CounterpartyPage'), 'A page of counterparties.') },
        {
          operationId: 'listCounterparties',
          tags: ['counterparty-management'],
          parameters: [
            ...PAGE_PARAMETERS,
            { name: 'name', in: 'query', description: 'Part of the name, any case.', schema: { type: 'string' } },
          ],
        },
      ),
      post: api(
        'Create a counterparty',
        'Creates a person or organisation; the Location header names the new counterparty.',
        {
          '201': json(ref('Counterparty'), 'Created.'),
          '422': problem('The counterparty is invalid; errors says why.'),
        },
        {
          operationId: 'createCounterparty',
          tags: ['counterparty-management'],
          ...body(ref('NewCounterparty'), 'The new counterparty.'),
        },
      ),
    },
    '/counterparty-management/counterparties/bulk': {
      parameters: API_PARAMETERS,
      post: api(
        'Create counterparties in bulk',
        'One JSON object per line in; one result per line out. A bad line never stops the others.',
        {
          '200': json(ref('BulkLineResult'), 'One result per non-empty input line.', 'application/jsonl'),
          '413': problem('Too many lines or too large a body.'),
          '415': problem('The body is not application/jsonl.'),
        },
        {
          operationId: 'bulkCreateCounterparties',
          tags: ['counterparty-management'],
          ...body(ref('NewCounterparty'), 'One counterparty per line.', 'application/jsonl'),
        },
      ),
    },
    '/counterparty-management/counterparties/{counterpartyId}': {
      parameters: [COUNTERPARTY_ID, ...API_PARAMETERS],
      get: api(
        'Get a counterparty',
        'One counterparty by its referenceId.',
        { '200': json(ref('Counterparty'), 'The counterparty.'), '404': problem('No such counterparty.') },
        { operationId: 'getCounterparty', tags: ['counterparty-management'] },
      ),
    },
    '/collateral-management/counterparties/{counterpartyId}/collaterals': {
      parameters: [COUNTERPARTY_ID, ...API_PARAMETERS],
      get: api(
        'List collaterals of a counterparty',
        'Pages through the collaterals that secure loans of one counterparty.',
        { '200': json(ref('CollateralPage'), 'A page of collaterals.'), '404': problem('No such counterparty.') },
        { operationId: 'listCollaterals', tags: ['collateral-management'], parameters: PAGE_PARAMETERS },
      ),
      post: api(
        'Attach a collateral',
        'Attaches a collateral to a counterparty; the Location header names it.',
        {
          '201': json(ref('Collateral'), 'Created.'),
          '404': problem('No such counterparty.'),
          '422': problem('The collateral is invalid; errors says why.'),
        },
        {
          operationId: 'createCollateral',
          tags: ['collateral-management'],
          ...body(ref('NewCollateral'), 'The collateral.'),
        },
      ),
    },
    '/collateral-management/counterparties/{counterpartyId}/collaterals/{collateralId}': {
      parameters: [COUNTERPARTY_ID, path('collateralId', 'The collateral referenceId.'), ...API_PARAMETERS],
      get: api(
        'Get a collateral',
        'One collateral of one counterparty.',
        { '200': json(ref('Collateral'), 'The collateral.'), '404': problem('No such counterparty or collateral.') },
        { operationId: 'getCollateral', tags: ['collateral-management'] },
      ),
    },
    '/migration-assistance/migrations': {
      parameters: API_PARAMETERS,
      get: api(
        'List migrations',
        'The migrations of the white label. The demo client is not granted this domain (a real 403).',
        { '200': json(ref('MigrationPage'), 'A page of migrations.') },
        { operationId: 'listMigrations', tags: ['migration-assistance'], parameters: PAGE_PARAMETERS },
      ),
      post: api(
        'Start a migration',
        'Starts a long-running migration; it is Pending until it has run. The Location header names it.',
        {
          '201': json(ref('Migration'), 'Started.'),
          '422': problem('The migration is invalid; errors says why.'),
        },
        {
          operationId: 'createMigration',
          tags: ['migration-assistance'],
          ...body(ref('NewMigration'), 'The migration.'),
        },
      ),
    },
    '/migration-assistance/migrations/{migrationId}': {
      parameters: [path('migrationId', 'The migration id.'), ...API_PARAMETERS],
      get: api(
        'Get a migration',
        'One migration and its status; poll it until the status is Completed.',
        { '200': json(ref('Migration'), 'The migration.'), '404': problem('No such migration.') },
        { operationId: 'getMigration', tags: ['migration-assistance'] },
      ),
    },
    ...utilities(),
  };
}

/** `/__sandbox/*`: helpers for tests and demos, without authentication. */
function utilities() {
  const util = (summary: string, responses: Record<string, unknown>, extra: object = {}) => ({
    summary,
    tags: ['sandbox'],
    ...extra,
    responses: { ...responses, '405': problem('Method not allowed.') },
  });
  const echo = util('Echo the request', {
    '200': json(ref('Echo'), 'What the sandbox received; credentials show as "present".'),
  });
  const document = (type: string) => ({
    get: util(
      'This document',
      {
        '200': json({ type: 'object' }, 'The OpenAPI document for the api-version asked.', type),
        '406': problem('Unknown api-version.'),
      },
      {
        parameters: [
          {
            name: 'api-version',
            in: 'query',
            description: 'Which version; default the latest.',
            schema: { type: 'string' },
          },
        ],
      },
    ),
  });
  return {
    '/__sandbox/health': {
      get: util('Health', {
        '200': json({ type: 'object', required: ['status'], properties: { status: { const: 'ok' } } }, 'Up.'),
      }),
    },
    '/__sandbox/stats': {
      get: util('Request counters', { '200': json(ref('Stats'), 'Counters since start or the last reset.') }),
    },
    '/__sandbox/reset-stats': { post: util('Reset the counters', { '204': { description: 'Reset.' } }) },
    '/__sandbox/echo': { get: echo, post: echo, put: echo, patch: echo, delete: echo, options: echo },
    '/__sandbox/redirect': {
      get: util(
        'Redirect',
        {
          '3XX': json(
            { type: 'object', required: ['redirectTo'], properties: { redirectTo: { type: 'string' } } },
            'A redirect to `to`.',
          ),
          '400': problem('Missing `to` or a status that is not a redirect.'),
        },
        {
          parameters: [
            { name: 'to', in: 'query', required: true, description: 'Where to.', schema: { type: 'string' } },
            {
              name: 'status',
              in: 'query',
              description: '301, 302, 303, 307 or 308.',
              schema: { type: 'integer', enum: [301, 302, 303, 307, 308] },
            },
          ],
        },
      ),
    },
    '/__sandbox/openapi.yaml': document('application/yaml'),
    '/__sandbox/openapi.json': document('application/json'),
  };
}

/** The document for one api-version; every supported version has one. */
export function sandboxOpenApi(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Akkuro Lending sandbox',
      version,
      description:
        'What the local sandbox implements: a simulator of a few documented Akkuro Lending endpoints plus examples. It is not the Akkuro API contract.',
    },
    'x-akkuro-api-version': version,
    tags: [
      { name: 'authentication' },
      { name: 'counterparty-management' },
      { name: 'collateral-management' },
      { name: 'migration-assistance' },
      { name: 'sandbox', description: 'Helpers outside the simulated API.' },
    ],
    paths: paths(),
    components: {
      schemas: SCHEMAS,
      securitySchemes: {
        basic: { type: 'http', scheme: 'basic' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
  };
}
