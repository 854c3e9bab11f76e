// Steps 1–3 of a new user's first minutes: open the getting-started notebook, start the local
// sandbox from the Command Palette, Run All and read the rendered responses.
import {
  cellRow,
  cellText,
  clickRunAll,
  collectResponses,
  focusCell,
  renderedCells,
  rendererFrame,
} from './notebook.mjs';
import {
  hideNotifications,
  quickOpen,
  runCommand,
  scrollIntoView,
  waitFor,
  waitForCommand,
  waitForNotification,
  waitForStatusBar,
} from './workbench.mjs';

export const NOTEBOOK_NAME = 'getting-started.akkuro-nb';
export const CELL_COUNT = 17;
export const FIRST_REQUEST_CELL = 2;
export const MIGRATION_CELL = 7;
export const FORBIDDEN_CELL = 9;
export const PAGING_CELL = 14;
export const STATUS_ITEM = 'akkuro.environment';
const EXPECTED_STATUSES = [
  '200 OK',
  '201 Created',
  '200 OK',
  '201 Created',
  '200 OK',
  '403 Forbidden',
  '406 Not Acceptable',
  '200 OK',
  '200 OK',
  '201 Created',
  '200 OK',
];

export async function openNotebook({ page, checks, shot, log }) {
  // One at a time: the palette puts recently used commands first and may not render the others' rows.
  const wanted = ['Akkuro: Authenticate', 'Akkuro: Start Local Sandbox', 'Akkuro: Open Environments File'];
  for (const command of wanted) await waitForCommand(page, command, { timeoutMs: 60_000 });
  checks.pass("the Command Palette lists the extension's commands", wanted.join(', '));

  await quickOpen(page, NOTEBOOK_NAME, { log });
  await waitFor(
    `${NOTEBOOK_NAME} to open in the notebook editor`,
    async () => {
      if (await page.locator('.notebook-editor .code-cell-row').count()) return true;
      const asText = await page
        .locator('.editor-instance .monaco-editor .view-lines', { hasText: 'akkuro-notebook: 1' })
        .count();
      if (asText)
        throw new Error(`${NOTEBOOK_NAME} opened as plain text: the extension's notebook type was not registered`);
      return false;
    },
    { timeoutMs: 60_000 },
  );
  const cells = await renderedCells(page);
  checks.equal(`the notebook editor shows ${CELL_COUNT} cells (aria-setsize)`, cells[0]?.count, CELL_COUNT);
  checks.that(
    'request cells render as code cells (.code-cell-row)',
    cells.some((c) => c.kind === 'code'),
    `rendered rows: ${cells.map((c) => `${c.position}:${c.kind}`).join(' ')}`,
  );
  const text = await cellText(page, FIRST_REQUEST_CELL);
  checks.that(
    'the first request cell shows its source',
    text.includes('GET: /counterparty-management/counterparties'),
    JSON.stringify(text.split('\n').slice(0, 3).join(' ⏎ ')),
  );
  await shot('01-notebook-open');
}

export async function startSandbox(ctx) {
  const { page, checks, shot, log } = ctx;
  await runCommand(page, 'Akkuro: Start Local Sandbox', { log });
  const message = await waitForNotification(page, /Local Akkuro sandbox running at http:\/\/127\.0\.0\.1:\d+/);
  ctx.sandboxUrl = /(http:\/\/127\.0\.0\.1:\d+)/.exec(message)[1];
  checks.pass('the sandbox says where it runs', message);
  const status = await waitForStatusBar(page, STATUS_ITEM, /^sandbox · demo-bank\/demo-label · auto · /);
  checks.matches(
    'the status bar shows the sandbox environment, its label and automatic client choice',
    status,
    /^sandbox · demo-bank\/demo-label · auto · /,
  );
  await shot('02-sandbox-started');
  await hideNotifications(page);
}

