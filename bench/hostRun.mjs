// Runs bench/host/suite.ts in code-server's extension host (the harness of test/host/), once per session:
// each session is a fresh VS Code window, so each gives one activation sample plus interleaved Run All and
// runner rounds on the same 500-cell notebook.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { languageNotebook, notebookOf } from './notebooks.mjs';

/**
 * @param {{ root: string, buildDir: string, tmp: string, sandboxUrl: string, client: { id: string, secret: string },
 *   apiVersion: string, runAllCell: string, runAllCells: number, languageCells: number, rounds: number, sessions: number,
 *   log: (line: string) => void }} o
 */
export async function hostBench(o) {
  const suite = path.join(o.buildDir, 'out', 'bench-host.js');
  await esbuild.build({
    entryPoints: [path.join(o.root, 'bench/host/suite.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'error',
  });
  const sessions = [];
  for (let s = 0; s < o.sessions; s++) {
    const ws = path.join(o.tmp, `host-ws-${s}`);
    mkdirSync(ws, { recursive: true });
    writeFileSync(
      path.join(ws, 'akkuro-environments.yaml'),
      `default: local\nenvironments:\n  local:\n    baseUrl: ${o.sandboxUrl}\n    brokerKey: demo-bank\n    labelReferenceId: demo-label\n    apiVersion: ${o.apiVersion}\n    variables: { partyId: p-42 }\n`,
    );
    const out = path.join(o.tmp, `host-${s}.json`);
    const spec = {
      out,
      clientId: o.client.id,
      clientSecret: o.client.secret,
      rounds: o.rounds,
      runAllNotebook: notebookOf(Array.from({ length: o.runAllCells }, () => o.runAllCell)),
      runner: {
        node: process.execPath,
        cli: path.join(o.buildDir, 'dist', 'cli.js'),
        env: { AKKURO_LOCAL_CLIENT_ID: o.client.id, AKKURO_LOCAL_CLIENT_SECRET: o.client.secret },
      },
      languageNotebook: languageNotebook(o.languageCells),
      languageCell: Math.floor((o.languageCells * 0.9) / 2),
    };
    // Too large for an environment variable: the suite reads it from a file outside the workspace.
    const specFile = path.join(o.tmp, `host-spec-${s}.json`);
    writeFileSync(specFile, JSON.stringify(spec));
    const code = await runHost(o.root, o.buildDir, suite, ws, specFile, o.log);
    if (code !== 0) throw new Error(`the extension-host benchmark exited ${code} (session ${s + 1})`);
    sessions.push(JSON.parse(readFileSync(out, 'utf8')));
    rmSync(ws, { recursive: true, force: true });
    o.log(`  host session ${s + 1}/${o.sessions} done`);
  }
  return sessions;
}

function runHost(root, extension, suite, workspace, specFile, log) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'test/host/run-extension-tests.mjs'),
        '--extension',
        extension,
        '--tests',
        suite,
        '--workspace',
        workspace,
        '--timeout',
        '1200',
        ...(process.env.AKKURO_BENCH_KEEP ? ['--keep'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AKKURO_BENCH_SPEC: specFile } },
    );
    let output = '';
    const keep = (d) => {
      output += d;
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) log(output.slice(-4000));
      resolve(code);
    });
  });
}
