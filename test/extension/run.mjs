#!/usr/bin/env node
// Builds the extension and its extension-host suites and runs them inside a real VS Code (code-server +
// headless Chromium, see test/host/): the main suite on a scratch workspace holding a copy of examples/,
// then the first-contact suite in a window of its own on an empty, untrusted workspace (the extension
// starts inactive, in Restricted Mode), then the restart suite in a third window, which it reloads once.
// `--suite main|first-contact|restart` runs one of them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const suiteAt = argv.indexOf('--suite');
const only = suiteAt === -1 ? undefined : argv.splice(suiteAt, 2)[1];
const electron = process.env.AKKURO_TEST_RUNNER === 'electron';
// The main suite has grown to about 90 tests: about 150 s on a quiet machine, over 180 s (the harness's default
// limit) on a loaded one. The limit only catches a suite that never ends.
const SUITES = {
  main: { bundle: 'suite.js', examples: true, args: ['--timeout', '600'] },
  // Granting trust needs the workbench page, which only the code-server runner drives.
  'first-contact': { bundle: 'firstContact.js', examples: false, args: electron ? [] : ['--workspace-trust'] },
  // Reloads its window once: the workbench runs the suite again in a new extension host (restartSuite.ts).
  restart: { bundle: 'restart.js', examples: false, args: [] },
};
if (only !== undefined && !SUITES[only]) {
  console.error(`--suite must be one of ${Object.keys(SUITES).join(', ')}, got ${only}`);
  process.exit(2);
}

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const runner = electron ? 'run-electron.mjs' : 'run-extension-tests.mjs';
let exitCode = 0;
for (const [name, suite] of Object.entries(SUITES)) {
  if (only !== undefined && only !== name) continue;
  if (electron && name === 'restart') {
    // Reloading a desktop test window has not been tried here (these machines cannot download VS Code).
    console.log(`\n== extension-host suite "${name}": skipped, code-server runner only`);
    continue;
  }
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'akkuro-nb-ws-'));
  if (suite.examples) fs.cpSync(path.join(root, 'examples'), path.join(workspace, 'examples'), { recursive: true });
  console.log(`\n== extension-host suite "${name}"`);
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'test', 'host', runner),
      '--extension',
      root,
      '--tests',
      path.join(root, 'out', 'test', 'extension', suite.bundle),
      '--workspace',
      workspace,
      ...suite.args,
      ...argv,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  fs.rmSync(workspace, { recursive: true, force: true });
  if (exitCode === 0) exitCode = run.status ?? 1;
}
process.exit(exitCode);
