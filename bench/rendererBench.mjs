// The notebook renderer on a 5 MB JSON response, in headless Chromium (Debian's, driven by playwright-core):
// the output is the one VS Code would hand the webview (bench/rendererFixture.ts builds it with the core's body
// model at the editor's default limits). Each round is a fresh page; the figures are times from an action to the
// frame that shows it, the longest main-thread task (PerformanceObserver 'longtask'), the JS heap after a
// garbage collection (CDP) and the number of elements in the output.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MIME = 'application/vnd.akkuro.response+json';

// Runs in the page. Every step returns the time from its action to the frame after it.
const HARNESS = `
  globalThis.longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) globalThis.longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const shadow = () => document.getElementById('out').shadowRoot;
  const row = (label) => [...shadow().querySelectorAll('[role=treeitem]')].find((r) => r.getAttribute('aria-label').startsWith(label));
  const timed = async (action, until) => {
    const t0 = performance.now();
    action();
    await frame();
    if (until) while (!until()) await frame();
    return performance.now() - t0;
  };
  globalThis.bench = {
    async firstPaint() {
      const api = AkkuroRenderer.activate({ workspace: { isTrusted: true }, getState: () => undefined, setState: () => undefined, getRenderer: async () => undefined, postMessage: () => undefined });
      const el = document.createElement('div');
      el.id = 'out';
      document.body.append(el);
      const output = globalThis.outputText;
      return timed(() => api.renderOutputItem({ id: 'out', mime: '${MIME}', text: () => output, json: () => JSON.parse(output), metadata: {} }, el),
        () => shadow()?.querySelector('[role=treeitem], pre'));
    },
    expandItems: () => timed(() => row('items:').querySelector('.twisty').click(), () => row('9:')),
    scrollMiddle: () => timed(() => { const t = shadow().querySelector('.tree'); t.scrollTop = t.scrollHeight / 2; }, () => row('50')),
    expandRecord: () => timed(() => { const r = [...shadow().querySelectorAll('[role=treeitem][aria-level="3"]')][5]; r.querySelector('.twisty').click(); }),
    search: () => {
      const input = shadow().querySelector('input.search');
      const status = shadow().querySelector('.search-status');
      return timed(() => {
        input.value = 'cp-009876';
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      }, () => status.textContent === '1 of 1' && row('referenceId: "cp-009876"'));
    },
    expandAll: () => timed(() => shadow().querySelector('[data-testid=expand-all]').click()),
    collapseAll: () => timed(() => shadow().querySelector('[data-testid=collapse-all]').click()),
    elements: () => shadow().querySelectorAll('*').length,
    view: () => (shadow().querySelector('[role=treeitem]') ? 'tree' : shadow().querySelector('pre') ? 'text' : 'other'),
  };
`;

/** @param {{ root: string, tmp: string, rounds: number }} o */
export async function rendererBench(o) {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM}` };
  const bundle = await esbuild.build({
    entryPoints: [path.join(o.root, 'src/renderer/index.ts')],
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    globalName: 'AkkuroRenderer',
    platform: 'browser',
    loader: { '.css': 'text' },
    logLevel: 'error',
  });
  const fixtureFile = path.join(o.tmp, 'rendererFixture.cjs');
  await esbuild.build({
    entryPoints: [path.join(o.root, 'bench/rendererFixture.ts')],
    outfile: fixtureFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
  });
  const fixture = createRequire(import.meta.url)(fixtureFile).outputJson();
  const { chromium } = await import('playwright-core');
  const scratch = path.join(o.tmp, 'chromium');
  mkdirSync(scratch, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, HOME: scratch, XDG_CONFIG_HOME: scratch, XDG_CACHE_HOME: scratch, XDG_DATA_HOME: scratch },
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
  const rounds = [];
  try {
    for (let round = 0; round < o.rounds; round++) {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const cdp = await page.context().newCDPSession(page);
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize;
      };
      await page.setContent('<!doctype html><html><body style="margin:12px"></body></html>');
      await page.addScriptTag({ content: bundle.outputFiles[0].text });
      await page.addScriptTag({ content: HARNESS });
      // The webview holds the output item's text before the renderer sees it; that is not the renderer's cost.
      await page.evaluate((text) => (globalThis.outputText = text), fixture.json);
      const before = await heap();
      const r = { firstPaintMs: await page.evaluate(() => globalThis.bench.firstPaint()) };
      r.view = await page.evaluate(() => globalThis.bench.view());
      r.heapAfterPaint = (await heap()) - before;
      if (r.view === 'tree') {
        r.steps = {};
        for (const step of ['expandItems', 'scrollMiddle', 'expandRecord', 'search', 'expandAll', 'collapseAll'])
          r.steps[step] = await page.evaluate((s) => globalThis.bench[s](), step);
        r.heapAfterSteps = (await heap()) - before;
      }
      r.elements = await page.evaluate(() => globalThis.bench.elements());
      r.longTasks = await page.evaluate(() => globalThis.longTasks);
      rounds.push(r);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return { outputBytes: fixture.json.length, bodyBytes: fixture.bodyBytes, truncated: fixture.truncated, rounds };
}
