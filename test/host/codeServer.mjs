// Starts code-server (a real VS Code: web workbench + remote Node extension host) and a headless
// Chromium on it. Shared by the extension-host test runner and the browser end-to-end tests.
// Every file either program writes goes under the caller's scratch dir, never $HOME.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureTools } from './tools.mjs';
import { commandLineOf, pidsWithArgument, processGroupOf, signalGroup, stopGroup } from './processes.mjs';

const HEALTH_TIMEOUT_MS = 60_000;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * @param {{ workspace: string, scratchDir: string, extensionsDir?: string, userDataDir?: string,
 *   installExtensions?: string[], env?: Record<string, string>, workspaceTrust?: boolean, tools?: { node24: string, codeServerEntry: string }, log?: (line: string) => void }} options
 * @returns {Promise<{ url: string, port: number, pid: number, scratchDir: string, userDataDir: string,
 *   extensionsDir: string, logFile: string, stop: () => Promise<void> }>}
 */
export async function startCodeServer(options) {
  const { workspace, scratchDir, log = () => {} } = options;
  const tools = options.tools ?? (await ensureTools({ log }));
  const userDataDir = options.userDataDir ?? path.join(scratchDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(scratchDir, 'extensions');
  const configFile = path.join(scratchDir, 'config.yaml');
  const logFile = path.join(scratchDir, 'code-server.log');
  for (const dir of [scratchDir, userDataDir, extensionsDir]) fs.mkdirSync(dir, { recursive: true });
  // Without our own config file code-server writes one with a generated password under XDG_CONFIG_HOME.
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  // The extension host inherits the server's environment, so `options.env` reaches the tests.
  const env = withoutHostVsCode(isolatedEnv(scratchDir, { ...options.env, EXTENSIONS_GALLERY: '{}' }));

  if (options.installExtensions?.length) {
    const args = [
      ...common,
      ...options.installExtensions.flatMap((vsix) => ['--install-extension', path.resolve(vsix)]),
    ];
    const code = await runToExit(tools.node24, [tools.codeServerEntry, ...args], env, logFile);
    if (code !== 0)
      throw new Error(
        `code-server --install-extension failed (exit ${code}) for ${options.installExtensions.join(', ')}; see ${logFile}:\n${tail(logFile)}`,
      );
  }

  // A freshly probed port can be taken before code-server binds it; try again with another.
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = [
      tools.codeServerEntry,
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      // Restricted Mode has its own run (test/extension/run.mjs --trust); every other run skips the prompt.
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      // Without this the built workbench silently ignores extensionTestsPath and no test runs.
      '--vscode-option',
      'enable-smoke-test-driver',
      path.resolve(workspace),
    ];
    const out = fs.openSync(logFile, 'a');
    fs.writeSync(out, `\n$ ${tools.node24} ${args.join(' ')}\n`);
    const child = spawn(tools.node24, args, { env, detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    const exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => resolve({ code: `not started: ${error.message}` }));
    });
    if (child.pid === undefined)
      throw new Error(`cannot start ${tools.node24}: ${(await exited).code}; run node test/host/tools.mjs`);
    const server = serverHandle({ child, exited, port, scratchDir, userDataDir, extensionsDir, logFile });
    const health = await waitForHealth(`${server.url}/healthz`, exited);
    if (health === 'ok') {
      log(
        `code-server ready on ${server.url} in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${child.pid}, log ${logFile})`,
      );
      return server;
    }
    await server.stop();
    if (attempt < 3 && /EADDRINUSE/.test(tail(logFile))) continue;
    throw new Error(`code-server did not become healthy (${health}); see ${logFile}:\n${tail(logFile)}`);
  }
}

