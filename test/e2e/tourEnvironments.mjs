// Steps 4–6: define the sandbox again under the name `local`, authenticate by typing the client id
// and secret, switch environments from the status bar, and save the notebook.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { cellRow, focusCell, rendererFrame, responses, runCellWithMouse } from './notebook.mjs';
import { CELL_COUNT, FIRST_REQUEST_CELL, NOTEBOOK_NAME, onScreen, STATUS_ITEM } from './tourNotebook.mjs';
import {
  answerDialog,
  answerInputBox,
  closeQuickInput,
  dismissSuggestions,
  hideNotifications,
  pickQuickItem,
  runCommand,
  scrollIntoView,
  statusBarItem,
  waitFor,
  waitForNotification,
  waitForQuickInput,
  waitForStatusBar,
} from './workbench.mjs';

export const ENVIRONMENTS_FILE = 'akkuro-environments.yaml';

export async function addLocalEnvironment(ctx) {
  const { page, checks, shot, workspace, log } = ctx;
  await runCommand(page, 'Akkuro: Open Environments File', { log });
  await page.locator('.tab.active', { hasText: ENVIRONMENTS_FILE }).waitFor({ timeout: 30_000 });
  const file = path.join(workspace, ENVIRONMENTS_FILE);
  const template = await waitFor(
    `${ENVIRONMENTS_FILE} to be created in the workspace`,
    () => fs.existsSync(file) && fs.readFileSync(file, 'utf8'),
  );
  checks.matches('"Open Environments File" creates a commented template', template, /^#[^\n]*\n[\s\S]*^environments:/m);

  // Typed under `environments:` line by line; each line's auto-indent is replaced by the exact one.
  const line = template.split('\n').indexOf('environments:') + 1;
  if (line === 0) throw new Error(`the template has no "environments:" line:\n${template}`);
  await page
    .locator('.editor-instance .monaco-editor .view-lines')
    .first()
    .click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await waitForStatusBar(
    page,
    'status.editor.selection',
    new RegExp(`^Ln ${line}, Col ${'environments:'.length + 1}$`),
    { timeoutMs: 10_000 },
  );
  const local = { baseUrl: ctx.sandboxUrl, brokerKey: 'demo-bank', labelReferenceId: 'demo-label' };
  for (const line of ['  local:', ...Object.entries(local).map(([key, value]) => `    ${key}: ${value}`)]) {
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type(line);
    await dismissSuggestions(page); // a word suggestion would take the next Enter
  }
  await page.keyboard.press('Control+S');
  const saved = await waitFor(`${ENVIRONMENTS_FILE} to be saved with the "local" environment`, () => {
    const environments = YAML.parse(fs.readFileSync(file, 'utf8'))?.environments;
    return environments?.local && environments;
  });
  checks.equal('the saved environments file defines "local" for the running sandbox', saved.local, local);
  checks.that("the template's environments are kept", Object.keys(saved).length > 1, Object.keys(saved).join(', '));
  await shot('05-environments-file');
}

export async function authenticateLocal(ctx) {
  const { page, checks, shot, credentials, log } = ctx;
  await runCommand(page, 'Akkuro: Authenticate', { log });
  const pick = await waitForQuickInput(page, /Authenticate.*environment/);
  const localRow = pick.rows.find((r) => r.startsWith('local'));
  checks.that(
    'the environment pick lists "local" with the sandbox URL',
    !!localRow?.includes(ctx.sandboxUrl),
    JSON.stringify(localRow ?? pick.rows),
  );
  await pickQuickItem(page, 'local');

  await waitForQuickInput(page, /"local".*client id/);
  await answerInputBox(page, credentials.clientId);
  await waitForQuickInput(page, /"local".*client secret/);
  await answerInputBox(page, credentials.clientSecret, { confirm: false });
  const input = page.locator('.quick-input-widget input');
  checks.equal('the secret input box masks what is typed', await input.getAttribute('type'), 'password');
  await shot('06-authenticate-secret');
  await page.keyboard.press('Enter');
  const signedIn = await waitForNotification(page, /Signed in to "local"/);
  checks.matches(
    'authentication reports the tenant, white label and token lifetime',
    signedIn,
    /^Signed in to "local" as demo-bank\/demo-label; token valid for \d+[ms]/,
  );
  checks.that(
    'the notification shows no secret or token',
    !signedIn.includes(credentials.clientSecret) && !/eyJ/.test(signedIn),
    signedIn,
  );
  await hideNotifications(page);
}

export async function runCellOnLocal(ctx) {
  const { page, checks, shot } = ctx;
  await switchEnvironment(ctx, 'local', /^local · demo-bank\/demo-label/);
  await focusCell(page, FIRST_REQUEST_CELL, { total: CELL_COUNT });
  const before = (await responses(page)).length;
  await runCellWithMouse(page, FIRST_REQUEST_CELL);
  const frame = rendererFrame(page);
  const output = frame
    .locator('[data-testid=response]')
    .filter({ has: frame.locator('[data-testid=environment]', { hasText: /^local$/ }) })
    .first();
  await output.waitFor({ state: 'attached', timeout: 60_000 }).catch(async () => {
    throw new Error(
      `no response from "local" after running cell ${FIRST_REQUEST_CELL} (${before} responses before; statuses now ${JSON.stringify((await responses(page)).map((r) => `${r.environment}:${r.status}`))})`,
    );
  });
  checks.equal(
    'the cell runs against "local"',
    (await output.locator('[data-testid=status]').textContent())?.trim(),
    '200 OK',
  );
  await output.locator('[data-testid=tab-request]').click();
  checks.equal(
    'the request tab says the environment token was attached',
    (await output.locator('[data-testid=token-state]').textContent())?.trim(),
    'The environment token was attached.',
  );
  checks.matches(
    'the sent Authorization header is shown redacted',
    await output.locator('[data-testid=panel-request]').textContent(),
    /authorization\s*Bearer ‹redacted›/i,
  );
  const status = await waitForStatusBar(page, STATUS_ITEM, /^local · demo-bank\/demo-label · token \d+[ms]$/);
  checks.matches(
    "the status bar shows the local token's lifetime",
    status,
    /^local · demo-bank\/demo-label · token \d+[ms]$/,
  );
  await scrollIntoView(page, cellRow(page, FIRST_REQUEST_CELL), { top: 150 });
  checks.that(
    'the local response is on screen for its screenshot',
    await onScreen(page, output.locator('[data-testid=status]')),
  );
  await shot('07-local-token');
}

export async function switchBackToSandbox(ctx) {
  const { page, checks, shot } = ctx;
  const before = await waitForStatusBar(page, STATUS_ITEM, /^local/);
  const after = await switchEnvironment(ctx, 'sandbox', /^sandbox · demo-bank\/demo-label · /, {
    shotOfList: '08-environment-list',
  });
  checks.that(
    'the status bar switches from "local" to "sandbox"',
    before.startsWith('local') && after.startsWith('sandbox'),
    `${before} → ${after}`,
  );
  await shot('08-switched-to-sandbox');
}

/** Status bar item → "Switch Environment…" → `name`; the pinned notebook asks before changing its pin. */
async function switchEnvironment({ page, checks, shot }, name, expected, { shotOfList } = {}) {
  await page.locator('.tab', { hasText: NOTEBOOK_NAME }).first().click();
  await statusBarItem(page, STATUS_ITEM).click();
  const menu = await waitForQuickInput(page, /^Akkuro/);
  checks.that(
    `the status bar menu offers "Switch Environment…" (to ${name})`,
    menu.rows.some((r) => r.includes('Switch Environment')),
    menu.rows.join(' | '),
  );
  await pickQuickItem(page, 'Switch Environment…');
  await waitForQuickInput(page, /Select Environment/);
  if (shotOfList) await shot(shotOfList);
  await pickQuickItem(page, name);
  const question = await answerDialog(page, 'Change Pin');
  checks.matches(
    `switching a pinned notebook asks before changing its pin to "${name}"`,
    question,
    new RegExp(`pinned to "[^"]+".*"${name}"`),
  );
  await closeQuickInput(page);
  return waitForStatusBar(page, STATUS_ITEM, expected);
}

export async function saveNotebook(ctx) {
  const { page, checks, shot, notebookFile, originalNotebook, credentials } = ctx;
  const tab = page.locator('.tab', { hasText: NOTEBOOK_NAME }).first();
  await tab.click();
  checks.that(
    'the pin changes left unsaved edits (dirty tab)',
    /\bdirty\b/.test((await tab.getAttribute('class')) ?? ''),
    await tab.getAttribute('class'),
  );
  const before = fs.statSync(notebookFile).mtimeMs;
  await focusCell(page, 1, { total: CELL_COUNT });
  await page.keyboard.press('Control+S');
  await waitFor(
    `${NOTEBOOK_NAME} to be saved (tab no longer dirty, file rewritten)`,
    async () =>
      !/\bdirty\b/.test((await tab.getAttribute('class')) ?? '') && fs.statSync(notebookFile).mtimeMs !== before,
  );
  checks.pass('Ctrl+S saves the notebook');

  const text = fs.readFileSync(notebookFile, 'utf8');
  const doc = YAML.parse(text);
  checks.that(
    `the saved file is still a notebook of ${CELL_COUNT} cells pinned to "sandbox"`,
    doc?.['akkuro-notebook'] === 1 && doc.cells?.length === CELL_COUNT && doc.environment === 'sandbox',
    `akkuro-notebook: ${doc?.['akkuro-notebook']}, environment: ${doc?.environment}, cells: ${doc?.cells?.length}`,
  );
  const cellKeys = [...new Set((doc?.cells ?? []).flatMap((c) => Object.keys(c)))];
  checks.that(
    'the saved file holds no output (only cell text)',
    Object.keys(doc ?? {}).every((k) => ['akkuro-notebook', 'environment', 'cells'].includes(k)) &&
      cellKeys.every((k) => k === 'request' || k === 'markdown') &&
      !text.includes('201 Created') &&
      !(ctx.partyId && text.includes(ctx.partyId)),
    `top-level keys: ${Object.keys(doc ?? {}).join(', ')}; cell keys: ${cellKeys.join(', ')}`,
  );
  const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
  checks.that(
    'the saved file holds no secret and no token',
    !text.includes(credentials.clientSecret) && !text.includes(basic) && !/eyJ|Bearer/.test(text),
  );
  checks.that(
    'the saved file is byte-identical to the example (pin changed and changed back)',
    text === originalNotebook,
    text === originalNotebook ? `${text.length} bytes` : `differs: ${text.length} vs ${originalNotebook.length} bytes`,
  );
  await shot('10-saved');
}
