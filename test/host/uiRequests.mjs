// What an extension-host test cannot do through the API but a person does in the workbench: trust the
// workspace, see what a modal dialog asked, read what the UI shows. A test asks by logging one line,
// `akkuro-host-request:{"action":…,"reply":"<abs path>",…}` (see test/extension/uiRequest.ts); the runner,
// which sees the extension host's console, does it in the page and writes `{ ok, value | error }` to `reply`.
// Enabled only for runs started with --workspace-trust (the first-contact suite).
import fs from 'node:fs';

export const UI_REQUEST_PREFIX = 'akkuro-host-request:';

const ACTIONS = {
  // No command or setting trusts a workspace while its window is open: the Restricted Mode status item
  // opens the Workspace Trust editor, whose "Trust" button does it.
  async 'trust-workspace'(page) {
    await page.locator('.statusbar-item[id$="status.workspaceTrust"]').click({ timeout: 20_000 });
    await page
      .locator('.monaco-button', { hasText: /^Trust$/ })
      .first()
      .click({ timeout: 20_000 });
    return 'trusted';
  },
  /**
   * Waits until the workbench's console has logged a line containing `text` (since the page opened) and
   * returns it. Extension tests cannot see modal dialogs: in a test run the workbench refuses to show
   * them and logs their text instead.
   */
  async 'console-line'(page, { text, timeoutMs = 20_000 }, { browserLog }) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const line = readLines(browserLog).find((l) => l.includes(text) && !l.includes(UI_REQUEST_PREFIX));
      if (line) return line;
      if (Date.now() > end) throw new Error(`the workbench logged no line containing "${text}"`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  },
  /** The text of every element matching `selector` (e.g. the cell status bars), after `waitMs`. */
  async texts(page, { selector, waitMs = 0 }) {
    if (waitMs) await new Promise((resolve) => setTimeout(resolve, waitMs));
    return (await page.locator(selector).allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' ').trim());
  },
};

// The workbench may pass one console line on more than once; each request (named by its reply file) runs once.
const handled = new Set();

function readLines(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n');
  } catch {
    return [];
  }
}

/**
 * Handles one console line if it is a request; returns true when it was one.
 * @param {{ browserLog: string }} files the runner's log of the page's console
 */
export function handleUiRequest(page, line, say, files) {
  const at = line.indexOf(UI_REQUEST_PREFIX);
  if (at === -1) return false;
  let request;
  try {
    request = JSON.parse(line.slice(at + UI_REQUEST_PREFIX.length).trim());
  } catch {
    say(`ignored a malformed UI request: ${line.slice(at, at + 200)}`);
    return true;
  }
  if (handled.has(request.reply)) return true;
  handled.add(request.reply);
  const action = ACTIONS[request.action];
  // Written whole, then renamed: the test polls for the file and must never read half of it.
  const reply = (answer) => {
    if (typeof request.reply !== 'string') return;
    fs.writeFileSync(`${request.reply}.part`, JSON.stringify(answer));
    fs.renameSync(`${request.reply}.part`, request.reply);
  };
  if (!action) {
    reply({ ok: false, error: `unknown UI request "${request.action}" (known: ${Object.keys(ACTIONS).join(', ')})` });
    return true;
  }
  void action(page, request, files).then(
    (value) => {
      say(`UI request "${request.action}" done`);
      reply({ ok: true, value });
    },
    (error) => {
      say(`UI request "${request.action}" failed: ${error.message}`);
      reply({ ok: false, error: error.message });
    },
  );
  return true;
}
