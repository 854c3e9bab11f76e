/**
 * Opens the runner's HTML report in headless Chromium (Debian's, driven by playwright-core), as a file and
 * served with Jenkins' default Content-Security-Policy, and checks what a reader sees. Skipped when no
 * Chromium is installed. Set RENDERER_SCREENSHOTS=<dir> to also save pictures of both.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { htmlReport } from '../../src/cli/reporters/html';
import { mixedReport } from '../fixtures/runReports';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** What Jenkins sends with archived artifacts unless an administrator relaxes it. */
const JENKINS_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'self';";

describe('the HTML report in a browser (headless Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let scratch: string;
  let server: Server;
  let file: string;
  const html = htmlReport(mixedReport());

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    scratch = mkdtempSync(path.join(tmpdir(), 'akkuro-html-report-'));
    file = path.join(scratch, 'report.html');
    writeFileSync(file, html);
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': JENKINS_CSP });
      res.end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      env: { ...process.env, HOME: scratch, XDG_CONFIG_HOME: path.join(scratch, 'config') },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    server?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  async function open(url: string, name: string) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
    const console: string[] = [];
    page.on('console', (m) => console.push(m.text()));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url);
    const shots = process.env.RENDERER_SCREENSHOTS;
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, `html-report-${name}.png`), fullPage: true });
    }
    return { page, console, requests };
  }

  it('as a file: styled, failures first and open, nothing loaded, nothing refused', async () => {
    const { page, console, requests } = await open(`file://${file}`, 'file');
    assert.deepEqual(console, [], 'no CSP violation or error');
    assert.deepEqual(requests, [`file://${file}`], 'the page loads nothing else');
    assert.equal(await page.title(), '✘ 2 passed, 2 failed, 1 skipped · akkuro-nb report');
    const red = await page.evaluate<string>(
      "getComputedStyle(document.querySelector('details.cell.failed .mark')).color",
    );
    assert.notEqual(red, 'rgb(0, 0, 0)', 'the inline style sheet applies');
    assert.ok(await page.getByText('expected status 201 but it was 404').first().isVisible(), 'a failed cell is open');
    assert.equal(await page.locator('details.cell.passed[open]').count(), 0, 'passed cells are collapsed');
    await page.close();
  });

  it("under Jenkins' Content-Security-Policy: no script to block, and still readable without its styles", async () => {
    const address = server.address() as AddressInfo;
    const { page, console } = await open(`http://127.0.0.1:${address.port}/report.html`, 'jenkins-csp');
    const refused = console.filter((m) => /Content Security Policy/i.test(m));
    assert.ok(
      refused.every((m) => /style/i.test(m)),
      `only the inline style sheet may be refused:\n${refused.join('\n')}`,
    );
    const text = await page.locator('body').innerText();
    assert.match(text, /✘ akkuro-nb report/);
    assert.match(text, /2 passed, 2 failed, 1 skipped/);
    assert.match(text, /Failures \(2\)/);
    assert.match(text, /✘ failed · cell 3 party/);
    assert.ok(await page.getByText('expected status 201 but it was 404').first().isVisible());
    await page.close();
  });
});
