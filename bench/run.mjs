// `npm run bench`: the runner and the core against a plain-undici baseline measured in the same run, then the
// editor side: the language features in-process (languageBench.ts), the notebook renderer in headless Chromium
// (rendererBench.mjs) and the extension in code-server's extension host (hostRun.mjs: activation, Run All against
// the runner on the same notebook, language features). The sandbox runs in its own process for the whole run, so
// on these 2-core machines the client (baseline or runner) has one core and the server the other; every sample is
// a fresh run, baseline and subject interleaved (alternating which goes first), and the table shows medians.
// Options: --rounds <n> (default 5), --host-sessions <n> (default 3), --only core,language,renderer,host.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { hostBench } from './hostRun.mjs';
import { rendererBench } from './rendererBench.mjs';
import { printResults } from './results.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Math.max(5, Number(process.argv[roundsArg + 1]) || 5) : 5;
const sessionsArg = process.argv.indexOf('--host-sessions');
const HOST_SESSIONS = sessionsArg > 0 ? Math.max(1, Number(process.argv[sessionsArg + 1]) || 3) : 3;
// --only core,host,renderer,language runs a part of the bench (while working on it); results.json is only
// written by a full run.
const onlyArg = process.argv.indexOf('--only');
const PARTS = new Set(onlyArg > 0 ? process.argv[onlyArg + 1].split(',') : ['core', 'host', 'renderer', 'language']);
const FULL = PARTS.size === 4;
const CLIENT = { id: 'demo-client', secret: 'demo-secret-change-me' };
const API_VERSION = '2025.1.0';
const LIST = '/counterparty-management/counterparties';
const WORKLOADS = [
  { name: 'sequential', title: '500 GETs, one notebook', path: LIST, headers: {}, lanes: [500] },
  {
    name: 'parallel',
    title: '500 GETs, 8 notebooks in parallel',
    path: LIST,
    headers: {},
    lanes: [63, 63, 63, 63, 62, 62, 62, 62],
  },
  {
    name: 'large',
    title: '20 GETs of a 1 MB body',
    path: LIST,
    headers: { 'X-Sandbox-Fault': 'large-body=1048576' },
    lanes: [20],
  },
  { name: 'cold', title: 'cold start to the first response (1 GET)', path: LIST, headers: {}, lanes: [1] },
];

const tmp = mkdtempSync(path.join(os.tmpdir(), 'akkuro-bench-'));
const run = (cmd, args, options = {}) =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, wallMs: performance.now() - started }));
  });

