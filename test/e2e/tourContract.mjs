// Step 7: working from the API contract. The sandbox environment's own OpenAPI document drives
// "New Request from Operation…" and completion of body keys, with their types, in a real editor.
import { focusCell, renderedCells } from './notebook.mjs';
import { closeQuickInput, pickQuickItem, runCommand, waitFor, waitForQuickInput } from './workbench.mjs';
import { CELL_COUNT } from './tourNotebook.mjs';

const OPERATION = 'POST /counterparty-management/counterparties';

export async function completeFromContract({ page, checks, shot, log }) {
  await focusCell(page, CELL_COUNT, { total: CELL_COUNT });
  await runCommand(page, 'Akkuro: New Request from Operation…', { log });
  const picker = await waitForQuickInput(page, 'New request from an operation');
  checks.that(
    'New Request from Operation lists the sandbox operations, grouped by API domain',
    picker.rows.some((r) => r.includes('/authentication')) &&
      picker.rows.some((r) => r.includes('/collateral-management')) &&
      !picker.rows[0].includes('/__sandbox'),
    picker.rows.slice(0, 8).join(' | '),
  );
  await shot('11-new-request-from-operation');
  await pickQuickItem(page, OPERATION);
  await waitFor('the new request cell', async () => (await renderedCells(page))[0]?.count === CELL_COUNT + 1);
  // Edit the inserted cell: after its `  name: ""` line, open a new body key.
  await page.locator('.code-cell-row .view-line', { hasText: 'name: ""' }).last().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  const widget = page.locator('.suggest-widget.visible');
  await waitFor(
    'the suggestion list with body keys from the OpenAPI document',
    async () => {
      if (!(await widget.count())) await page.keyboard.press('Control+Space');
      return /countryCode/.test((await widget.innerText().catch(() => '')) ?? '');
    },
    { timeoutMs: 30_000, intervalMs: 1000 },
  );
  const shown = await widget.innerText();
  checks.that(
    'completion offers the body keys the operation declares (countryCode, email, type)',
    ['countryCode', 'email', 'type'].every((k) => shown.includes(k)) && !shown.includes('referenceId'),
    shown.replace(/\s+/g, ' ').slice(0, 200),
  );
  await shot('12-completion-from-contract');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await closeQuickInput(page).catch(() => undefined);
}
