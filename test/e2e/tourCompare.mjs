// Step 5b: the first request cell has run twice by now (Run All on "sandbox", then on "local", after the
// tour created a counterparty): its status bar counts the runs, and "Compare with Previous Run" opens VS
// Code's diff editor on the two responses, normalised, with the total that changed.
import { cellRow, focusCell } from './notebook.mjs';
import { CELL_COUNT, FIRST_REQUEST_CELL, NOTEBOOK_NAME } from './tourNotebook.mjs';
import { shorten } from './checks.mjs';
import { normalise, runCommand, waitFor } from './workbench.mjs';

export async function compareWithPreviousRun({ page, checks, shot, log }) {
  await page.locator('.tab', { hasText: NOTEBOOK_NAME }).first().click();
  await focusCell(page, FIRST_REQUEST_CELL, { total: CELL_COUNT });
  const history = cellRow(page, FIRST_REQUEST_CELL)
    .locator('.cell-status-item')
    .filter({ has: page.locator('.codicon-history') });
  const count = await waitFor('the cell status bar to count its runs', async () => {
    const text = (await history.count()) ? normalise(await history.first().innerText()) : '';
    return /^\d+$/.test(text) && Number(text) >= 2 && text;
  });
  checks.that('the cell status bar counts the runs of the cell', Number(count) >= 2, `${count} runs`);

  await runCommand(page, 'Akkuro: Compare with Previous Run', { log });
  const diff = page.locator('.monaco-diff-editor').first();
  await diff.waitFor({ state: 'visible', timeout: 30_000 });
  const side = (name) => diff.locator(`.editor.${name} .view-lines`).first();
  // Unchanged regions are folded (see USER_SETTINGS): what shows is the changes with a few lines around them.
  const [left, right] = await waitFor('both sides of the diff to show the changed total', async () => {
    const texts = [normalise(await side('original').innerText()), normalise(await side('modified').innerText())];
    return texts.every((t) => t.includes('"total"')) && texts;
  });
  const total = (text) => /"total": (\d+)/.exec(text)?.[1];
  checks.that(
    'the diff editor compares the two runs: the total of counterparties changed',
    total(left) !== undefined && total(right) !== undefined && Number(total(right)) > Number(total(left)),
    `total ${total(left)} → ${total(right)}`,
  );
  checks.that(
    'volatile values are masked on both sides (no timestamp, <volatile> headers)',
    [left, right].every((t) => t.includes('<volatile') && !/\d{4}-\d\d-\d\dT\d\d:/.test(t)),
    shorten(right),
  );
  const title = normalise(await page.locator('.tab.active').first().innerText());
  checks.matches('the diff tab names the cell and both runs', title, /counterparties: sandbox .* ↔ local /);
  const changed = await diff.locator('.editor.modified .line-insert, .editor.modified .char-insert').count();
  checks.that('the changed line is highlighted', changed > 0, `${changed} highlighted ranges`);
  await shot('09-compare-previous-run');
  await runCommand(page, 'View: Close Editor', { log });
}
