#!/usr/bin/env node
// The browser end-to-end run: package the extension, install the .vsix into code-server (a real VS Code)
// and, in headless Chromium, do what a new user does with keyboard and mouse. Prints one ✔/✘ line per
// check and exits 0 only when every check passed. Screenshots of each step go to test/e2e/screenshots/.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  browserProcessGroup,
  closeBrowser,
  launchBrowser,
  startCodeServer,
  tail,
  workbenchUrl,
} from '../host/codeServer.mjs';
import { groupMembers, pidsWithArgument, signalGroup } from '../host/processes.mjs';
import { ensureTools } from '../host/tools.mjs';
import { Checks, seconds } from './checks.mjs';
import { finalChecks } from './finalChecks.mjs';
import {
  addLocalEnvironment,
  authenticateLocal,
  runCellOnLocal,
  saveNotebook,
  switchBackToSandbox,
} from './tourEnvironments.mjs';
import { newNotebookFirst } from './tourFirstContact.mjs';
import { malformedNotebook, showLog, walkthrough, walkthroughFirst } from './tourHelp.mjs';
import { NOTEBOOK_NAME, openNotebook, runAll, startSandbox } from './tourNotebook.mjs';
import { completeFromContract } from './tourContract.mjs';
import { compareWithPreviousRun } from './tourCompare.mjs';
import { switchLabelAndClient } from './tourAccess.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const USAGE = `usage: node test/e2e/run.mjs [--vsix <path>] [--timeout <seconds, default 600>] [--screenshot-dir <dir>] [--keep]
  --vsix     install this .vsix instead of building one with npm run package
  --timeout  seconds for the whole run (tool install excluded)
  --keep     keep the scratch folder (workspace, code-server user data and logs)`;
// The sandbox's demo client: what the user types into the input boxes, and what must never be written.
const CREDENTIALS = { clientId: 'demo-client', clientSecret: 'demo-secret-change-me' };
// Only what makes screenshots readable and the run deterministic; autoSave off as on desktop (web defaults to afterDelay).
const USER_SETTINGS = {
  'files.autoSave': 'off',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'remote.autoForwardPorts': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  // Kept on disk so the secret scan covers the stored run history too.
  'akkuro.history.persist': true,
  // The diff screenshot shows the changed parts of two responses, not 40 identical lines between them.
  'diffEditor.hideUnchangedRegions.enabled': true,
};

const STEPS = [
  ['0. New Request Notebook, first thing in a fresh window', newNotebookFirst],
  ['0b. the walkthrough and its "Open Example Notebook"', walkthroughFirst],
  ['1. open the getting-started notebook', openNotebook],
  ['2. start the local sandbox from the Command Palette', startSandbox],
  ['3. Run All and read the rendered responses', runAll],
  ['3b. switch white label and client from the status bar, run a cell with each', switchLabelAndClient],
  ['4a. add a "local" environment for the sandbox', addLocalEnvironment],
  ['4b. authenticate "local" by typing the client id and secret', authenticateLocal],
  ['4c. switch the notebook to "local" from the status bar, run a cell', runCellOnLocal],
  ['5. switch environment from the status bar', switchBackToSandbox],
  ['5b. compare the cell with its previous run (diff editor)', compareWithPreviousRun],
  ['6. save the notebook', saveNotebook],
  ['7. a request from the API contract: New Request from Operation, completion from the spec', completeFromContract],
  ['8. open a malformed notebook', malformedNotebook],
  ['9. Akkuro: Show Log', showLog],
  ['10. the walkthrough', walkthrough],
];

async function main() {
  const args = parseOptions(process.argv.slice(2));
  if (typeof args === 'string') return usage(args);
  const started = Date.now();
  const say = (line) => console.log(line);
  const checks = new Checks(say);
  const tools = await ensureTools({ log: say });
  const runStarted = Date.now();
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'akkuro-nb-e2e-'));
  fs.mkdirSync(args.screenshotDir, { recursive: true });
  for (const old of fs.readdirSync(args.screenshotDir))
    if (/^(\d\d-.*|failure)\.(png|log)$/.test(old)) fs.rmSync(path.join(args.screenshotDir, old));
  const browserLog = path.join(scratchDir, 'browser-console.log');
  let server;
  let context;
  let browserGroup;
  let failedStep;
  const deadline = runStarted + args.timeoutSeconds * 1000;
  // Ctrl+C ends the process from code-server's signal handler, skipping `finally`: still leave nothing behind.
  const onExit = () => {
    if (browserGroup !== undefined) signalGroup(browserGroup, 'SIGKILL');
    if (!args.keep) fs.rmSync(scratchDir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  try {
    const vsix = args.vsix ?? (await packageExtension(scratchDir, say));
    const workspace = path.join(scratchDir, 'workspace');
    fs.cpSync(path.join(root, 'examples'), path.join(workspace, 'examples'), { recursive: true });
    const userDataDir = path.join(scratchDir, 'user-data');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));

    server = await startCodeServer({ workspace, scratchDir, userDataDir, tools, installExtensions: [vsix], log: say });
    const installed = fs
      .readdirSync(server.extensionsDir)
      .filter((name) => name.startsWith('akkuro-notebooks.akkuro-notebooks-'));
    checks.that(
      'code-server --install-extension installs the .vsix',
      installed.length === 1,
      installed.join(', ') || `nothing in ${server.extensionsDir}`,
    );
    context = await launchBrowser({ scratchDir, chromium: tools.chromium, viewport: { width: 1600, height: 1000 } });
    browserGroup = browserProcessGroup(scratchDir);
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    page.on('console', (message) => fs.appendFileSync(browserLog, `[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => fs.appendFileSync(browserLog, `[pageerror] ${error.message}\n`));
    await page.goto(workbenchUrl(server, { folder: workspace }), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 120_000 });

    const ctx = {
      page,
      checks,
      workspace,
      credentials: CREDENTIALS,
      log: say,
      notebookFile: path.join(workspace, 'examples', NOTEBOOK_NAME),
      originalNotebook: fs.readFileSync(path.join(root, 'examples', NOTEBOOK_NAME), 'utf8'),
      shot: async (name) => {
        const file = path.join(args.screenshotDir, `${name}.png`);
        await page.mouse.move(20, 600); // an empty spot of the activity bar: no hover effects in the picture
        await page.screenshot({ path: file, timeout: 20_000 });
        say(`  · screenshot ${path.relative(process.cwd(), file)}`);
      },
    };
    for (const [title, step] of STEPS) {
      const stepStarted = Date.now();
      say(`── ${title}`);
      try {
        await withDeadline(step(ctx), deadline, title);
        say(`   (${seconds(Date.now() - stepStarted)})`);
      } catch (error) {
        failedStep = title;
        checks.fail(`step "${title}" completed`, error instanceof Error ? error.message : String(error));
        await reportFailure(page, args.screenshotDir, say);
        break;
      }
    }
  } catch (error) {
    checks.fail('the end-to-end run set up', error instanceof Error ? error.message : String(error));
    if (context) await reportFailure(context.pages()[0], args.screenshotDir, say);
  } finally {
    const stopping = Date.now();
    if (context) await closeBrowser(context, { scratchDir });
    await server?.stop();
    say(`── 11. after the run: browser and code-server stopped in ${seconds(Date.now() - stopping)}`);
    if (failedStep || checks.failed) printLogs(server?.logFile, browserLog, say);
    const leftovers = leftoverProcesses([server?.pid, browserGroup], scratchDir);
    checks.that(
      'no process is left behind',
      leftovers.length === 0,
      leftovers.length
        ? `killed ${leftovers.join(', ')}`
        : `checked process groups ${[server?.pid, browserGroup].filter(Boolean).join(', ')} and the scratch dir`,
    );
    finalChecks({
      checks,
      scratchDir,
      screenshotDir: args.screenshotDir,
      credentials: CREDENTIALS,
      since: started,
      say,
    });
    process.off('exit', onExit);
    if (args.keep) say(`kept ${scratchDir}`);
    else fs.rmSync(scratchDir, { recursive: true, force: true, maxRetries: 3 });
  }
  const ok = checks.failed === 0;
  say(
    `\n${ok ? '✔' : '✘'} ${checks.passed} passed, ${checks.failed} failed in ${seconds(Date.now() - started)}${failedStep ? ` (stopped at step "${failedStep}")` : ''}`,
  );
  for (const failure of checks.failures) say(`  ✘ ${failure.name}${failure.detail ? ` — ${failure.detail}` : ''}`);
  return ok ? 0 : 1;
}