export async function runAll(ctx) {
  const { page, checks, shot } = ctx;
  await clickRunAll(page);
  const responses = await collectResponses(page, {
    total: CELL_COUNT,
    done: (seen) => seen.length >= EXPECTED_STATUSES.length && seen.every((r) => r.outcome),
  });
  checks.equal(
    'Run All renders a response per request cell',
    responses.map((r) => r.status).sort(),
    [...EXPECTED_STATUSES].sort(),
  );
  checks.that(
    'every response shows its expectations passed',
    responses.every((r) => r.outcome === 'passed'),
    responses.map((r) => `${r.status}: ${r.outcome}`).join(', '),
  );
  checks.that(
    'every response names the sandbox environment',
    responses.every((r) => r.environment === 'sandbox'),
    [...new Set(responses.map((r) => r.environment))].join(', '),
  );
  const migration = responses.find(
    (r) => /\/migration-assistance\/migrations$/.test(r.requestLine) && r.status === '200 OK',
  );
  checks.equal(
    'the migration request went with the client that covers its path',
    `${migration?.client} · ${migration?.label}`,
    'client migration · label demo-label',
  );
  // The 403 cell names onboarding for /migration-assistance on purpose; the others there go with migration.
  const byMigration = responses.filter(
    (r) => /\/migration-assistance\/migrations/.test(r.requestLine) && r.status !== '403 Forbidden',
  );
  checks.that(
    'the migration, start-migration and polling requests went with client migration',
    byMigration.length === 3 && byMigration.every((r) => r.client === 'client migration'),
    byMigration.map((r) => `${r.requestLine}: ${r.client}`).join(', '),
  );
  checks.that(
    'the other responses name onboarding and their label',
    responses
      .filter((r) => !byMigration.includes(r))
      .every((r) => r.client === 'client onboarding' && /^label /.test(r.label)),
    responses.map((r) => `${r.client}/${r.label}`).join(', '),
  );

  const created = responses.find(
    (r) => r.status === '201 Created' && /^POST \S+\/counterparty-management\/counterparties$/.test(r.requestLine),
  );
  checks.matches('the created counterparty\'s body tree shows name "Jane Doe"', created?.body, /name: "Jane Doe"/);
  ctx.partyId = /referenceId: "([0-9a-f-]{36})"/.exec(created?.body ?? '')?.[1];
  const fetched = ctx.partyId && responses.find((r) => r.requestLine.endsWith(`/counterparties/${ctx.partyId}`));
  checks.that(
    'the next cell fetched it by {{party.body.referenceId}}',
    fetched?.status === '200 OK',
    fetched
      ? `${fetched.requestLine} → ${fetched.status}`
      : `no request for ${ctx.partyId ?? '(no referenceId in the body tree)'}`,
  );

  const forbidden = responses.find((r) => r.status === '403 Forbidden');
  checks.equal('the expected 403 shows a problem card titled "Forbidden"', forbidden?.problemTitle, 'Forbidden');
  checks.matches(
    'the problem card says which domain is not granted',
    forbidden?.problemDetail,
    /\/migration-assistance/,
  );
  checks.matches(
    'the problem card says which configured client is declared for the domain',
    forbidden?.problemHint,
    /\/migration-assistance is declared for client "migration"/,
  );
  checks.equal('the problem card offers to use that client', forbidden?.action, 'Use client "migration" in this cell');

  const frame = rendererFrame(page);
  // The first response below its cell's source: the tour's opening view.
  await focusCell(page, FIRST_REQUEST_CELL, { total: CELL_COUNT });
  const first = frame
    .locator('[data-testid=response]')
    .filter({ has: frame.locator('[data-testid=request-line]', { hasText: 'limit=5' }) })
    .first();
  await scrollIntoView(page, cellRow(page, FIRST_REQUEST_CELL), { top: 150 });
  checks.that(
    'the first response is on screen for its screenshot',
    await onScreen(page, first.locator('[data-testid=status]')),
  );
  await shot('03-first-response');

  await focusCell(page, FORBIDDEN_CELL, { total: CELL_COUNT });
  const card = frame.locator('[data-testid=problem-card]').filter({ hasText: 'Forbidden' }).first();
  await scrollIntoView(page, card, { top: 330 });
  checks.that('the 403 problem card is on screen for its screenshot', await onScreen(page, card));
  await shot('04-problem-403');

  // The paging cell: every page fetched, the items merged, one row per page in its Pages tab.
  await focusCell(page, PAGING_CELL, { total: CELL_COUNT });
  const paged = frame
    .locator('[data-testid=response]')
    .filter({ has: frame.locator('[data-testid=sequence-summary]', { hasText: 'pages' }) })
    .first();
  checks.equal(
    'the paging cell says how many pages and items it read',
    (await paged.getByTestId('sequence-summary').textContent())?.trim(),
    '3 pages · 5 items (total 5)',
  );
  await paged.getByTestId('tab-sequence').click();
  checks.equal('its Pages tab lists one row per page', await paged.getByTestId('sequence-row').count(), 3);
  await scrollIntoView(page, paged, { top: 150 });
  checks.that(
    'the pages are on screen for their screenshot',
    await onScreen(page, paged.getByTestId('sequence-table')),
  );
  await shot('04-pages');
}

/** True when the element's box lies inside the window, so a screenshot shows it. */
export async function onScreen(page, locator) {
  const box = await locator.boundingBox().catch(() => null);
  const viewport = page.viewportSize();
  return !!box && box.y >= 0 && box.y + Math.min(box.height, 60) <= viewport.height;
}
