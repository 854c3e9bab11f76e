/**
 * The words a request cell is written in, with the one-line documentation that completion and hover
 * show. Domains and paths come from the public Akkuro Lending documentation (PRODUCT.md §2).
 */
export const API_DOMAINS: ReadonlyArray<{ path: string; doc: string }> = [
  { path: '/counterparty-management', doc: 'Counterparties (persons and organisations) and their details.' },
  { path: '/collateral-management', doc: 'Collaterals and their link to counterparties.' },
  { path: '/financing-solutions', doc: 'Financing solutions (loan products and their arrangement).' },
  { path: '/financing-execution', doc: 'Running financings: disbursements, repayments, balances.' },
  { path: '/process-orchestration', doc: 'Processes and tasks that coordinate the other domains.' },
  { path: '/migration-assistance', doc: 'Bulk import of existing portfolios (jsonl bodies).' },
];

export const KNOWN_PATHS: ReadonlyArray<{ path: string; doc: string }> = [
  {
    path: '/counterparty-management/counterparties',
    doc: 'List counterparties (GET, with offset/limit) or create one (POST).',
  },
  { path: '/counterparty-management/counterparties/{referenceId}', doc: 'One counterparty by its reference id.' },
  {
    path: '/collateral-management/counterparties/{referenceId}/collaterals',
    doc: 'The collaterals of one counterparty.',
  },
];

export const METHOD_DOCS: Readonly<Record<string, string>> = {
  GET: 'Read a resource or a list.',
  POST: 'Create a resource (send a `body:`).',
  PUT: 'Replace a resource (send a `body:`).',
  PATCH: 'Change part of a resource (send a `body:`).',
  DELETE: 'Delete a resource.',
  HEAD: 'Like GET, headers only.',
  OPTIONS: 'Ask which methods a URL allows.',
};

export const KEY_DOCS: Readonly<Record<string, string>> = {
  name: "Names this cell's response so later cells can use it: `{{party.body.referenceId}}`, `{{party.status}}`, `{{party.headers.location}}`.",
  apiVersion:
    'The API version, sent as `Accept: application/json;api-version=…` (cell > notebook > environment). Without one the API answers with its latest version.',
  query: 'Query parameters, as a mapping: `query: { limit: 50, offset: 0 }`. A list sends the parameter once per item.',
  headers: 'Request headers, as a mapping. The environment token is attached for you: never write `Authorization`.',
  body: 'The request body: a mapping or list is sent as JSON, a text as it is.',
  lines: 'A YAML list sent as `application/jsonl`, one JSON line per item (bulk endpoints).',
  bodyFile: 'A file sent as the body, relative to the notebook, e.g. `data/parties.jsonl`.',
  auth: "`environment` (default) sends the environment's token, only to its own origin; `none` sends no token.",
  client:
    'The client application whose token this request carries (a name from `clients:` of the environment). Without it, the client whose `domains` cover the path is used.',
  label:
    "The white label whose token this request carries (one of the environment's `labels`). Without it, the notebook's label, else the environment's first.",
  timeout: 'How long to wait for the response, e.g. `30s`, `500ms`, `2m` (at most 10m).',
  expect:
    'Declarative checks on the response: `status`, `headers`, `body` (JSON paths such as `$.name`) and `duration`.',
  paginate:
    "Fetch every page of a list: `paginate: { limit: 100, maxPages: 20 }`. Follows `offset` page by page (same token) until the API's `total` is reached or a page comes back short; `{{name.body.items}}` holds all items merged. Status and header expectations apply to every page, body expectations to the merged result. `maxPages` is required: reaching it with items left fails the cell. GET only.",
  repeat:
    'Ask again until a condition holds (polling): `repeat: { until: { $.status: Completed }, every: 5s, max: 20 }`. `until` takes the JSON-path conditions of `expect:` (and `status`); it stops when they hold, fails at `max` attempts saying the last value seen, and stops on an error status. GET, HEAD and OPTIONS only.',
  retries:
    'How often a GET, HEAD or OPTIONS answered **429** or **503** with `Retry-After` is sent again after that wait (0 to 10; default 2, or the `akkuro.retries` setting / `--retries`). Requests that change data are never retried.',
};

