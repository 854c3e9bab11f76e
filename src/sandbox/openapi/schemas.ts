/**
 * The schemas of the sandbox's OpenAPI document: exactly the shapes its handlers write (tenantStore.ts,
 * problem.ts, tokenEndpoint.ts, utilities.ts). Objects the sandbox builds itself are closed
 * (`additionalProperties: false`), so a field added to a handler without the document fails the contract test.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const uuid = { type: 'string', format: 'uuid' };
const timestamp = { type: 'string', format: 'date-time' };

const COLLATERAL_TYPES = [
  'real-estate',
  'vehicle',
  'cash',
  'securities',
  'guarantee',
  'inventory',
  'receivables',
  'other',
];

function page(item: unknown, description: string) {
  return {
    type: 'object',
    description,
    additionalProperties: false,
    required: ['items', 'total', 'offset', 'limit'],
    properties: {
      items: { type: 'array', items: item },
      total: { type: 'integer', minimum: 0, description: 'How many there are in all.' },
      offset: { type: 'integer', minimum: 0 },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
    },
  };
}

export const SCHEMAS = {
  Problem: {
    type: 'object',
    description: 'An RFC 7807 problem; extension members (supportedVersions, domain) may follow.',
    required: ['type', 'title', 'status', 'detail', 'instance'],
    properties: {
      type: { type: 'string', description: 'A stable URN naming the kind of problem.' },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string', description: 'What went wrong and what to do about it.' },
      instance: { type: 'string', description: 'The request path.' },
      errors: { type: 'array', items: ref('FieldError') },
      supportedVersions: { type: 'array', items: { type: 'string' } },
      domain: { type: 'string' },
      limit: { type: 'integer', description: 'A 429: the rate limit or daily quota that was reached.' },
      remaining: { type: 'integer' },
      reset: { type: 'integer', description: 'A 429: seconds until requests are admitted again.' },
    },
  },
  FieldError: {
    type: 'object',
    additionalProperties: false,
    required: ['message'],
    properties: {
      pointer: { type: 'string', description: 'A JSON pointer into the request body, e.g. /value/amount.' },
      parameter: { type: 'string', description: 'A query parameter or header name.' },
      message: { type: 'string' },
    },
  },
  CounterpartyType: { type: 'string', enum: ['person', 'organisation'], description: 'A person or an organisation.' },
  NewCounterparty: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 200, description: 'Full name of the person or organisation.' },
      type: { ...ref('CounterpartyType'), description: 'Defaults to person.' },
      countryCode: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166 alpha-2 country code, e.g. NL.' },
      email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$', description: 'Contact e-mail address.' },
      externalReference: { type: 'string', minLength: 1, maxLength: 100, description: 'Your own id for it.' },
    },
  },
  Counterparty: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceId', 'name', 'type', 'createdAt'],
    properties: {
      referenceId: { ...uuid, description: 'Assigned by the API.' },
      name: { type: 'string' },
      type: ref('CounterpartyType'),
      countryCode: { type: 'string', pattern: '^[A-Z]{2}$' },
      email: { type: 'string' },
      externalReference: { type: 'string' },
      createdAt: timestamp,
    },
  },
  CounterpartyPage: page(ref('Counterparty'), 'A page of counterparties.'),
  BulkLineResult: {
    type: 'object',
    additionalProperties: false,
    required: ['line'],
    description: 'One line of a bulk upload: the referenceId created, or why the line was refused.',
    properties: { line: { type: 'integer', minimum: 1 }, referenceId: uuid, error: { type: 'string' } },
  },
  Money: {
    type: 'object',
    additionalProperties: false,
    required: ['amount', 'currency'],
    properties: {
      amount: { type: 'number', exclusiveMinimum: 0, description: 'Greater than 0.' },
      currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR.' },
    },
  },
  CollateralType: { type: 'string', enum: COLLATERAL_TYPES, description: 'What kind of asset secures the loan.' },
  NewCollateral: {
    type: 'object',
    required: ['type', 'value'],
    properties: {
      type: ref('CollateralType'),
      value: ref('Money'),
      description: { type: 'string', maxLength: 500 },
    },
  },
  Collateral: {
    type: 'object',
    additionalProperties: false,
    required: ['referenceId', 'counterpartyReferenceId', 'type', 'value', 'createdAt'],
    properties: {
      referenceId: uuid,
      counterpartyReferenceId: uuid,
      type: ref('CollateralType'),
      value: ref('Money'),
      description: { type: 'string' },
      createdAt: timestamp,
    },
  },
  CollateralPage: page(ref('Collateral'), 'A page of collaterals of one counterparty.'),
  MigrationPage: page(ref('Migration'), 'A page of migrations.'),
  NewMigration: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 200, description: 'What is migrated, e.g. "Portfolio 2024".' },
      completeAfterReads: {
        type: 'integer',
        minimum: 1,
        maximum: 100,
        description:
          "Sandbox only: reads before the migration completes (default 3, or the sandbox's --migration-reads).",
      },
    },
  },
  Migration: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name', 'status', 'createdAt'],
    properties: {
      id: { ...uuid, description: 'Assigned by the API.' },
      name: { type: 'string' },
      status: {
        type: 'string',
        enum: ['Pending', 'Completed'],
        description:
          'Pending until the migration has run; follow it by polling GET /migration-assistance/migrations/{id}.',
      },
      createdAt: timestamp,
      completedAt: timestamp,
    },
  },
  Token: {
    description: 'The token response; its shape depends on the sandbox --token-response option.',
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['access_token', 'token_type', 'expires_in'],
        properties: {
          access_token: { type: 'string' },
          token_type: { const: 'Bearer' },
          expires_in: { type: 'integer' },
        },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['accessToken', 'tokenType', 'expiresIn'],
        properties: { accessToken: { type: 'string' }, tokenType: { const: 'Bearer' }, expiresIn: { type: 'integer' } },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['token', 'expiresIn'],
        properties: { token: { type: 'string' }, expiresIn: { type: 'integer' } },
      },
      { type: 'object', additionalProperties: false, required: ['jwt'], properties: { jwt: { type: 'string' } } },
      { type: 'string', description: 'The JWT as a JSON string.' },
    ],
  },
  Stats: {
    type: 'object',
    additionalProperties: false,
    required: [
      'tokenRequests',
      'tokensIssued',
      'apiRequests',
      'unauthorized',
      'forbidden',
      'rateLimited',
      'connections',
      'requestsByPath',
      'tokensIssuedBy',
    ],
    properties: {
      tokenRequests: { type: 'integer' },
      tokensIssued: { type: 'integer' },
      apiRequests: { type: 'integer' },
      unauthorized: { type: 'integer' },
      forbidden: { type: 'integer' },
      rateLimited: { type: 'integer', description: '429s of the per-client rate limit or daily quota.' },
      connections: { type: 'integer' },
      requestsByPath: { type: 'object', additionalProperties: { type: 'integer' } },
      tokensIssuedBy: {
        type: 'object',
        description: 'Tokens issued per "client-id tenant/white-label".',
        additionalProperties: { type: 'integer' },
      },
    },
  },
  Echo: {
    type: 'object',
    additionalProperties: false,
    required: ['method', 'path', 'query', 'headers', 'body'],
    properties: {
      method: { type: 'string' },
      path: { type: 'string' },
      query: {
        type: 'object',
        additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      },
      headers: {
        type: 'object',
        additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      },
      body: { type: 'string', description: 'The request body as text.' },
    },
  },
};
