import { randomUUID } from 'node:crypto';
import { parsePage, slice } from './pagination';
import { problem, type FieldError } from './problem';
import { isRecord, jsonReply, JSONL_TYPE, type Reply } from './reply';
import { parseJson, readBody, readJsonBody } from './requestBody';
import type { ApiContext, Route } from './routes';
import type { Counterparty, CounterpartyType, LabelData } from './tenantStore';

const DOMAIN = '/counterparty-management';
const BASE = `${DOMAIN}/counterparties`;
const TYPES: readonly CounterpartyType[] = ['person', 'organisation'];
const MAX_BULK_LINES = 10_000;
const JSONL_TYPES = ['application/jsonl', 'application/x-ndjson'];

export const COUNTERPARTY_ROUTES: readonly Route[] = [
  { template: BASE, domain: DOMAIN, methods: { GET: list, POST: create } },
  { template: `${BASE}/bulk`, domain: DOMAIN, methods: { POST: bulk } },
  { template: `${BASE}/{id}`, domain: DOMAIN, methods: { GET: get } },
];

function list(ctx: ApiContext): Reply {
  const parsed = parsePage(ctx.query);
  if (!parsed.ok) {
    return parsed.reply;
  }
  const name = ctx.query.get('name')?.toLowerCase();
  const all = [...ctx.data.counterparties.values()];
  const items = name ? all.filter((c) => c.name.toLowerCase().includes(name)) : all;
  return jsonReply(200, slice(items, parsed.page));
}

function get(ctx: ApiContext): Reply {
  const party = ctx.data.counterparties.get(ctx.params[0]);
  return party ? jsonReply(200, party) : counterpartyNotFound(ctx);
}

/**
 * 404 for an unknown id; 401 when the id is another white label's data: the token was issued for exactly
 * one tenant–white-label pair, and using it for another label's data is an authentication failure.
 */
export function counterpartyNotFound(ctx: ApiContext): Reply {
  const owner = ctx.otherLabelOf(ctx.params[0]);
  if (owner)
    return problem(
      401,
      'wrong-white-label',
      `Counterparty "${ctx.params[0]}" belongs to white label "${owner}", but the token was issued for "${ctx.claims.whiteLabel}". ` +
        `Get a token from /authentication/token/${ctx.claims.tenant}/${owner}.`,
      { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
    );
  return problem(
    404,
    'counterparty-not-found',
    `No counterparty with referenceId "${ctx.params[0]}" in ${ctx.claims.tenant}/${ctx.claims.whiteLabel}. ` +
      `List them with GET ${BASE}.`,
  );
}

async function create(ctx: ApiContext): Promise<Reply> {
  const body = await readJsonBody(ctx.req);
  if (!body.ok) {
    return body.reply;
  }
  const result = addCounterparty(ctx.data, body.value);
  if (!result.ok) {
    return problem(422, 'validation-failed', `The counterparty is invalid: ${summary(result.errors)}`, {
      errors: result.errors,
    });
  }
  return jsonReply(201, result.party, { location: `${BASE}/${result.party.referenceId}` });
}

/** One JSON object per line in, one result per line out; a bad line never stops the others. */
async function bulk(ctx: ApiContext): Promise<Reply> {
  const mediaType = (ctx.req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!JSONL_TYPES.includes(mediaType)) {
    return problem(
      415,
      'unsupported-media-type',
      `Bulk upload needs Content-Type: application/jsonl (one JSON object per line), got "${mediaType || 'none'}".`,
    );
  }
  const body = await readBody(ctx.req);
  if (!body.ok) {
    return body.reply;
  }
  const lines = body.text.split('\n');
  const results: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].trim();
    if (text === '') {
      continue;
    }
    if (results.length === MAX_BULK_LINES) {
      return problem(413, 'too-many-lines', `A bulk upload takes at most ${MAX_BULK_LINES} lines; split the file.`);
    }
    results.push(JSON.stringify(bulkLine(ctx.data, i + 1, text)));
  }
  return { status: 200, contentType: JSONL_TYPE, body: results.length > 0 ? results.join('\n') + '\n' : '' };
}

function bulkLine(
  data: LabelData,
  line: number,
  text: string,
): { line: number; referenceId: string } | { line: number; error: string } {
  const parsed = parseJson(text);
  if (!parsed.ok) {
    return { line, error: `Not valid JSON: ${parsed.message}` };
  }
  const result = addCounterparty(data, parsed.value);
  return result.ok ? { line, referenceId: result.party.referenceId } : { line, error: summary(result.errors) };
}

type AddResult = { ok: true; party: Counterparty } | { ok: false; errors: FieldError[] };

function addCounterparty(data: LabelData, input: unknown): AddResult {
  if (!isRecord(input)) {
    return {
      ok: false,
      errors: [{ pointer: '', message: 'The body must be a JSON object such as {"name": "Jane Doe"}.' }],
    };
  }
  const errors: FieldError[] = [];
  const name = input.name;
  if (name === undefined || name === null) {
    errors.push({ pointer: '/name', message: 'name is required.' });
  } else if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
    errors.push({ pointer: '/name', message: 'name must be a non-empty string of at most 200 characters.' });
  }
  const type = input.type ?? 'person';
  if (!TYPES.includes(type as CounterpartyType)) {
    errors.push({ pointer: '/type', message: `type must be one of ${TYPES.join(', ')}.` });
  }
  optionalString(input, 'countryCode', /^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code such as "NL"', errors);
  optionalString(input, 'email', /^[^@\s]+@[^@\s]+$/, 'an e-mail address', errors);
  optionalString(input, 'externalReference', /^.{1,100}$/, 'a string of 1 to 100 characters', errors);
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  const party: Counterparty = {
    referenceId: randomUUID(),
    name: (name as string).trim(),
    type: type as CounterpartyType,
    ...(typeof input.countryCode === 'string' ? { countryCode: input.countryCode } : {}),
    ...(typeof input.email === 'string' ? { email: input.email } : {}),
    ...(typeof input.externalReference === 'string' ? { externalReference: input.externalReference } : {}),
    createdAt: new Date().toISOString(),
  };
  data.counterparties.set(party.referenceId, party);
  return { ok: true, party };
}

function optionalString(
  input: Record<string, unknown>,
  key: string,
  pattern: RegExp,
  expected: string,
  errors: FieldError[],
): void {
  const value = input[key];
  if (value !== undefined && value !== null && (typeof value !== 'string' || !pattern.test(value))) {
    errors.push({ pointer: `/${key}`, message: `${key} must be ${expected}.` });
  }
}

function summary(errors: readonly FieldError[]): string {
  return errors.map((e) => e.message).join(' ');
}