/** The keys inside `paginate:` and `repeat:`. */
export const SEQUENCE_KEY_DOCS: Readonly<Record<'paginate' | 'repeat', Readonly<Record<string, string>>>> = {
  paginate: {
    limit: 'Items per page, sent as the `limit` query parameter: 1 to 100 (default 100, the fewest requests).',
    maxPages:
      'The most pages fetched (required, 1 to 1000): the bound on the requests this cell sends. Reaching it with items left fails the cell.',
  },
  repeat: {
    until:
      'When to stop: JSON paths into the body with a value or operators, as in `expect: body:` (`$.status: Completed`, `$.progress: { gte: 100 }`), and `status`.',
    every: 'The pause between two attempts, e.g. `5s` or `500ms` (default 5s). Cancelling the cell ends the pause.',
    max: 'The most attempts, the first included (required, 1 to 1000). Reaching it without `until` holding fails the cell with the last value seen.',
  },
};

export const EXPECT_KEY_DOCS: Readonly<Record<string, string>> = {
  status: 'The status code: `201`, a list `[200, 201]`, a class `2xx`, or operators such as `{ lt: 400 }`.',
  headers: 'Response headers by name: a value means equals, or operators such as `{ matches: ^application/json }`.',
  body: 'JSON paths into the body (`$.name`, `$.items[0].id`): a value means equals, or operators such as `{ type: string }`.',
  duration: 'The total time: `2s`, `500ms`, or `{ lt: 2000 }` in milliseconds.',
  schema:
    "`true`: check the status, content type and body against the operation's OpenAPI schema (the `specs:` of akkuro-environments.yaml; the sandbox serves its own). Violations are listed with their JSON paths.",
};

export const OPERATOR_DOCS: Readonly<Record<string, string>> = {
  equals: 'The value equals this one (deep equality for objects and lists).',
  notEquals: 'The value differs from this one.',
  type: 'The JSON type: string, number, integer, boolean, null, object or array (or a list of them).',
  exists: '`true`: the path is present; `false`: it is absent.',
  matches: 'A regular expression that the text must match.',
  contains: 'A text contains this text, or a list contains this item.',
  oneOf: 'The value is one of a list.',
  gt: 'Greater than.',
  gte: 'Greater than or equal.',
  lt: 'Less than.',
  lte: 'Less than or equal.',
  length: 'The length of a text or list: a number, or operators such as `{ gte: 1 }`.',
};

export const REQUEST_HEADERS: ReadonlyArray<{ name: string; doc: string }> = [
  { name: 'Content-Type', doc: "The body's media type; set for you from `body`, `lines` or `bodyFile`." },
  { name: 'Accept', doc: 'Set for you from `apiVersion`; write it only to ask for another media type.' },
  { name: 'X-Request-Id', doc: 'A unique id per request for tracing, e.g. `"{{$uuid}}"`.' },
  { name: 'Idempotency-Key', doc: 'Makes a retried POST safe: the same key is processed once.' },
  { name: 'If-Match', doc: 'Only change the resource if its ETag still matches (optimistic locking).' },
  { name: 'If-None-Match', doc: 'Only answer with a body if the ETag differs.' },
  { name: 'Accept-Language', doc: 'Preferred language of texts in the response.' },
  { name: 'X-Correlation-Id', doc: 'Ties several requests of one business flow together.' },
  { name: 'Prefer', doc: 'Preferences such as `return=minimal` (RFC 7240).' },
  { name: 'Cache-Control', doc: 'Caching directives, e.g. `no-cache`.' },
];

export const RESPONSE_HEADERS: readonly string[] = [
  'content-type',
  'location',
  'etag',
  'x-request-id',
  'cache-control',
  'content-length',
];

export const MEDIA_TYPES: ReadonlyArray<{ value: string; doc: string }> = [
  { value: 'application/json', doc: "JSON (the Akkuro APIs' default)." },
  { value: 'application/jsonl', doc: 'One JSON value per line (bulk and streaming endpoints).' },
  { value: 'application/json-seq', doc: 'JSON text sequences (RFC 7464).' },
  { value: 'application/problem+json', doc: 'RFC 7807 error details.' },
  { value: 'text/plain', doc: 'Plain text.' },
];

/** Headers whose value is usually a fresh id. */
export const ID_HEADERS: ReadonlySet<string> = new Set(['x-request-id', 'idempotency-key', 'x-correlation-id']);
