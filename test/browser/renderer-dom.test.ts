/**
 * Draws the fixtures with the real renderer bundle in headless Chromium (Debian's, driven by playwright-core)
 * and checks what a user sees and what the renderer posts. Skipped when no Chromium is installed.
 * Set RENDERER_SCREENSHOTS=<dir> to also save a picture of each fixture.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import type { ResponseModel, RunResult } from '../../src/contract/response';
import { checkContract } from '../../src/core/openapi/contractCheck';
import { SchemaValidator } from '../../src/core/openapi/schemaValidate';
import { SpecIndex } from '../../src/core/openapi/specIndex';
import { loadSpecFile } from '../../src/core/openapi/specLoad';
import { rendererFixtures } from '../fixtures/renderer-fixtures';
import { COMMANDS, RESPONSE_MIME } from '../../src/contract/ids';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A subset of VS Code's Dark Modern colours, so the page looks like a notebook output. */
const THEME = `
  --vscode-foreground:#cccccc; --vscode-descriptionForeground:#9d9d9d; --vscode-font-family:system-ui,sans-serif; --vscode-font-size:13px;
  --vscode-editor-font-family:'DejaVu Sans Mono',monospace; --vscode-editor-font-size:13px; --vscode-textLink-foreground:#4daafc;
  --vscode-textLink-activeForeground:#4daafc; --vscode-button-background:#0078d4; --vscode-button-foreground:#ffffff;
  --vscode-button-hoverBackground:#026ec1; --vscode-button-secondaryBackground:#313131; --vscode-button-secondaryForeground:#cccccc;
  --vscode-button-secondaryHoverBackground:#3c3c3c; --vscode-panel-border:#2b2b2b; --vscode-focusBorder:#0078d4;
  --vscode-testing-iconPassed:#73c991; --vscode-editorWarning-foreground:#cca700; --vscode-errorForeground:#f85149;
  --vscode-editorInfo-foreground:#3794ff; --vscode-badge-background:#616161; --vscode-badge-foreground:#f8f8f8;
  --vscode-textCodeBlock-background:#2b2b2b; --vscode-textBlockQuote-background:#2b2b2b; --vscode-list-hoverBackground:#2a2d2e;
  --vscode-panelTitle-activeForeground:#cccccc; --vscode-panelTitle-inactiveForeground:#9d9d9d; --vscode-panelTitle-activeBorder:#0078d4;
  --vscode-tree-indentGuidesStroke:#585858; --vscode-debugTokenExpression-name:#c586c0; --vscode-debugTokenExpression-string:#ce9178;
  --vscode-debugTokenExpression-number:#b5cea8; --vscode-debugTokenExpression-boolean:#4e94ce; --vscode-editorLineNumber-foreground:#6e7681;`;

/** Page-side helpers, as plain script so this file needs no DOM types. */
interface Harness {
  start(messaging: boolean): void;
  /** Renders output JSON text into the element with this id (made if missing); returns the time taken in ms. */
  render(json: string, id: string): number;
  count(id: string, selector: string): number;
  /** The visible text of the focused element inside an output. */
  focusedText(id: string): string | undefined;
  messages: unknown[];
}

const HARNESS = `
  globalThis.start = (messaging) => {
    globalThis.messages = [];
    globalThis.api = AkkuroRenderer.activate({
      workspace: { isTrusted: true }, getState: () => undefined, setState: () => undefined, getRenderer: async () => undefined,
      ...(messaging ? { postMessage: (m) => globalThis.messages.push(m) } : {}),
    });
  };
  globalThis.render = (json, id) => {
    let el = document.getElementById(id);
    if (!el) { el = document.createElement('div'); el.id = id; document.body.append(el); }
    const t0 = performance.now();
    globalThis.api.renderOutputItem({ id, mime: '${RESPONSE_MIME}', text: () => json, json: () => JSON.parse(json), metadata: {} }, el);
    return performance.now() - t0;
  };
  globalThis.count = (id, selector) => document.getElementById(id).shadowRoot.querySelectorAll(selector).length;
  globalThis.focusedText = (id) => document.getElementById(id).shadowRoot.activeElement?.getAttribute('aria-label') ?? document.getElementById(id).shadowRoot.activeElement?.innerText;
`;

