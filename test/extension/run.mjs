#!/usr/bin/env node
// Builds the extension and its extension-host suite, makes a scratch workspace holding a copy of
// examples/, and runs the suite inside a real VS Code (code-server + headless Chromium, see test/host/).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'akkuro-nb-ws-'));
fs.cpSync(path.join(root, 'examples'), path.join(workspace, 'examples'), { recursive: true });
const runner = process.env.AKKURO_TEST_RUNNER === 'electron' ? 'run-electron.mjs' : 'run-extension-tests.mjs';
const args = [
  path.join(root, 'test', 'host', runner),
  '--extension',
  root,
  '--tests',
  path.join(root, 'out', 'test', 'extension', 'suite.js'),
  '--workspace',
  workspace,
  ...process.argv.slice(2),
];
const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
fs.rmSync(workspace, { recursive: true, force: true });
process.exit(run.status ?? 1);
