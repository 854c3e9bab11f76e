import { parsePage, slice } from './pagination';
import { jsonReply, type Reply } from './reply';
import type { ApiContext, Route } from './routes';

const DOMAIN = '/migration-assistance';

/**
 * An example endpoint in a domain the demo client is deliberately not granted, so the getting-started
 * notebook can show a real 403 problem; clients granted the domain get an empty list.
 */
export const MIGRATION_ROUTES: readonly Route[] = [
  { template: `${DOMAIN}/migrations`, domain: DOMAIN, methods: { GET: list } },
];

function list(ctx: ApiContext): Reply {
  const parsed = parsePage(ctx.query);
  return parsed.ok ? jsonReply(200, slice([], parsed.page)) : parsed.reply;
}
