// Driving the VS Code workbench the way a person does: Command Palette, Quick Open, quick picks,
// input boxes, the status bar, notifications, modal dialogs and scrolling. Every wait is on a
// condition with a deadline and says what it waited for; flaky steps are retried from a clean state.

/** Polls `probe` until it returns something truthy; the error names what never happened. */
export async function waitFor(what, probe, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${last ? ` (last error: ${firstLine(last.message)})` : ''}`,
      );
    }
    await sleep(intervalMs);
  }
}

/** Runs `action` up to `attempts` times; `reset` puts the UI back into a known state between tries. */
export async function retry(what, action, { attempts = 3, reset = async () => {}, log = () => {} } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action(attempt);
    } catch (error) {
      if (attempt >= attempts)
        throw new Error(`${what} failed ${attempts} times; last: ${error.message}`, { cause: error });
      log(`  … ${what}: attempt ${attempt} failed (${firstLine(error.message)}); retrying`);
      await reset().catch(() => {});
    }
  }
}

const QUICK_INPUT = '.quick-input-widget';
const QUICK_ROWS = '.quick-input-list .monaco-list-row';

export function quickInputVisible(page) {
  return page.locator(QUICK_INPUT).isVisible();
}

/** Closes whatever quick input, dialog or find widget is open, so the next keystroke lands somewhere known. */
export async function closeQuickInput(page) {
  for (let i = 0; i < 3 && (await quickInputVisible(page)); i++) {
    await page.keyboard.press('Escape');
    await sleep(150);
  }
}

/** Opens the Command Palette (F1), types `title` and clicks the command whose label is exactly `title`. */
export async function runCommand(page, title, { log } = {}) {
  await retry(
    `running "${title}" from the Command Palette`,
    async () => {
      await openPalette(page);
      await page.keyboard.type(title);
      const row = quickRow(page, title);
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      await row.click();
      await waitFor(
        `the Command Palette to close after choosing "${title}"`,
        async () => !(await paletteShows(page, title)),
        { timeoutMs: 10_000 },
      );
    },
    { reset: () => closeQuickInput(page), log },
  );
}

/**
 * Waits until the Command Palette lists `title`: on a fresh profile, a custom-notebook file opened
 * before the extension is registered opens as plain text, so this comes before opening the notebook.
 */
export async function waitForCommand(page, title, { timeoutMs = 120_000 } = {}) {
  const prefix = title.split(':')[0] + ':';
  return waitFor(
    `the Command Palette to list "${title}" (is the extension installed and registered?)`,
    async () => {
      await openPalette(page);
      await page.keyboard.type(prefix);
      const listed = await quickRow(page, title)
        .waitFor({ state: 'visible', timeout: 5_000 })
        .then(
          () => true,
          () => false,
        );
      const all = listed ? await page.locator(QUICK_ROWS).allInnerTexts() : [];
      await closeQuickInput(page);
      return listed && all.map((t) => t.trim());
    },
    { timeoutMs, intervalMs: 1000 },
  );
}

async function openPalette(page) {
  await closeQuickInput(page);
  await page.keyboard.press('F1');
  await page.locator(`${QUICK_INPUT} input`).waitFor({ state: 'visible', timeout: 10_000 });
}

async function paletteShows(page, title) {
  return (
    (await quickInputVisible(page)) &&
    (await quickRow(page, title).count()) > 0 &&
    (await page.locator(`${QUICK_INPUT} input`).inputValue()).includes(title)
  );
}

/** The quick-input row whose label is exactly `label` (codicons carry no text). */
export function quickRow(page, label) {
  return page
    .locator(QUICK_ROWS)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
    .first();
}

/** Quick Open (Ctrl+P): types a file name and opens the match. */
export async function quickOpen(page, fileName, { log } = {}) {
  await retry(
    `opening ${fileName} with Quick Open`,
    async () => {
      await closeQuickInput(page);
      await page.keyboard.press('Control+P');
      await page.locator(`${QUICK_INPUT} input`).waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.type(fileName);
      await quickRow(page, fileName).waitFor({ state: 'visible', timeout: 20_000 });
      await page.keyboard.press('Enter');
    },
    { reset: () => closeQuickInput(page), log },
  );
}

/** Waits for the quick input whose title matches `title` (a quick pick or an input box) and returns its rows. */
export async function waitForQuickInput(page, title, { timeoutMs = 30_000 } = {}) {
  const heading = page.locator(`${QUICK_INPUT} .quick-input-title`, { hasText: title });
  await heading.waitFor({ state: 'visible', timeout: timeoutMs }).catch(async () => {
    const seen = await page
      .locator(`${QUICK_INPUT} .quick-input-title`)
      .allInnerTexts()
      .catch(() => []);
    throw new Error(
      `no quick input titled ${title} within ${timeoutMs / 1000} s (visible titles: ${JSON.stringify(seen)})`,
    );
  });
  return {
    title: (await heading.innerText()).trim(),
    rows: (await page.locator(QUICK_ROWS).allInnerTexts()).map((t) => t.trim()),
  };
}

/** Filters the open quick pick by typing `label`, then clicks the row labelled exactly `label`. */
export async function pickQuickItem(page, label) {
  await page.keyboard.type(label);
  const row = quickRow(page, label);
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/** Types into the focused input box, replacing any prefilled value, and confirms with Enter. */
export async function answerInputBox(page, text, { confirm = true } = {}) {
  const input = page.locator(`${QUICK_INPUT} input`);
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  if (confirm) await page.keyboard.press('Enter');
}

/** Closes the editor's suggestion list, which word-based completion may open a moment after typing. */
export async function dismissSuggestions(page) {
  for (let i = 0; i < 3; i++) {
    await sleep(250);
    if (!(await page.locator('.suggest-widget.visible').count())) return;
    await page.keyboard.press('Escape');
  }
}

export function statusBarItem(page, idSuffix) {
  return page.locator(`.statusbar-item[id$="${idSuffix}"]`);
}

export async function statusBarText(page, idSuffix) {
  const item = statusBarItem(page, idSuffix);
  return (await item.count()) ? normalise(await item.first().innerText()) : undefined;
}

/** Waits until the status bar item's text matches `pattern` and returns it. */
export async function waitForStatusBar(page, idSuffix, pattern, { timeoutMs = 30_000 } = {}) {
  let seen;
  try {
    return await waitFor(
      `the status bar item *${idSuffix} to match ${pattern}`,
      async () => {
        seen = await statusBarText(page, idSuffix);
        return seen !== undefined && pattern.test(seen) && seen;
      },
      { timeoutMs },
    );
  } catch (error) {
    throw new Error(`${error.message}; it shows ${JSON.stringify(seen ?? '(no such item)')}`, { cause: error });
  }
}

/**
 * The first notification matching `pattern`, from a toast or else the Notification Center (opened
 * with the bell); the centre is left open so a screenshot shows it: close it with hideNotifications().
 */
export async function waitForNotification(page, pattern, { timeoutMs = 30_000 } = {}) {
  let seen = [];
  try {
    return await waitFor(
      `a notification matching ${pattern}`,
      async () => {
        const toasts = await page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
        const hit = toasts.find((t) => pattern.test(t));
        if (hit) return normalise(hit);
        if (!(await page.locator('.notifications-center.visible').count()))
          await page.locator('#status\\.notifications').click();
        seen = await page.locator('.notifications-center .notification-list-item-message').allInnerTexts();
        const listed = seen.find((t) => pattern.test(t));
        return listed && normalise(listed);
      },
      { timeoutMs, intervalMs: 500 },
    );
  } catch (error) {
    throw new Error(`${error.message}; notifications: ${JSON.stringify(seen)}`, { cause: error });
  }
}

export async function hideNotifications(page) {
  const hide = page.locator('.notifications-center.visible .codicon-notifications-hide');
  if (await hide.count()) await hide.first().click();
}

/** The modal dialog's message; clicks the button labelled `button`. */
export async function answerDialog(page, button, { timeoutMs = 20_000 } = {}) {
  const box = page.locator('.monaco-dialog-box');
  await box.waitFor({ state: 'visible', timeout: timeoutMs });
  const message = normalise(await box.locator('.dialog-message-text').innerText());
  await box.locator('.monaco-button', { hasText: button }).first().click();
  await box.waitFor({ state: 'hidden', timeout: timeoutMs });
  return message;
}

/**
 * Scrolls the element under the mouse with the wheel until `target` sits `top` pixels from the top of
 * the window (works across the notebook's webview, whose scrolling the workbench owns).
 */
export async function scrollIntoView(page, target, { top = 150, anchor = { x: 900, y: 520 }, maxSteps = 80 } = {}) {
  await page.mouse.move(anchor.x, anchor.y);
  let previous;
  let still = 0;
  for (let step = 0; step < maxSteps; step++) {
    const box = await target.boundingBox();
    if (!box) throw new Error('the element to scroll to is not rendered');
    const delta = box.y - top;
    if (Math.abs(delta) < 24) return box;
    still = previous !== undefined && Math.abs(previous - box.y) < 1 ? still + 1 : 0;
    if (still >= 4) return box; // the list cannot scroll further
    previous = box.y;
    await page.mouse.wheel(0, Math.max(-700, Math.min(700, delta)));
    await sleep(120);
  }
  return target.boundingBox();
}

export function normalise(text) {
  return String(text)
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function firstLine(text) {
  return String(text).split('\n')[0];
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