function parseOptions(argv) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        vsix: { type: 'string' },
        timeout: { type: 'string', default: '600' },
        'screenshot-dir': { type: 'string', default: path.join(root, 'test', 'e2e', 'screenshots') },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) return '';
    const timeoutSeconds = Number(values.timeout);
    if (!(timeoutSeconds > 0)) return `--timeout must be a positive number of seconds, got ${values.timeout}`;
    if (values.vsix && !fs.existsSync(values.vsix))
      return `--vsix ${values.vsix} does not exist; build one with npm run package or leave --vsix out`;
    return {
      vsix: values.vsix && path.resolve(values.vsix),
      timeoutSeconds,
      screenshotDir: path.resolve(values['screenshot-dir']),
      keep: values.keep,
    };
  } catch (error) {
    return error.message;
  }
}

function usage(problem) {
  if (problem) console.error(problem);
  console.log(USAGE);
  return problem ? 2 : 0;
}

/** `npm run package`, with npm's cache, logs and HOME in the scratch dir; returns a copy of the .vsix. */
async function packageExtension(scratchDir, say) {
  const { version, name } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const built = path.join(root, `${name}-${version}.vsix`);
  const logFile = path.join(scratchDir, 'package.log');
  const home = path.join(scratchDir, 'package-home');
  fs.mkdirSync(home, { recursive: true });
  const env = {
    ...process.env,
    HOME: home,
    npm_config_cache: path.join(home, 'npm-cache'),
    npm_config_logs_dir: path.join(home, 'npm-logs'),
    npm_config_update_notifier: 'false',
    npm_config_userconfig: path.join(os.homedir(), '.npmrc'),
  };
  const startedAt = Date.now();
  const out = fs.openSync(logFile, 'a');
  const code = await new Promise((resolve) => {
    const child = spawn('npm', ['run', 'package'], { cwd: root, env, stdio: ['ignore', out, out] });
    child.once('error', () => resolve(-1));
    child.once('exit', (exit) => resolve(exit ?? -1));
  });
  fs.closeSync(out);
  if (code !== 0 || !fs.existsSync(built))
    throw new Error(`npm run package failed (exit ${code}); last lines of ${logFile}:\n${tail(logFile)}`);
  // A copy, so a teammate's concurrent package run cannot change the file under the install.
  const copy = path.join(scratchDir, path.basename(built));
  fs.copyFileSync(built, copy);
  say(
    `packaged ${path.basename(built)} (${(fs.statSync(copy).size / 1024).toFixed(0)} KiB) in ${seconds(Date.now() - startedAt)}`,
  );
  return copy;
}

