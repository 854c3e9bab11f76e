import { randomUUID } from 'node:crypto';
import { counterpartyNotFound } from './counterparties';
import { parsePage, slice } from './pagination';
import { problem, type FieldError } from './problem';
import { isRecord, jsonReply, type Reply } from './reply';
import { readJsonBody } from './requestBody';
import type { ApiContext, Route } from './routes';
import type { Collateral } from './tenantStore';

const DOMAIN = '/collateral-management';
const BASE = `${DOMAIN}/counterparties/{id}/collaterals`;
const TYPES = ['real-estate', 'vehicle', 'cash', 'securities', 'guarantee', 'inventory', 'receivables', 'other'];

export const COLLATERAL_ROUTES: readonly Route[] = [
  { template: BASE, domain: DOMAIN, methods: { GET: list, POST: create } },
  { template: `${BASE}/{id}`, domain: DOMAIN, methods: { GET: get } },
];

function list(ctx: ApiContext): Reply {
  if (!ctx.data.counterparties.has(ctx.params[0])) {
    return counterpartyNotFound(ctx);
  }
  const parsed = parsePage(ctx.query);
  if (!parsed.ok) {
    return parsed.reply;
  }
  return jsonReply(200, slice(ctx.data.collaterals.get(ctx.params[0]) ?? [], parsed.page));
}

function get(ctx: ApiContext): Reply {
  if (!ctx.data.counterparties.has(ctx.params[0])) {
    return counterpartyNotFound(ctx);
  }
  const found = ctx.data.collaterals.get(ctx.params[0])?.find((c) => c.referenceId === ctx.params[1]);
  return found
    ? jsonReply(200, found)
    : problem(
        404,
        'collateral-not-found',
        `Counterparty "${ctx.params[0]}" has no collateral with referenceId "${ctx.params[1]}".`,
      );
}

async function create(ctx: ApiContext): Promise<Reply> {
  const counterpartyReferenceId = ctx.params[0];
  if (!ctx.data.counterparties.has(counterpartyReferenceId)) {
    return counterpartyNotFound(ctx);
  }
  const body = await readJsonBody(ctx.req);
  if (!body.ok) {
    return body.reply;
  }
  const input = body.value;
  const errors = validate(input);
  if (errors.length > 0 || !isRecord(input)) {
    return problem(422, 'validation-failed', `The collateral is invalid: ${errors.map((e) => e.message).join(' ')}`, {
      errors,
    });
  }
  const value = input.value as Record<string, unknown>;
  const collateral: Collateral = {
    referenceId: randomUUID(),
    counterpartyReferenceId,
    type: input.type as string,
    value: { amount: value.amount as number, currency: value.currency as string },
    ...(typeof input.description === 'string' ? { description: input.description } : {}),
    createdAt: new Date().toISOString(),
  };
  const existing = ctx.data.collaterals.get(counterpartyReferenceId);
  if (existing) {
    existing.push(collateral);
  } else {
    ctx.data.collaterals.set(counterpartyReferenceId, [collateral]);
  }
  const location = `${DOMAIN}/counterparties/${counterpartyReferenceId}/collaterals/${collateral.referenceId}`;
  return jsonReply(201, collateral, { location });
}

function validate(input: unknown): FieldError[] {
  if (!isRecord(input)) {
    return [
      {
        pointer: '',
        message:
          'The body must be a JSON object such as {"type": "real-estate", "value": {"amount": 250000, "currency": "EUR"}}.',
      },
    ];
  }
  const errors: FieldError[] = [];
  if (typeof input.type !== 'string' || !TYPES.includes(input.type)) {
    errors.push({ pointer: '/type', message: `type is required and must be one of ${TYPES.join(', ')}.` });
  }
  const value = input.value;
  if (!isRecord(value)) {
    errors.push({
      pointer: '/value',
      message: 'value is required: {"amount": <number>, "currency": "<ISO 4217 code>"}.',
    });
  } else {
    if (typeof value.amount !== 'number' || !Number.isFinite(value.amount) || value.amount <= 0) {
      errors.push({ pointer: '/value/amount', message: 'value.amount must be a number greater than 0.' });
    }
    if (typeof value.currency !== 'string' || !/^[A-Z]{3}$/.test(value.currency)) {
      errors.push({ pointer: '/value/currency', message: 'value.currency must be an ISO 4217 code such as "EUR".' });
    }
  }
  if (input.description !== undefined && (typeof input.description !== 'string' || input.description.length > 500)) {
    errors.push({ pointer: '/description', message: 'description must be a string of at most 500 characters.' });
  }
  return errors;
}
