// Steps 8–10, what helps a new user further: a malformed notebook says what is wrong and opens as text
// with its problems; the "Akkuro Notebooks" log shows what was sent; the walkthrough shows the steps
// this run has done as done.
import fs from 'node:fs';
import path from 'node:path';
import {
  answerDialog,
  hideNotifications,
  normalise,
  quickOpen,
  runCommand,
  pickQuickItem,
  waitFor,
  waitForNotification,
} from './workbench.mjs';

const EXAMPLE = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  '..',
  'examples',
  'getting-started.akkuro-nb',
);

const BROKEN = 'broken.akkuro-nb';
// Line 5 misspells a cell kind (`reqest`); line 7 gives a markdown cell a number.
const BROKEN_TEXT = [
  'akkuro-notebook: 1',
  'cells:',
  '  - request: |',
  '      GET: /counterparty-management/counterparties',
  '  - reqest: |',
  '      GET: /collateral-management/collaterals',
  '  - markdown: 3',
  '',
].join('\n');

export async function malformedNotebook({ page, checks, shot, log, workspace }) {
  const file = path.join(workspace, BROKEN);
  fs.writeFileSync(file, BROKEN_TEXT);
  await quickOpen(page, BROKEN, { log });
  const message = await waitForNotification(page, /is not a valid Akkuro notebook/);
  checks.matches(
    'a malformed notebook says what is wrong, where, and how to fix it',
    message,
    /^"broken\.akkuro-nb" is not a valid Akkuro notebook, so it was not opened \(nothing was changed\)\. line 5, column 5: Unknown key `reqest` in cell 2 .*did you mean `request`\? · line 7, column 15: The markdown text of cell 3 must be text/,
  );
  const item = page.locator('.notifications-center .notification-list-item', { hasText: 'is not a valid Akkuro' });
  const buttons = (await item.first().locator('.monaco-button').allInnerTexts()).map((t) => t.trim());
  checks.equal('the notification offers the text editor and all problems', buttons, [
    'Open in Text Editor',
    'Show All Problems',
  ]);
  await shot('10-malformed-notification');

  await item.first().locator('.monaco-button', { hasText: 'Open in Text Editor' }).click();
  await page.locator('.tab.active', { hasText: BROKEN }).waitFor({ timeout: 20_000 });
  const squiggles = await waitFor('the problems underlined in the text', async () => {
    const n = await page.locator('.editor-instance .monaco-editor .squiggly-error').count();
    return n >= 2 && n;
  });
  checks.pass('the file opens as text with its problems underlined', `${squiggles} error squiggles`);
  const position = normalise(await page.locator('#status\\.editor\\.selection').innerText());
  checks.equal('the cursor is on the first problem', position, 'Ln 5, Col 5');
  const problems = normalise(await page.locator('#status\\.problems').innerText());
  checks.matches('the status bar counts the two problems', problems, /^2\b/);
  await hideNotifications(page);
  await shot('11-malformed-as-text');
  checks.equal('nothing was written to the malformed file', fs.readFileSync(file, 'utf8'), BROKEN_TEXT);
}

export async function showLog({ page, checks, shot, log }) {
  await runCommand(page, 'Akkuro: Show Log', { log });
  // The Output panel wraps long lines: visual lines are joined with spaces, and URLs matched up to the arrow.
  const request = /\[(sandbox|local)[^\]]*\] (GET|POST) http:\/\/127\.0\.0\.1:\d+\/[^→]*→ \d{3} in \d+ ms, \d+ bytes/;
  const text = await waitFor('the log in the Output panel', async () => {
    const lines = await page.locator('.part.panel .monaco-editor .view-lines .view-line').allTextContents();
    const joined = lines.map((l) => l.replace(/\u00a0/g, ' ')).join(' ');
    return request.test(joined) && joined;
  });
  checks.matches('the log has a line per request: environment, method, URL, status, duration, bytes', text, request);
  checks.matches(
    'the log has the token events',
    text,
    /token requested for demo-bank\/demo-label[\s\S]*token received for demo-bank\/demo-label/,
  );
  checks.that('the log shows no secret and no token', !/eyJ|demo-secret-change-me/.test(text));
  await shot('12-log');
  await page.keyboard.press('Control+J'); // hide the panel again
}

