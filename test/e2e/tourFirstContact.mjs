// Step 0, before anything else in a fresh window: Akkuro: New Request Notebook from the Command Palette
// opens an untitled notebook in front, with the cursor in its first request cell; closed without saving.
import fs from 'node:fs';
import { activeCellStatus, renderedCells } from './notebook.mjs';
import { answerDialog, normalise, runCommand, waitFor, waitForCommand } from './workbench.mjs';

const STARTER_CELL_COUNT = 4;
const FIRST_REQUEST_CELL = 2;

export async function newNotebookFirst({ page, checks, shot, log, workspace }) {
  await waitForCommand(page, 'Akkuro: New Request Notebook');
  await runCommand(page, 'Akkuro: New Request Notebook', { log });
  await waitFor(
    'the new notebook in front (or an error dialog)',
    async () => {
      const dialog = page.locator('.monaco-dialog-box');
      if (await dialog.count())
        throw new Error(`an error dialog: ${normalise(await dialog.first().innerText()).replace(/\n/g, ' ')}`);
      return (await page.locator('.tab.active', { hasText: /^Untitled-1\.akkuro-nb/ }).count()) > 0;
    },
    { timeoutMs: 60_000 },
  );
  checks.pass('New Request Notebook opens Untitled-1.akkuro-nb in front, with no error dialog');
  const cells = await waitFor('the starter cells', async () => {
    const rendered = await renderedCells(page);
    return rendered.length > 0 && rendered;
  });
  checks.equal('the new notebook has the starter cells', cells[0]?.count, STARTER_CELL_COUNT);
  const where = await waitFor(
    'the cursor in the first request cell',
    async () => {
      const status = await activeCellStatus(page);
      const editing = await page.locator('.notebook-editor .code-cell-row.focused .monaco-editor.focused').count();
      return status === `Cell ${FIRST_REQUEST_CELL} of ${STARTER_CELL_COUNT}` && editing > 0 && status;
    },
    { timeoutMs: 20_000 },
  );
  checks.pass('the cursor is in the first request cell, in edit mode', `${where}, its editor focused`);
  await shot('00-new-notebook');

  // Closed without saving: nothing is written anywhere in the workspace.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+W');
  const question = await answerDialog(page, "Don't Save");
  checks.matches('closing the untitled notebook asks to save it', question, /save/i);
  checks.equal('nothing was saved into the workspace', fs.readdirSync(workspace), ['examples']);
}
