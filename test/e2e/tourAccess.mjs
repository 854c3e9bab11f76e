// Step 3b: the access model from the status bar. Switch the notebook's white label and run a cell with it,
// then switch its client and run a cell with that (a 403 whose card names the client declared for the
// domain), then go back to the default label and automatic client choice.
import { cellRow, focusCell, rendererFrame, responses, runCellWithMouse } from './notebook.mjs';
import {
  CELL_COUNT,
  FIRST_REQUEST_CELL,
  MIGRATION_CELL,
  NOTEBOOK_NAME,
  onScreen,
  STATUS_ITEM,
} from './tourNotebook.mjs';
import {
  closeQuickInput,
  pickQuickItem,
  scrollIntoView,
  statusBarItem,
  waitFor,
  waitForQuickInput,
  waitForStatusBar,
} from './workbench.mjs';

export async function switchLabelAndClient(ctx) {
  const { page, checks, shot } = ctx;
  const frame = rendererFrame(page);

  await fromStatusBar(ctx, 'Switch White Label…', /Switch White Label/, 'second-label');
  const labelled = await waitForStatusBar(page, STATUS_ITEM, /^sandbox · demo-bank\/second-label · auto · /);
  checks.matches('the status bar shows the white label picked from its menu', labelled, /demo-bank\/second-label/);
  await focusCell(page, FIRST_REQUEST_CELL, { total: CELL_COUNT });
  await runCellWithMouse(page, FIRST_REQUEST_CELL);
  const second = frame
    .locator('[data-testid=response]')
    .filter({ has: frame.locator('[data-testid=label]', { hasText: /^label second-label$/ }) })
    .filter({ has: frame.locator('[data-testid=request-line]', { hasText: 'limit=5' }) })
    .first();
  await second.waitFor({ state: 'attached', timeout: 60_000 });
  checks.equal(
    'the cell runs with the new label (header: label second-label, client onboarding)',
    [
      (await second.locator('[data-testid=status]').textContent())?.trim(),
      (await second.locator('[data-testid=client]').textContent())?.trim(),
    ],
    ['200 OK', 'client onboarding'],
  );
  await scrollIntoView(page, cellRow(page, FIRST_REQUEST_CELL), { top: 150 });
  checks.that('the second-label response is on screen', await onScreen(page, second.locator('[data-testid=status]')));
  await shot('04-label-switched');

  await fromStatusBar(ctx, 'Switch Client…', /Switch Client/, 'onboarding');
  const named = await waitForStatusBar(page, STATUS_ITEM, /^sandbox · demo-bank\/second-label · onboarding · /);
  checks.matches('the status bar shows the client picked from its menu', named, /· onboarding ·/);
  const before = (await responses(page)).filter((r) => r.status === '403 Forbidden').length;
  await focusCell(page, MIGRATION_CELL, { total: CELL_COUNT });
  await runCellWithMouse(page, MIGRATION_CELL);
  // The notebook's client wins over the path: onboarding is not granted /migration-assistance.
  const forbidden = await waitFor('the migration cell to answer 403 with client onboarding', async () => {
    const all = await responses(page);
    return all.filter((r) => r.status === '403 Forbidden').length > before && all;
  });
  const mine = forbidden.filter((r) => r.status === '403 Forbidden' && r.outcome === 'failed');
  checks.equal(
    'the cell runs with the picked client (header: client onboarding, label demo-label from the cell)',
    mine.map((r) => `${r.client} · ${r.label}`),
    ['client onboarding · label demo-label'],
  );
  checks.matches(
    'the 403 card names the client declared for the domain',
    mine[0]?.problemHint,
    /refused client "onboarding".*\/migration-assistance is declared for client "migration"/,
  );
  const card = frame.locator('[data-testid=problem-card]').filter({ hasText: 'client "onboarding"' }).first();
  await scrollIntoView(page, card, { top: 330 });
  checks.that('the 403 hint is on screen for its screenshot', await onScreen(page, card));
  await shot('04-client-switched-403-hint');

  await fromStatusBar(ctx, 'Switch Client…', /Switch Client/, 'Automatic');
  await fromStatusBar(ctx, 'Switch White Label…', /Switch White Label/, 'demo-label');
  const back = await waitForStatusBar(page, STATUS_ITEM, /^sandbox · demo-bank\/demo-label · auto · /);
  checks.matches('the status bar goes back to the default label and automatic client choice', back, /auto/);
}

/** Status bar item → menu entry → item. */
async function fromStatusBar({ page, checks }, entry, title, item) {
  await page.locator('.tab', { hasText: NOTEBOOK_NAME }).first().click();
  await statusBarItem(page, STATUS_ITEM).click();
  const menu = await waitForQuickInput(page, /^Akkuro/);
  checks.that(
    `the status bar menu offers "${entry}"`,
    menu.rows.some((r) => r.includes(entry)),
    menu.rows.join(' | '),
  );
  await pickQuickItem(page, entry);
  await waitForQuickInput(page, title);
  await pickQuickItem(page, item);
  await closeQuickInput(page);
}
