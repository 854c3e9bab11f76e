#!/usr/bin/env node
// Runs an extension's mocha suite inside a real VS Code extension host (code-server + headless
// Chromium), for machines that cannot download desktop VS Code. Exit codes: the extension host's own
// (0 passed, 1 failed), 124 timeout (with a screenshot), 2 bad arguments, 3 the harness itself failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { ensureTools } from './tools.mjs';
import {
  browserProcessGroup,
  closeBrowser,
  launchBrowser,
  startCodeServer,
  tail,
  workbenchUrl,
} from './codeServer.mjs';
import { groupMembers, pidsWithArgument, signalGroup } from './processes.mjs';
import { parseHostArgs } from './hostArgs.mjs';
import { handleUiRequest } from './uiRequests.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const EXIT_TIMEOUT = 124;
const EXIT_HARNESS = 3;

async function main() {
  const started = Date.now();
  const args = parseHostArgs(process.argv.slice(2), { screenshotDir: path.resolve(here, '..', 'e2e', 'screenshots') });
  if (typeof args === 'string') {
    console.error(args);
    return 2;
  }
  if ('help' in args) {
    console.log(args.help);
    return 0;
  }
  const say = (line) => console.log(`[host] ${line}`);
  const tools = await ensureTools({ log: say });
  const runStarted = Date.now(); // a first-time tool install does not count against --timeout
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'akkuro-nb-host-'));
  const mochaLog = fs.openSync(path.join(scratchDir, 'mocha.log'), 'a');
  const workbenchLog = fs.openSync(path.join(scratchDir, 'workbench.log'), 'a');
  const tag = `[akkuro-host-${process.pid}] `;
  const browserLog = path.join(scratchDir, 'browser-console.log');
  let server;
  let context;
  let browserGroup;
  // Ctrl+C ends the process from a signal handler, skipping `finally`: still leave nothing behind.
  const removeScratch = () => {
    if (browserGroup !== undefined) signalGroup(browserGroup, 'SIGKILL');
    if (args.keep) return;
    try {
      fs.rmSync(scratchDir, { recursive: true, force: true, maxRetries: 3 });
    } catch (error) {
      console.error(`[host] could not remove ${scratchDir}: ${error.message}`);
    }
  };
  process.on('exit', removeScratch);
  let code = EXIT_HARNESS;
  try {
    server = await startCodeServer({
      workspace: args.workspace,
      scratchDir,
      tools,
      log: say,
      env: { AKKURO_HOST_LOG_TAG: tag, ...(args.workspaceTrust ? { AKKURO_HOST_UI_REQUESTS: '1' } : {}) },
      workspaceTrust: args.workspaceTrust,
    });
    context = await launchBrowser({ scratchDir, chromium: tools.chromium });
    browserGroup = browserProcessGroup(scratchDir);
    const page = context.pages()[0] ?? (await context.newPage());
    const stopProfile = await profileWorkbench(page, process.env.AKKURO_HOST_PROFILE);
    page.on('console', (message) => fs.appendFileSync(browserLog, `[${message.type()}] ${message.text()}\n`));

    let onExit;
    const exitCode = new Promise((resolve) => {
      onExit = resolve;
    });
    // Only the reporter's lines (tagged by mochaRun) reach stdout; workbench chatter goes to a file.
    await page.exposeFunction('codeAutomationLog', (_type, logArgs) => {
      const text = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      const at = text.indexOf(tag);
      if (args.workspaceTrust && at === -1) handleUiRequest(page, text, say, { browserLog });
      if (at === -1 || args.verbose) fs.writeSync(workbenchLog, `${text}\n`);
      if (at !== -1) {
        const line = text.slice(at + tag.length);
        fs.writeSync(mochaLog, `${line}\n`);
        process.stdout.write(`${line}\n`);
      } else if (args.verbose) {
        process.stdout.write(`[workbench] ${text}\n`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (exit) => onExit(Number(exit)));
    page.once('crash', () => onExit('crash'));
    context.once('close', () => onExit('closed'));

    const url = workbenchUrl(server, {
      folder: args.workspace,
      extensionDevelopmentPath: args.extension,
      extensionTestsPath: args.tests,
    });
    say(`opening the workbench on ${args.workspace}`);
    const opened = Date.now();
    // A slow (loaded) machine may take long just to load the page: the run's timeout covers that too.
    const navigation = page.goto(url, { waitUntil: 'domcontentloaded', timeout: 0 }).then(
      () => new Promise(() => {}),
      (error) => {
        throw new Error(`cannot open the workbench at ${server.url}: ${error.message}`);
      },
    );
    navigation.catch(() => {}); // once the race is decided, a failing navigation is no news
    const timedOut = Symbol('timeout');
    let timer;
    const remainingMs = Math.max(1000, args.timeoutSeconds * 1000 - (Date.now() - runStarted));
    const outcome = await Promise.race([
      exitCode,
      navigation,
      new Promise((resolve) => {
        timer = setTimeout(() => resolve(timedOut), remainingMs);
      }),
    ]);
    clearTimeout(timer);
    if (outcome !== timedOut)
      say(`extension host finished ${seconds(Date.now() - opened)} after opening the workbench`);
    if (outcome === timedOut) {
      code = EXIT_TIMEOUT;
      await reportTimeout(page, args, scratchDir, browserLog);
    } else if (typeof outcome === 'number') {
      code = outcome;
    } else {
      say(
        `the browser page ${outcome === 'crash' ? 'crashed' : 'was closed'} before the tests finished; see ${browserLog} (run with --keep)`,
      );
    }
    await stopProfile();
  } catch (error) {
    console.error(`[host] ${error instanceof Error ? error.message : String(error)}`);
    if (server) console.error(`[host] last lines of ${server.logFile}:\n${tail(server.logFile)}`);
  } finally {
    const stopping = Date.now();
    fs.closeSync(mochaLog);
    fs.closeSync(workbenchLog);
    if (context) await closeBrowser(context, { scratchDir });
    await server?.stop();
    say(`browser and code-server stopped in ${seconds(Date.now() - stopping)}`);
    reportLeftovers({ groups: [server?.pid, browserGroup], scratchDir, say });
    process.off('exit', removeScratch);
    if (!args.keep) fs.rmSync(scratchDir, { recursive: true, force: true, maxRetries: 3 });
    else say(`kept ${scratchDir} (code-server.log, mocha.log, workbench.log, browser-console.log)`);
  }
  say(`exit ${code} after ${seconds(Date.now() - started)}`);
  return code;
}

/**
 * AKKURO_HOST_PROFILE=<file.cpuprofile>: a CPU profile of the workbench page (the renderer process's main
 * thread: workbench, notebook views, the main side of the extension host protocol) for the whole run.
 */
async function profileWorkbench(page, file) {
  if (!file) return async () => {};
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    console.log(`[host] workbench CPU profile: ${file}`);
  };
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function reportTimeout(page, args, scratchDir, browserLog) {
  fs.mkdirSync(args.screenshotDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const screenshot = path.join(args.screenshotDir, `extension-tests-timeout-${stamp}.png`);
  try {
    await page.screenshot({ path: screenshot, timeout: 10_000 });
    console.error(`[host] timed out after ${args.timeoutSeconds} s; screenshot: ${screenshot}`);
  } catch (error) {
    console.error(`[host] timed out after ${args.timeoutSeconds} s; the screenshot failed too (${error.message})`);
  }
  for (const name of ['code-server.log', 'workbench.log', path.basename(browserLog)]) {
    const from = path.join(scratchDir, name);
    if (fs.existsSync(from))
      fs.copyFileSync(from, path.join(args.screenshotDir, `extension-tests-timeout-${stamp}-${name}`));
  }
  console.error(
    `[host] logs copied next to the screenshot; a suite that never calls back usually means run() never settles or the extension failed to activate`,
  );
}

// Proof, not hope: after stopping, nothing started by this run may still be alive.
function reportLeftovers({ groups: maybeGroups, scratchDir, say }) {
  const groups = maybeGroups.filter((pgid) => pgid !== undefined);
  const left = new Set([...groups.flatMap(groupMembers), ...pidsWithArgument(scratchDir)]);
  if (left.size === 0) {
    say(`no process left behind (checked process groups ${groups.join(', ') || 'none'})`);
    return;
  }
  say(`killing leftover processes ${[...left].join(', ')}`);
  for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

process.exitCode = await main().catch((error) => {
  console.error(`[host] ${error instanceof Error ? error.message : String(error)}`);
  return EXIT_HARNESS;
});
