#!/usr/bin/env node
// Proves the real-VS-Code harness end to end on a throwaway extension: a passing suite exits 0, a
// failing one exits 1, nothing is left running and nothing is written to HOME.
// `--timeout-case` also proves a suite that never settles ends in exit 124 with a screenshot.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ensureTools } from './tools.mjs';
import { pidsWithArgument } from './processes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixture');
const runner = path.join(here, 'run-extension-tests.mjs');
// Inside the clone (and git-ignored) so the bundle resolves `mocha` from the project's node_modules.
const suiteBundle = path.join(fixture, 'out', 'suite.js');

async function main() {
  const started = Date.now();
  await ensureTools({ log: (line) => console.log(line) });
  await build({
    entryPoints: [path.join(fixture, 'suite', 'index.ts')],
    outfile: suiteBundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });

  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'akkuro-nb-selftest-'));
  const home = path.join(probe, 'home');
  fs.mkdirSync(home);
  const cases = [
    {
      name: 'passing suite',
      env: {},
      expectCode: 0,
      expectOutput: [/✔ runs a command contributed by the extension/, /✔ opens the workspace folder/, /2 passing/],
    },
    {
      name: 'failing suite',
      env: { AKKURO_TEST_FAIL: '1' },
      expectCode: 1,
      expectOutput: [/1 passing/, /1 failing/, /'goodbye'/],
    },
    {
      name: 'bad arguments',
      args: ['--tests', 'relative.js'],
      env: {},
      expectCode: 2,
      expectOutput: [/--extension is required/, /must be an absolute path/],
    },
  ];
  if (process.argv.includes('--timeout-case')) {
    const shots = path.join(probe, 'screenshots');
    cases.push({
      name: 'suite that never settles',
      env: { AKKURO_TEST_HANG: '1' },
      extraArgs: ['--timeout', '30', '--screenshot-dir', shots],
      expectCode: 124,
      expectOutput: [/timed out after 30 s; screenshot:/],
      check: () => (fs.readdirSync(shots).some((f) => f.endsWith('.png')) ? undefined : `no screenshot in ${shots}`),
    });
  }

  const failures = [];
  try {
    for (const testCase of cases) {
      const problem = await runCase(testCase, { home });
      console.log(problem ? `[selftest] FAIL ${testCase.name}: ${problem}` : `[selftest] ok   ${testCase.name}`);
      if (problem) failures.push(testCase.name);
    }
    const homeEntries = fs.readdirSync(home, { recursive: true });
    if (homeEntries.length > 0) failures.push(`HOME was written: ${homeEntries.slice(0, 5).join(', ')}`);
    else console.log('[selftest] ok   nothing written to HOME');
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
  console.log(
    `[selftest] ${failures.length === 0 ? 'passed' : `FAILED: ${failures.join('; ')}`} in ${seconds(Date.now() - started)}`,
  );
  return failures.length === 0 ? 0 : 1;
}

async function runCase({ name, args, env, extraArgs = [], expectCode, expectOutput, check }, { home }) {
  const started = Date.now();
  const argv = args ?? [
    '--extension',
    path.join(fixture, 'extension'),
    '--tests',
    suiteBundle,
    '--workspace',
    path.join(fixture, 'workspace'),
    ...extraArgs,
  ];
  console.log(`[selftest] ${name}: node ${path.relative(process.cwd(), runner)} ${argv.join(' ')}`);
  const { code, output } = await runNode([runner, ...argv], { ...process.env, ...env, HOME: home });
  console.log(`[selftest] ${name}: exit ${code} in ${seconds(Date.now() - started)}`);
  if (code !== expectCode) return `expected exit ${expectCode}, got ${code}`;
  const missing = expectOutput.filter((pattern) => !pattern.test(output));
  if (missing.length > 0) return `output lacks ${missing.join(', ')}`;
  if (args === undefined && !/no process left behind/.test(output))
    return 'the runner did not confirm that no process was left behind';
  // Other people may run the harness at the same time: look only for processes of this run's scratch dirs.
  const scratchDirs = [...new Set([...output.matchAll(/ log (\S+)\/code-server\.log/g)].map((match) => match[1]))];
  if (args === undefined && scratchDirs.length === 0) return 'the runner did not say where its scratch dir was';
  const leftovers = scratchDirs.flatMap((dir) => pidsWithArgument(dir));
  const undeleted = scratchDirs.filter((dir) => fs.existsSync(dir));
  if (leftovers.length > 0) return `processes still running: ${leftovers.join(', ')}`;
  if (undeleted.length > 0) return `scratch dirs not removed: ${undeleted.join(', ')}`;
  return check?.();
}

function runNode(argv, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const tee = (stream, target) =>
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        output += `${line}\n`;
        target.write(`  │ ${line}\n`);
      });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

process.exitCode = await main().catch((error) => {
  console.error(`[selftest] ${error instanceof Error ? error.stack : String(error)}`);
  return 1;
});
