import { randomUUID } from 'node:crypto';
import { parsePage, slice } from './pagination';
import { problem, type FieldError } from './problem';
import { isRecord, jsonReply, type Reply } from './reply';
import { readJsonBody } from './requestBody';
import type { ApiContext, Route } from './routes';
import type { Migration } from './tenantStore';

const DOMAIN = '/migration-assistance';
const BASE = `${DOMAIN}/migrations`;
/** Reads of a migration before it completes, unless the sandbox or the POST says otherwise. */
export const DEFAULT_MIGRATION_READS = 3;
const MAX_READS = 100;

/**
 * Example endpoints in a domain the demo client is deliberately not granted (the getting-started notebook shows
 * a real 403 with it). For clients granted the domain, a migration is a long process to follow by polling: it is
 * `Pending` when created and `Completed` once it has been read a few times (`completeAfterReads`).
 */
export const MIGRATION_ROUTES: readonly Route[] = [
  { template: BASE, domain: DOMAIN, methods: { GET: list, POST: create } },
  { template: `${BASE}/{id}`, domain: DOMAIN, methods: { GET: get } },
];

function list(ctx: ApiContext): Reply {
  const parsed = parsePage(ctx.query);
  return parsed.ok ? jsonReply(200, slice([...ctx.data.migrations.values()].map(shown), parsed.page)) : parsed.reply;
}

function get(ctx: ApiContext): Reply {
  const m = ctx.data.migrations.get(ctx.params[0]);
  if (!m)
    return problem(
      404,
      'migration-not-found',
      `No migration with id "${ctx.params[0]}" in ${ctx.claims.tenant}/${ctx.claims.whiteLabel}. List them with GET ${BASE}.`,
    );
  // A read moves the simulated process on; HEAD reads too, as a status check would.
  m.reads++;
  if (m.status === 'Pending' && m.reads >= m.completeAfterReads) {
    m.status = 'Completed';
    m.completedAt = new Date().toISOString();
  }
  return jsonReply(200, shown(m));
}

async function create(ctx: ApiContext): Promise<Reply> {
  const body = await readJsonBody(ctx.req);
  if (!body.ok) return body.reply;
  const input = body.value;
  const errors = validate(input);
  if (errors.length > 0 || !isRecord(input))
    return problem(422, 'validation-failed', `The migration is invalid: ${errors.map((e) => e.message).join(' ')}`, {
      errors,
    });
  const m: Migration = {
    id: randomUUID(),
    name: input.name as string,
    status: 'Pending',
    createdAt: new Date().toISOString(),
    reads: 0,
    completeAfterReads:
      typeof input.completeAfterReads === 'number' ? input.completeAfterReads : ctx.data.migrationReads,
  };
  ctx.data.migrations.set(m.id, m);
  return jsonReply(201, shown(m), { location: `${BASE}/${m.id}` });
}

/** What the API shows of a migration: not the sandbox's own counters. */
function shown(m: Migration) {
  return {
    id: m.id,
    name: m.name,
    status: m.status,
    createdAt: m.createdAt,
    ...(m.completedAt ? { completedAt: m.completedAt } : {}),
  };
}

function validate(input: unknown): FieldError[] {
  if (!isRecord(input))
    return [{ pointer: '', message: 'The body must be a JSON object such as {"name": "Portfolio 2024"}.' }];
  const errors: FieldError[] = [];
  if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 200)
    errors.push({ pointer: '/name', message: 'name is required: a text of 1 to 200 characters.' });
  const reads = input.completeAfterReads;
  if (
    reads !== undefined &&
    !(typeof reads === 'number' && Number.isInteger(reads) && reads >= 1 && reads <= MAX_READS)
  )
    errors.push({
      pointer: '/completeAfterReads',
      message: `completeAfterReads must be a whole number from 1 to ${MAX_READS} (reads before the migration completes).`,
    });
  return errors;
}