function withDeadline(promise, deadline, title) {
  promise.catch(() => {}); // a step still running when the deadline wins must not crash the run later
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the run's --timeout expired during "${title}"`)),
      Math.max(1000, deadline - Date.now()),
    );
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function reportFailure(page, screenshotDir, say) {
  if (!page) return;
  const file = path.join(screenshotDir, 'failure.png');
  await page.screenshot({ path: file, timeout: 15_000 }).then(
    () => say(`  · failure screenshot ${file}`),
    (error) => say(`  · the failure screenshot failed too: ${error.message}`),
  );
}

function printLogs(codeServerLog, browserLog, say) {
  if (codeServerLog) say(`── last lines of ${codeServerLog}:\n${tail(codeServerLog, 30)}`);
  say(`── last lines of ${browserLog}:\n${tail(browserLog, 30)}`);
}

// Proof, not hope: after stopping, nothing this run started may still be alive.
function leftoverProcesses(maybeGroups, scratchDir) {
  const groups = maybeGroups.filter((pgid) => pgid !== undefined);
  const left = [...new Set([...groups.flatMap(groupMembers), ...pidsWithArgument(scratchDir)])];
  if (left.length === 0) return left;
  for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  return left;
}

const exitCode = await main().catch((error) => {
  console.error(`[e2e] ${error instanceof Error ? error.stack : String(error)}`);
  return 3;
});
// Everything is stopped and reported; the harness's pending grace timers (server.stop) need not hold the exit.
process.exit(exitCode);
