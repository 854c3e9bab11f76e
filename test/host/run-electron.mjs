#!/usr/bin/env node
// Runs the same extension-host suite in desktop VS Code via @vscode/test-electron, for machines that can
// download VS Code (laptops, public CI; on a Linux CI without a display, wrap it in `xvfb-run -a`).
// Machines that reach only the npm registry use run-extension-tests.mjs (code-server) instead.
// Exit codes as there: VS Code's own (0 passed, 1 failed), 124 timeout, 2 bad arguments, 3 harness failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHostArgs } from './hostArgs.mjs';
import { pidsWithArgument } from './processes.mjs';
import { toolsDirPath } from './tools.mjs';

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
  const { runTests, TestRunFailedError } = await import('@vscode/test-electron');
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'akkuro-nb-electron-'));
  let timer;
  try {
    const run = runTests({
      // The download is cached with the other test tools, outside the clone and $HOME.
      cachePath: path.join(toolsDirPath(), 'vscode-test'),
      // An installed VS Code can be used instead of a download.
      vscodeExecutablePath: process.env.AKKURO_VSCODE_EXECUTABLE || undefined,
      extensionDevelopmentPath: args.extension,
      extensionTestsPath: args.tests,
      launchArgs: [
        args.workspace,
        '--disable-extensions',
        `--user-data-dir=${path.join(scratchDir, 'user-data')}`,
        `--extensions-dir=${path.join(scratchDir, 'extensions')}`,
      ],
    }).then(
      () => 0,
      (error) => {
        if (error instanceof TestRunFailedError) return error.code ?? 1;
        throw error;
      },
    );
    run.catch(() => {}); // after a timeout, a late rejection must not crash the process
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve(EXIT_TIMEOUT), args.timeoutSeconds * 1000);
    });
    const code = await Promise.race([run, timedOut]);
    if (code === EXIT_TIMEOUT) {
      // No screenshot here: desktop VS Code offers no page handle to capture.
      console.error(
        `[electron] timed out after ${args.timeoutSeconds} s; stopping VS Code (no screenshot with this runner)`,
      );
    }
    return code;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[electron] ${message}`);
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|download/i.test(message)) {
      console.error(
        '[electron] VS Code could not be downloaded from update.code.visualstudio.com. Set AKKURO_VSCODE_EXECUTABLE to an installed VS Code,\n' +
          '           or, on a machine that reaches only the npm registry, run the same suite in code-server: node test/host/run-extension-tests.mjs (same flags)',
      );
    }
    return EXIT_HARNESS;
  } finally {
    clearTimeout(timer);
    // VS Code's processes carry our scratch dir in their --user-data-dir; none may outlive the run.
    for (const pid of pidsWithArgument(scratchDir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    if (args.keep) console.log(`[electron] kept ${scratchDir}`);
    else fs.rmSync(scratchDir, { recursive: true, force: true });
    console.log(`[electron] done after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

process.exitCode = await main().catch((error) => {
  console.error(`[electron] ${error instanceof Error ? error.message : String(error)}`);
  return EXIT_HARNESS;
});