/** Opens "Get Started with Akkuro Notebooks" from the Command Palette; returns its steps. */
async function openWalkthrough(page, log) {
  await runCommand(page, 'Welcome: Open Walkthrough...', { log });
  await pickQuickItem(page, 'Get Started with Akkuro Notebooks');
  const container = page.locator('.gettingStartedContainer');
  await container
    .locator('.getting-started-category-title, h2', { hasText: 'Get Started with Akkuro Notebooks' })
    .first()
    .waitFor({ timeout: 30_000 });
  const steps = await container.locator('.getting-started-step').evaluateAll((nodes) =>
    nodes.map((n) => ({
      title: n.querySelector('.step-title')?.textContent?.trim() ?? '',
      done: !!n.querySelector('.codicon-getting-started-step-checked'),
    })),
  );
  return { container, steps };
}

const STEP_TITLES = [
  'Run the example notebook on the sandbox',
  'Describe your environments',
  'Authenticate',
  'Switch environment',
  'Run the notebooks in CI',
];

/**
 * Step 0b: the walkthrough, as a new user meets it (VS Code opens it on install), and its first button.
 * VS Code creates its walkthrough service on first use and counts only what happens after: opening
 * the walkthrough first is also what lets step 10 see the tour's steps as done.
 */
export async function walkthroughFirst({ page, checks, shot, log }) {
  const { container, steps } = await openWalkthrough(page, log);
  checks.equal(
    'the walkthrough lists its five steps',
    steps.map((s) => s.title),
    STEP_TITLES,
  );
  checks.equal(
    'no step is done yet',
    steps.map((s) => s.done),
    [false, false, false, false, false],
  );
  await container.locator('.getting-started-step', { hasText: STEP_TITLES[0] }).first().click();
  const image = await waitFor('the step image to load', async () => {
    const img = container.locator('.getting-started-media img').first();
    const size = (await img.count()) ? await img.evaluate((el) => [el.naturalWidth, el.naturalHeight]) : [0, 0];
    return size[0] > 0 && size;
  });
  checks.pass("the step's image (from an E2E run) shows", `${image[0]}×${image[1]}`);
  await shot('00-walkthrough');

  await container.locator('.monaco-button, a', { hasText: 'Open Example Notebook' }).first().click();
  await page.locator('.tab.active', { hasText: /^Untitled-\d+\.akkuro-nb/ }).waitFor({ timeout: 30_000 });
  const count = await waitFor('the example notebook cells', async () =>
    Number(await page.locator('.notebook-editor .monaco-list-row').first().getAttribute('aria-setsize')),
  );
  const expected = (fs.readFileSync(EXAMPLE, 'utf8').match(/^ {2}- (request|markdown):/gm) ?? []).length;
  checks.equal(`"Open Example Notebook" opens a copy of the example (${expected} cells)`, count, expected);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+W');
  await answerDialog(page, "Don't Save");
  // Its service lives on once created: the Welcome tab can go, so the tour's screenshots stay as they were.
  await page.locator('.tab.active', { hasText: 'Welcome' }).waitFor({ timeout: 10_000 });
  await page.keyboard.press('Control+W');
  await page.locator('.tab', { hasText: 'Welcome' }).waitFor({ state: 'detached', timeout: 10_000 });
}

export async function walkthrough({ page, checks, shot, log }) {
  const { steps } = await openWalkthrough(page, log);
  checks.equal(
    'the steps this run has done are checked (all but CI)',
    steps.map((s) => s.done),
    [true, true, true, true, false],
  );
  await shot('13-walkthrough');
}