/** The production bundles, built by the project's own esbuild.mjs in a copy of the sources, so dist/ is left alone. */
async function productionBuild() {
  const dir = path.join(tmp, 'build');
  mkdirSync(dir);
  // The extension's static contributions too: the extension-host benchmark loads this folder as the extension.
  // esbuild.mjs imports packaging/ for the runner package.
  for (const item of [
    'esbuild.mjs',
    'package.json',
    'src',
    'packaging',
    'syntaxes',
    'media',
    'language-configuration.json',
  ])
    if (existsSync(path.join(ROOT, item))) cpSync(path.join(ROOT, item), path.join(dir, item), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const r = await run(process.execPath, ['esbuild.mjs', '--production'], { cwd: dir });
  if (r.code !== 0) throw new Error(`production build failed:\n${r.stderr}`);
  const sizes = {};
  for (const name of ['extension', 'sandboxServer', 'openapiLibraries', 'cli', 'sandbox', 'renderer']) {
    try {
      sizes[name] = statSync(path.join(dir, 'dist', `${name}.js`)).size;
    } catch {
      sizes[name] = undefined;
    }
  }
  const bundle = (entry, outfile) =>
    esbuild.build({
      entryPoints: [path.join(ROOT, entry)],
      outfile,
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'error',
      define: { __AKKURO_VERSION__: '"bench"' },
    });
  await bundle('bench/baseline.mjs', path.join(tmp, 'baseline.cjs'));
  await bundle('bench/inProcess.ts', path.join(tmp, 'inProcess.cjs'));
  await bundle('bench/languageBench.ts', path.join(tmp, 'language.cjs'));
  return { dir, dist: path.join(dir, 'dist'), sizes, log: r.stdout.trim() };
}

async function startSandboxProcess(dist) {
  const child = spawn(process.execPath, [path.join(dist, 'sandbox.js'), '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening`)));
  });
  child.stdout.resume();
  return { url, stop: () => child.kill('SIGTERM') };
}

function workspace(url) {
  const dir = path.join(tmp, 'ws');
  mkdirSync(dir);
  writeFileSync(
    path.join(dir, 'akkuro-environments.yaml'),
    `environments:\n  local:\n    baseUrl: ${url}\n    brokerKey: demo-bank\n    labelReferenceId: demo-label\n    apiVersion: ${API_VERSION}\n`,
  );
  const files = {};
  for (const w of WORKLOADS) {
    const cell = cellText(w);
    files[w.name] = w.lanes.map((count, i) => {
      const file = path.join(w.name, `n${i}.akkuro-nb`);
      mkdirSync(path.join(dir, w.name), { recursive: true });
      const cells = Array.from(
        { length: count },
        () =>
          `  - request: |\n${cell
            .split('\n')
            .filter(Boolean)
            .map((l) => `      ${l}`)
            .join('\n')}\n`,
      ).join('');
      writeFileSync(path.join(dir, file), `akkuro-notebook: 1\ncells:\n${cells}`);
      return file;
    });
  }
  return { dir, files };
}

function cellText(w) {
  const headers = Object.entries(w.headers);
  return `GET: ${w.path}\n${headers.length ? `headers:\n${headers.map(([k, v]) => `  ${k}: "${v}"`).join('\n')}\n` : ''}`;
}

async function sandboxCall(url, method, p) {
  const res = await fetch(url + p, { method });
  return method === 'GET' ? res.json() : undefined;
}

/** One measured process: wall time from spawn to exit, plus the peak RSS and CPU it reported at exit. */
async function measuredProcess(args, cwd, env) {
  const usageFile = path.join(tmp, `usage-${process.hrtime.bigint()}.json`);
  const r = await run(process.execPath, ['--require', path.join(ROOT, 'bench/report-usage.cjs'), ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', BENCH_USAGE_FILE: usageFile, ...env },
  });
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { ...r, ...usage, cpuMs: usage.userMs + usage.systemMs };
}

async function main() {
  process.stdout.write(`Building production bundles in ${tmp} …\n`);
  const build = await productionBuild();
  const sandbox = await startSandboxProcess(build.dist);
  process.stdout.write(`Sandbox process on ${sandbox.url}; ${ROUNDS} interleaved rounds.\n`);
  try {
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      rounds: ROUNDS,
      workloads: WORKLOADS,
      bundles: build.sizes,
    };
    if (PARTS.has('core')) Object.assign(results, await coreBench(build, sandbox));
    if (PARTS.has('language')) {
      process.stdout.write('Language features in-process, 1,000-cell notebook …\n');
      const r = await run(process.execPath, [
        path.join(tmp, 'language.cjs'),
        JSON.stringify({ cells: 1000, rounds: ROUNDS }),
      ]);
      if (r.code !== 0) throw new Error(`language benchmark failed:\n${r.stderr}`);
      results.language = JSON.parse(r.stdout);
    }
    if (PARTS.has('renderer')) {
      process.stdout.write('Renderer in headless Chromium, 5 MB JSON response …\n');
      results.renderer = await rendererBench({ root: ROOT, tmp, rounds: ROUNDS });
    }
    if (PARTS.has('host')) {
      process.stdout.write(`Extension host (code-server), ${HOST_SESSIONS} sessions …\n`);
      results.host = await hostBench({
        root: ROOT,
        buildDir: build.dir,
        tmp,
        sandboxUrl: sandbox.url,
        client: CLIENT,
        apiVersion: API_VERSION,
        runAllCell: cellText(WORKLOADS[0]),
        runAllCells: 500,
        languageCells: 1000,
        rounds: ROUNDS,
        sessions: HOST_SESSIONS,
        log: (line) => process.stdout.write(`${line}\n`),
      });
    }
    const summary = printResults(results);
    if (FULL) {
      writeFileSync(path.join(ROOT, 'bench/results.json'), `${JSON.stringify({ ...results, summary }, null, 2)}\n`);
      process.stdout.write('\nWrote bench/results.json\n');
    } else {
      const partial = path.join(os.tmpdir(), 'akkuro-bench-partial.json');
      writeFileSync(partial, `${JSON.stringify({ ...results, summary }, null, 2)}\n`);
      process.stdout.write(`\nA partial run (--only): wrote ${partial}, not bench/results.json\n`);
    }
    process.exitCode = summary.every((row) => row.result !== 'MISS') ? 0 : 1;
  } finally {
    sandbox.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The runner and the core against plain undici: in one process, then as processes. */
async function coreBench(build, sandbox) {
  const ws = workspace(sandbox.url);
  process.stdout.write('In-process: plain undici vs core runCell …\n');
  const spec = {
    sandboxUrl: sandbox.url,
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    apiVersion: API_VERSION,
    rounds: ROUNDS,
    workloads: WORKLOADS.filter((w) => w.name !== 'cold').map(({ name, path: p, headers, lanes }) => ({
      name,
      path: p,
      headers,
      lanes,
    })),
    notebookCells: 1000,
  };
  const inProc = await run(process.execPath, [path.join(tmp, 'inProcess.cjs'), JSON.stringify(spec)]);
  if (inProc.code !== 0) throw new Error(`in-process benchmark failed:\n${inProc.stderr}`);
  const inProcess = JSON.parse(inProc.stdout);

  process.stdout.write('Processes: baseline process vs runner process …\n');
  const processes = Object.fromEntries(WORKLOADS.map((w) => [w.name, { baseline: [], runner: [], tokenRequests: [] }]));
  const creds = { AKKURO_LOCAL_CLIENT_ID: CLIENT.id, AKKURO_LOCAL_CLIENT_SECRET: CLIENT.secret };
  for (const w of WORKLOADS) {
    // One unmeasured run of each warms the OS file cache and the sandbox.
    await measuredProcess(
      [
        path.join(build.dist, 'cli.js'),
        'run',
        ...ws.files[w.name],
        '--env',
        'local',
        '--parallel',
        String(w.lanes.length),
      ],
      ws.dir,
      creds,
    );
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const w of WORKLOADS) {
      const baselineSpec = {
        baseUrl: sandbox.url,
        brokerKey: 'demo-bank',
        labelReferenceId: 'demo-label',
        clientId: CLIENT.id,
        clientSecret: CLIENT.secret,
        apiVersion: API_VERSION,
        path: w.path,
        headers: w.headers,
        lanes: w.lanes,
      };
      for (const who of round % 2 === 0 ? ['baseline', 'runner'] : ['runner', 'baseline']) {
        if (who === 'runner') await sandboxCall(sandbox.url, 'POST', '/__sandbox/reset-stats');
        const r =
          who === 'baseline'
            ? await measuredProcess([path.join(tmp, 'baseline.cjs'), JSON.stringify(baselineSpec)], ws.dir, {})
            : await measuredProcess(
                [
                  path.join(build.dist, 'cli.js'),
                  'run',
                  ...ws.files[w.name],
                  '--env',
                  'local',
                  '--parallel',
                  String(w.lanes.length),
                ],
                ws.dir,
                creds,
              );
        if (r.code !== 0) throw new Error(`${who} ${w.name} exited ${r.code}:\n${r.stderr}\n${r.stdout.slice(-2000)}`);
        processes[w.name][who].push({ wallMs: r.wallMs, maxRssKb: r.maxRssKb, cpuMs: r.cpuMs });
        if (who === 'runner')
          processes[w.name].tokenRequests.push(
            (await sandboxCall(sandbox.url, 'GET', '/__sandbox/stats')).tokenRequests,
          );
      }
    }
    process.stdout.write(`  round ${round + 1}/${ROUNDS} done\n`);
  }
  return { inProcess, processes };
}

await main();