describe('renderer in a browser', function () {
  // Chromium shares two cores with everything else running; give it room.
  this.timeout(60_000);
  let browser: Browser | undefined;
  let page: Page;
  let bundle = '';

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    const out = await build({
      entryPoints: [path.join(__dirname, '../../src/renderer/index.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'AkkuroRenderer',
      platform: 'browser',
      loader: { '.css': 'text' },
      logLevel: 'silent',
    });
    bundle = out.outputFiles[0].text;
    // Chromium's profile, caches and dconf go to a scratch folder, never into $HOME.
    scratch = mkdtempSync(path.join(tmpdir(), 'akkuro-renderer-dom-'));
    const env = {
      ...process.env,
      HOME: scratch,
      XDG_CONFIG_HOME: path.join(scratch, 'config'),
      XDG_CACHE_HOME: path.join(scratch, 'cache'),
      XDG_DATA_HOME: path.join(scratch, 'data'),
    };
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      env,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });
  let scratch = '';

  /** A fresh page with the renderer activated; `messaging` false mimics a webview without postMessage. */
  async function open(messaging = true): Promise<void> {
    page = await browser!.newPage({ viewport: { width: 900, height: 700 } });
    await page.setContent(
      `<!doctype html><html><head><style>html{${THEME}} body{background:#1f1f1f;margin:12px}</style></head><body></body></html>`,
    );
    await page.addScriptTag({ content: bundle });
    await page.addScriptTag({ content: HARNESS });
    await page.evaluate((withMessaging) => (globalThis as unknown as Harness).start(withMessaging), messaging);
  }

  /** Renders into a new element with the given id; returns how long renderOutputItem took (ms). */
  async function render(result: unknown, id = 'out1'): Promise<number> {
    return page.evaluate(
      ([value, itemId]) => (globalThis as unknown as Harness).render(JSON.stringify(value), itemId),
      [result, id] as const,
    );
  }

  const messages = (): Promise<unknown[]> => page.evaluate(() => (globalThis as unknown as Harness).messages);
  const tid = (id: string) => page.getByTestId(id);

  async function shoot(name: string): Promise<void> {
    const dir = process.env.RENDERER_SCREENSHOTS;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  }

  afterEach(async () => {
    await page?.close();
  });

  it('draws a 2xx JSON response with a lazy tree, as text only', async () => {
    await open();
    await render(rendererFixtures.okJson);
    assert.equal(await tid('status').textContent(), '201 Created');
    assert.equal(await tid('outcome').getAttribute('data-outcome'), 'passed');
    assert.equal(
      await tid('size').textContent(),
      `${rendererFixtures.okJson.kind === 'response' && rendererFixtures.okJson.body.size} B`,
    );
    assert.equal(await tid('tab-body').getAttribute('aria-selected'), 'true');
    const tree = tid('body-tree');
    await tree.getByText('"Jane Doe"', { exact: true }).waitFor();
    // The HTML in a string value stays text: no <img> element is made.
    assert.equal(await page.evaluate(() => (globalThis as unknown as Harness).count('out1', 'img')), 0);
    await tree.getByText('"<img src=x onerror=\\"alert(1)\\"> must appear as text"').waitFor();
    // Depth 2 ($.addresses[0]) starts closed, so its fields do not exist yet.
    assert.equal(await tree.getByText('"Keizersgracht 1"', { exact: true }).count(), 0);
    await tree
      .getByRole('treeitem', { name: /^0: \{kind: "residential"/ })
      .locator('.twisty')
      .click();
    await tree.getByText('"Keizersgracht 1"', { exact: true }).waitFor();
    await shoot('okJson');
    const streetRow = tree.getByRole('treeitem', { name: 'street: "Keizersgracht 1"', exact: true });
    await streetRow.hover();
    await streetRow.getByRole('button', { name: 'copy path' }).click();
    assert.deepEqual(await messages(), [{ type: 'copy', text: '$.addresses[0].street' }]);
    await tid('collapse-all').click();
    assert.equal(await tree.getByText('"Keizersgracht 1"', { exact: true }).isVisible(), false);
    assert.equal(await tree.getByText('"Jane Doe"', { exact: true }).isVisible(), true, 'the top level stays open');
    await tid('expand-all').click();
    assert.equal(await tree.getByText('52.37', { exact: true }).isVisible(), true);
  });

  it("is one tab stop with arrow keys, and the focused row's copy buttons come next", async () => {
    await open();
    await render(rendererFixtures.okJson);
    const tree = tid('body-tree');
    await tid('collapse-all').focus();
    await page.keyboard.press('Tab');
    if (!(await tree.getByRole('treeitem', { name: /^\$: / }).evaluate((el) => el === el.getRootNode().activeElement)))
      await page.keyboard.press('Tab'); // past "Copy body"
    const focused = () => page.evaluate(() => (globalThis as unknown as Harness).focusedText('out1'));
    assert.match((await focused()) ?? '', /^\$: \{/);
    await page.keyboard.press('ArrowDown');
    assert.equal(await focused(), 'referenceId: "cp-000123"');
    await page.keyboard.press('End');
    assert.match((await focused()) ?? '', /^notes: /);
    for (let i = 0; i < 20 && !/^addresses: /.test((await focused()) ?? ''); i++) await page.keyboard.press('ArrowUp');
    assert.match((await focused()) ?? '', /^addresses: /);
    const addresses = tree.getByRole('treeitem', { name: /^addresses: / });
    assert.equal(await addresses.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await addresses.getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.match((await focused()) ?? '', /^0: \{kind: "residential"/);
    assert.equal(await tree.getByRole('treeitem', { name: /^0: \{kind/ }).getAttribute('aria-level'), '3');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'copy value');
    await page.keyboard.press('Enter');
    assert.deepEqual(await messages(), [
      {
        type: 'copy',
        text: JSON.stringify(
          JSON.parse((rendererFixtures.okJson as { body: { text: string } }).body.text).addresses[0],
          null,
          2,
        ),
      },
    ]);
  });

  it('opens failed assertions first, and tabs work from the keyboard', async () => {
    await open();
    await render(rendererFixtures.assertionFailures);
    assert.equal(await tid('tab-assertions').getAttribute('aria-selected'), 'true');
    assert.equal(await tid('assertion-summary').textContent(), '3 of 4 passed');
    assert.equal(await tid('assertion-row').count(), 4);
    assert.equal(await page.locator('[data-testid="assertion-row"][data-passed="false"]').count(), 1);
    await shoot('assertionFailures');
    await tid('tab-body').focus();
    await page.keyboard.press('Enter');
    assert.equal(await tid('panel-body').isVisible(), true);
    assert.equal(await tid('panel-assertions').isVisible(), false);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    assert.equal(await tid('tab-headers').getAttribute('aria-selected'), 'true');
    assert.match(
      (await tid('headers-table').textContent()) ?? '',
      /location\/counterparty-management\/counterparties\/cp-000123/,
    );
    await page.keyboard.press('ArrowRight');
    assert.equal(await tid('tab-request').getAttribute('aria-selected'), 'true');
    assert.match((await tid('request-headers').textContent()) ?? '', /authorizationBearer ‹redacted›/);
  });

  it('lists failing schema checks by JSON path in the Assertions tab', async () => {
    // The assertions come from the real check of a response against the fixture spec, as a run makes them.
    const spec = await loadSpecFile(path.join(__dirname, '../fixtures/openapi/parties.yaml'), 'parties.yaml', (p) =>
      readFile(p, 'utf8'),
    );
    assert.ok(spec.ok);
    const body = { referenceId: 'cp-1', name: 42, type: 'robot', address: { kind: 'home' }, createdAt: 'today' };
    const base = rendererFixtures.okJson as ResponseModel;
    const schema = await checkContract(
      { index: new SpecIndex([spec.spec]), validator: new SchemaValidator() },
      {
        method: 'GET',
        url: '/counterparty-management/counterparties/cp-1',
        baseUrl: base.environment.baseUrl,
        apiVersion: '2025.1.0',
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify(body),
        asked: true,
      },
    );
    const targets = schema.map((a) => a.target).sort();
    assert.deepEqual(targets, ['schema $.address.city', 'schema $.createdAt', 'schema $.name', 'schema $.type']);
    const model: ResponseModel = {
      ...base,
      outcome: 'failed',
      status: 200,
      statusText: 'OK',
      request: {
        ...base.request,
        method: 'GET',
        url: `${base.environment.baseUrl}/counterparty-management/counterparties/cp-1`,
      },
      body: { ...base.body, text: JSON.stringify(body), size: JSON.stringify(body).length },
      assertions: [base.assertions[0], ...schema].map((a, i) =>
        i === 0 ? { ...a, expected: 200, actual: 200, message: 'status is 200' } : a,
      ),
    };
    await open();
    await render(model);
    assert.equal(await tid('tab-assertions').getAttribute('aria-selected'), 'true');
    assert.equal(await tid('assertion-summary').textContent(), '1 of 5 passed');
    const failed = page.locator('[data-testid="assertion-row"][data-passed="false"]');
    assert.equal(await failed.count(), 4);
    const rows = (await failed.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).sort();
    const name = rows.find((r) => r.includes('schema $.name'));
    assert.match(
      name ?? '',
      /^✗ schema \$\.name schema "GET \/counterparty-management\/counterparties\/\{id\} → 200" "\$\.name" \$\.name must be a string but is an integer \(42\)$/,
    );
    assert.match(
      rows.find((r) => r.includes('schema $.address.city')) ?? '',
      /\$\.address\.city is required but missing/,
    );
    assert.match(
      rows.find((r) => r.includes('schema $.type')) ?? '',
      /\$\.type must be one of "person", "organisation"/,
    );
    assert.match(rows.find((r) => r.includes('schema $.createdAt')) ?? '', /\$\.createdAt must be a valid date-time/);
    await shoot('schemaFailures');
  });

  it('shows the pages of a paginate cell: the summary, the merged items, one row per request with its wait', async () => {
    await open();
    await render(rendererFixtures.pages);
    assert.equal(await tid('sequence-summary').textContent(), '3 pages · 250 items (total 250)');
    assert.equal(await tid('tab-body').getAttribute('aria-selected'), 'true');
    await tid('body-tree').getByText('250 items', { exact: false }).first().waitFor();
    assert.equal(await tid('tab-sequence').textContent(), 'Pages4');
    await tid('tab-sequence').click();
    assert.equal(await tid('sequence-row').count(), 4);
    const retry = tid('sequence-row').nth(2);
    assert.match(
      (await retry.textContent()) ?? '',
      /page 2 · retry 1200 OK99 ms1\.00 s \(Retry-After after 429\)100 items/,
    );
    assert.equal(await tid('sequence-row').nth(1).getAttribute('data-ok'), 'false');
    await shoot('pages');
  });

  it('shows the attempts of a polling cell, and the failed until first', async () => {
    await open();
    await render(rendererFixtures.pollingFailed);
    assert.equal(await tid('tab-assertions').getAttribute('aria-selected'), 'true');
    assert.match((await tid('assertion-row').textContent()) ?? '', /until not met after 3 attempts/);
    await tid('tab-sequence').click();
    assert.equal(await tid('tab-sequence').textContent(), 'Attempts3');
    assert.match(
      (await tid('sequence-row').nth(2).textContent()) ?? '',
      /attempt 3.*5\.00 s \(every 5 s\)\$\.status = "Pending"/,
    );
  });

  it('puts a problem card above a problem+json body', async () => {
    await open();
    await render(rendererFixtures.problem403);
    assert.equal(await tid('status').textContent(), '403 Forbidden');
    assert.equal(await tid('protected-badge').textContent(), 'protected');
    assert.equal(await tid('problem-title').textContent(), 'Forbidden');
    assert.match((await tid('problem-card').textContent()) ?? '', /grantedDomains\["\/counterparty-management"\]/);
    assert.equal(await tid('notes').textContent(), 'Production environment: confirmed before sending.');
    assert.equal(await tid('environment').textContent(), 'prod-euprotected');
    assert.equal(await tid('label').textContent(), 'label yourlabel');
    assert.equal(await tid('client').textContent(), 'client onboarding');
    assert.match((await tid('problem-hint').textContent()) ?? '', /declared for client "collateral"/);
    await tid('problem-card').getByTestId('failure-action').click();
    assert.deepEqual(await messages(), [
      {
        type: 'runCommand',
        command: COMMANDS.useClient,
        args: [{ cell: 'vscode-notebook-cell:/nb#c1', client: 'collateral' }],
      },
    ]);
    await shoot('problem403');
  });

  it('draws JSON Lines as numbered rows', async () => {
    await open();
    await render(rendererFixtures.jsonl);
    const lines = tid('body-lines').getByRole('treeitem');
    assert.equal(await lines.count(), 4);
    assert.deepEqual(await page.locator('.line-number').allTextContents(), ['1', '2', '3', '5']);
    assert.equal((await lines.nth(2).textContent())?.replace(/copy value.*/, ''), '3 this line is not JSON');
    assert.equal(
      await lines.nth(0).locator('.preview').textContent(),
      '{line: 1, referenceId: "cp-1", result: "created"}',
    );
    await lines.nth(0).locator('.line-number').click();
    assert.equal(await tid('body-lines').getByText('"cp-1"', { exact: true }).isVisible(), true);
    await shoot('jsonl');
  });

  it('offers the full body of a cut-short 5 MB response', async () => {
    await open();
    await render(rendererFixtures.truncated5MB);
    assert.match((await tid('size').textContent()) ?? '', /^showing first 256\.\d KB of 5\.0 MB$/);
    assert.match((await tid('body-reason').textContent()) ?? '', /start of a larger JSON body/);
    await tid('open-full-response').click();
    assert.deepEqual(await messages(), [{ type: 'openFullResponse', fullBodyId: 'full-body-7' }]);
    await shoot('truncated5MB');
  });

  it('shows a failure with its action, which posts runCommand', async () => {
    await open();
    await render(rendererFixtures.notSignedIn);
    assert.equal(await tid('failure-title').textContent(), 'Not signed in to uat-eu');
    assert.equal(await tid('failure-card').getAttribute('data-category'), 'not-signed-in');
    await tid('failure-action').click();
    assert.deepEqual(await messages(), [{ type: 'runCommand', command: COMMANDS.authenticate, args: ['uat-eu'] }]);
    await shoot('notSignedIn');
    await render(rendererFixtures.cellProblems, 'out2');
    assert.deepEqual(await page.locator('#out2').getByTestId('failure-diagnostics').locator('li').allTextContents(), [
      'line 3, column 1: unknown key "heders": did you mean "headers"?',
      'line 2, column 1: two method keys: GET and POST; keep one',
    ]);
  });

  it("marks an earlier run from the history, and Runs… asks the extension for the cell's runs", async () => {
    await open();
    const ranAt = '2025-03-14T09:26:53.000Z';
    await render({ ...rendererFixtures.okJson, runId: 'run-1', earlier: { ranAt } });
    assert.match((await tid('earlier').textContent()) ?? '', /^earlier run · /);
    assert.match((await tid('earlier').getAttribute('title')) ?? '', /Run the cell to see a new one/);
    await tid('run-history').click();
    assert.deepEqual(await messages(), [
      { type: 'runCommand', command: COMMANDS.showRunHistory, args: [{ runId: 'run-1' }] },
    ]);
    await shoot('earlierRun');
    await render({ ...rendererFixtures.notSignedIn, runId: 'run-2', earlier: { ranAt } }, 'out2');
    assert.equal(await page.locator('#out2').getByTestId('earlier').count(), 1, 'failures are marked too');
    await render(rendererFixtures.okJson, 'out3');
    assert.equal(await page.locator('#out3').getByTestId('earlier').count(), 0);
    assert.equal(await page.locator('#out3').getByTestId('run-history').count(), 0, 'no run id, no action');
  });

  it('works without messaging: buttons explain themselves instead of failing', async () => {
    await open(false);
    await render(rendererFixtures.truncated5MB);
    assert.equal(await tid('open-full-response').isDisabled(), true);
    await render(rendererFixtures.notSignedIn, 'out2');
    assert.match(
      (await page.locator('#out2').getByTestId('failure-action').getAttribute('title')) ?? '',
      /Command Palette/,
    );
  });

  it('re-renders into the same element and survives unreadable outputs', async () => {
    await open();
    await render({ kind: 'nonsense' });
    assert.match((await tid('render-error').textContent()) ?? '', /its kind is "nonsense"/);
    await page.evaluate(() => (globalThis as unknown as Harness).render('{', 'out1'));
    assert.match((await tid('render-error').textContent()) ?? '', /not valid JSON/);
    assert.equal(await tid('render-error').count(), 1);
  });

  it('shows empty arrays and objects as [] and {}', async () => {
    await open();
    const text = JSON.stringify({ items: [], meta: {}, total: 0 });
    const ok = rendererFixtures.okJson as Extract<RunResult, { kind: 'response' }>;
    await render({ ...ok, body: { ...ok.body, text, size: text.length } });
    const rows = await tid('body-tree').getByRole('treeitem').allTextContents();
    assert.deepEqual(
      rows.slice(1).map((r) => r.replace(/copy value.*$/, '')),
      ['items: []', 'meta: {}', 'total: 0'],
    );
  });

  it('stops Expand all at its row budget and says so, drawing only what is in sight', async () => {
    await open();
    const grid = Array.from({ length: 300 }, (_, i) => Array.from({ length: 300 }, (_, j) => i * 300 + j));
    const text = JSON.stringify(grid);
    const ok = rendererFixtures.okJson as Extract<RunResult, { kind: 'response' }>;
    await render({ ...ok, body: { ...ok.body, text, size: text.length } });
    await tid('expand-all').click();
    assert.match((await tid('body-view-status').textContent()) ?? '', /Expanded as much as stays responsive/);
    const drawn = await page.locator('.row').count();
    assert.ok(drawn > 20 && drawn < 100, `${drawn} rows in the page`);
  });

  it('explores a whole 5 MB body: virtualised rows, search that reveals, copy path of what it found', async () => {
    await open();
    const items = Array.from({ length: 12_000 }, (_, i) => ({
      referenceId: `cp-${String(i).padStart(6, '0')}`,
      name: `Party ${i}`,
      addresses: [{ street: `Street ${i}`, city: i === 11_234 ? 'Zwolle' : 'Amsterdam' }],
      notes: 'x'.repeat(300),
    }));
    const text = JSON.stringify({ total: items.length, items });
    assert.ok(text.length > 5_000_000, `${text.length}`);
    const ok = rendererFixtures.okJson as Extract<RunResult, { kind: 'response' }>;
    const big: RunResult = { ...ok, body: { ...ok.body, text, size: text.length }, fullBodyId: 'full-9' };
    const ms = await render(big);
    console.log(`      browser: ${(text.length / 1e6).toFixed(2)} MB JSON drawn in ${ms.toFixed(0)} ms`);
    const tree = tid('body-tree');
    // `items` opens on first draw: its 12,000 records show as 12 groups of 1,000.
    const record = tree.getByRole('treeitem', { name: /^\[0 … 999\]/ });
    assert.equal(await record.getAttribute('aria-setsize'), '12', '12,000 records in 12 groups of 1,000');
    await tid('tree-search').fill('zwolle');
    await tree.getByRole('treeitem', { name: 'city: "Zwolle"', exact: true }).waitFor();
    assert.equal(await tid('tree-search-status').textContent(), '1 of 1');
    const found = tree.getByRole('treeitem', { name: 'city: "Zwolle"', exact: true });
    assert.match((await found.getAttribute('class')) ?? '', /\bcurrent\b/);
    await found.hover();
    await found.getByRole('button', { name: 'copy path' }).click();
    assert.deepEqual(await messages(), [{ type: 'copy', text: '$.items[11234].addresses[0].city' }]);
    const drawn = await page.locator('.row').count();
    assert.ok(drawn < 100, `${drawn} rows in the page`);
    await tid('tree-search').fill('Street 77');
    await page.getByText(/^1 of 111$/).waitFor();
    await tid('tree-search').press('Enter');
    assert.equal(await tid('tree-search-status').textContent(), '2 of 111');
    assert.equal(
      await tid('open-full-response').isVisible(),
      true,
      'a body larger than a preview still opens in an editor',
    );
    await shoot('search5MB');
  });
});