function serverHandle({ child, exited, port, scratchDir, userDataDir, extensionsDir, logFile }) {
  const pgid = child.pid;
  // Last-resort cleanup if the test process ends without calling stop(); 'exit' handlers must be synchronous.
  const onExit = () => signalGroup(pgid, 'SIGKILL');
  const onSignal = (signal) => {
    onExit();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let stopping;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: pgid,
    scratchDir,
    userDataDir,
    extensionsDir,
    logFile,
    stop() {
      stopping ??= (async () => {
        process.off('exit', onExit);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await stopGroup(pgid);
        await Promise.race([exited, sleep(5000)]);
      })();
      return stopping;
    },
  };
}

/**
 * A Playwright persistent context on Debian's Chromium, its profile, HOME and XDG dirs inside `scratchDir`.
 * Close it with closeBrowser() to be sure no Chromium process outlives it.
 * @param {{ scratchDir: string, chromium?: string, headless?: boolean, viewport?: { width: number, height: number } }} options
 * @returns {Promise<import('playwright-core').BrowserContext>}
 */
export async function launchBrowser({
  scratchDir,
  chromium = '/usr/bin/chromium',
  headless = true,
  viewport = { width: 1400, height: 900 },
}) {
  const { chromium: playwrightChromium } = await import('playwright-core');
  const profileDir = path.join(scratchDir, 'chromium-profile');
  fs.mkdirSync(profileDir, { recursive: true });
  return playwrightChromium.launchPersistentContext(profileDir, {
    executablePath: chromium,
    headless,
    viewport,
    args: CHROMIUM_ARGS,
    env: isolatedEnv(path.join(scratchDir, 'chromium-env')),
  });
}

/** The process group of the Chromium that launchBrowser started for `scratchDir` (Playwright gives it its own). */
export function browserProcessGroup(scratchDir) {
  const profileDir = path.join(scratchDir, 'chromium-profile');
  const browserPid = pidsWithArgument(`--user-data-dir=${profileDir}`).find(
    (pid) => !commandLineOf(pid).includes('--type='),
  );
  return browserPid === undefined ? undefined : processGroupOf(browserPid);
}

/** Closes the context, then ends whatever is left of its Chromium process group. */
export async function closeBrowser(context, { scratchDir }) {
  const pgid = browserProcessGroup(scratchDir);
  await context.close().catch(() => {});
  if (pgid !== undefined) await stopGroup(pgid, { graceMs: 2000 });
}

/**
 * The workbench URL that opens `folder` and, when given, runs an extension's tests in the extension host.
 * @param {{ url: string, port: number }} server
 * @param {{ folder: string, extensionDevelopmentPath?: string, extensionTestsPath?: string }} options
 */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  const query = new URLSearchParams({ folder: path.resolve(folder), payload: JSON.stringify(payload) });
  return `${server.url}/?${query}`;
}

/** The environment for a child whose HOME and XDG dirs all lie inside `root`. */
export function isolatedEnv(root, extra = {}) {
  const dirs = {
    HOME: path.join(root, 'home'),
    XDG_CONFIG_HOME: path.join(root, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(root, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(root, 'xdg', 'cache'),
    XDG_STATE_HOME: path.join(root, 'xdg', 'state'),
    // Unix sockets live here, and their paths are limited to 107 bytes: keep it short.
    XDG_RUNTIME_DIR: path.join(root, 'run'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return { ...process.env, ...dirs, ...extra };
}

// Started from a VS Code terminal, we inherit VSCODE_IPC_HOOK_CLI and friends, which would make the
// server talk to that VS Code instead of being self-contained.
function withoutHostVsCode(env) {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !name.startsWith('VSCODE_') && name !== 'ELECTRON_RUN_AS_NODE'),
  );
}

/** Last lines of a log, for error messages that point at the cause. */
export function tail(file, lines = 25) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function runToExit(command, args, env, logFile) {
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    child.once('error', () => resolve(-1));
    child.once('exit', (code) => resolve(code ?? -1));
  });
}

async function waitForHealth(url, exited) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let exit;
  void exited.then((value) => {
    exit = value;
  });
  while (Date.now() < deadline) {
    if (exit) return `exited with ${exit.code ?? exit.signal}`;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return 'ok';
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  return `no 200 from ${url} within ${HEALTH_TIMEOUT_MS / 1000} s`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
