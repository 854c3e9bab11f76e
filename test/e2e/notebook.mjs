// The notebook editor as a person sees it: cells in a virtualised list (only rows near the viewport
// exist in the DOM), outputs drawn by our renderer inside the notebook's webview (two nested iframes,
// then the renderer's shadow root, which Playwright's CSS locators pierce).
import { normalise, sleep, waitFor } from './workbench.mjs';

const ROWS = '.notebook-editor .monaco-list-row';

/** The renderer's document: the notebook webview's iframe, then its inner active frame. */
export function rendererFrame(page) {
  return page.locator('iframe.webview.ready').first().contentFrame().locator('#active-frame').contentFrame();
}

/** Cell rows currently rendered, with their 1-based position and the notebook's cell count (aria). */
export async function renderedCells(page) {
  return page.locator(ROWS).evaluateAll((rows) =>
    rows.map((row) => ({
      position: Number(row.getAttribute('aria-posinset')),
      count: Number(row.getAttribute('aria-setsize')),
      kind: row.classList.contains('code-cell-row')
        ? 'code'
        : row.classList.contains('markdown-cell-row')
          ? 'markdown'
          : 'other',
    })),
  );
}

export function cellRow(page, position) {
  return page.locator(`${ROWS}[aria-posinset="${position}"]`);
}

/** The source text of a rendered code cell, as the editor shows it. */
export async function cellText(page, position) {
  const lines = await cellRow(page, position).locator('.view-lines .view-line').allTextContents();
  return lines.map((line) => line.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
}

/** "Cell 3 of 8" from the status bar: where the notebook's focus is. */
export async function activeCellStatus(page) {
  const item = page.locator('#notebook\\.activeCellStatus');
  return (await item.count()) ? normalise(await item.innerText()) : '';
}

/**
 * Moves the notebook's focus to cell `position` with the keyboard (command mode: Home, then Down),
 * which also scrolls it into view; the status bar's "Cell N of M" confirms it.
 */
export async function focusCell(page, position, { total }) {
  await waitFor(
    `the notebook focus on cell ${position} ("Cell ${position} of ${total}" in the status bar)`,
    async () => {
      const spot = await visibleCellSpot(page);
      if (!spot) throw new Error("no code cell's status bar is visible");
      await page.mouse.click(spot.x, spot.y);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Home');
      for (let i = 1; i < position; i++) await page.keyboard.press('ArrowDown');
      await sleep(200);
      return (await activeCellStatus(page)) === `Cell ${position} of ${total}`;
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
}

// An empty spot of a visible code cell's status bar: a click there selects the cell. (The left margin
// looks safer but collapses the cell's input.)
async function visibleCellSpot(page) {
  const viewport = page.viewportSize() ?? { height: 900 };
  const list = await page.locator('.notebook-editor .monaco-list').first().boundingBox();
  if (!list) return undefined;
  const bottom = Math.min(list.y + list.height, viewport.height);
  for (const bar of await page.locator(`${ROWS}.code-cell-row .cell-statusbar-container`).all()) {
    const box = await bar.boundingBox();
    if (box && box.height > 0 && box.y >= list.y && box.y + box.height <= bottom)
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }
  return undefined;
}

/** Clicks the ▷ (Execute Cell) button of cell `position`, which must be rendered. */
export async function runCellWithMouse(page, position) {
  const row = cellRow(page, position);
  await row.hover();
  const button = row.locator('.run-button-container .codicon-notebook-execute');
  await button.waitFor({ state: 'visible', timeout: 10_000 });
  await button.click();
}

/** Clicks "Run All" in the notebook toolbar. */
export async function clickRunAll(page) {
  const runAll = page.locator('.notebook-toolbar-container .action-item', { hasText: /^\s*Run All\s*$/ }).first();
  await runAll.waitFor({ state: 'visible', timeout: 20_000 });
  await runAll.click();
}

/**
 * Every rendered response: status, outcome, environment, request line and body-tree text. Outputs are
 * created as their cells come near the viewport and then stay in the webview, so callers walk the cells.
 */
export async function responses(page) {
  const frame = rendererFrame(page);
  return frame.locator('[data-testid=response]').evaluateAll((nodes) =>
    nodes.map((node) => {
      const text = (id) => node.querySelector(`[data-testid=${id}]`)?.textContent?.trim() ?? '';
      return {
        status: text('status'),
        outcome: node.querySelector('[data-testid=outcome]')?.getAttribute('data-outcome') ?? '',
        environment: text('environment'),
        requestLine: text('request-line').replace(/\s+/g, ' '),
        body: text('body-tree'),
        problemTitle: text('problem-title'),
        problemDetail: text('problem-detail'),
        problemHint: text('problem-hint'),
        action: text('failure-action'),
        label: text('label'),
        client: text('client'),
      };
    }),
  );
}

/**
 * Walks the focus over every cell until `done(responses)` holds (outputs then exist in the webview),
 * walking again while cells are still running.
 */
export async function collectResponses(page, { total, done, timeoutMs = 120_000 }) {
  let seen = [];
  try {
    return await waitFor(
      "every cell's response to be rendered",
      async () => {
        for (let position = 1; position <= total; position++) {
          await focusCell(page, position, { total });
          seen = await responses(page);
          if (done(seen)) return seen;
        }
        return false;
      },
      { timeoutMs, intervalMs: 1000 },
    );
  } catch (error) {
    throw new Error(`${error.message}; rendered statuses: ${JSON.stringify(seen.map((r) => r.status))}`, {
      cause: error,
    });
  }
}
