import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serializeNotebookFile } from '../../src/core/notebook/notebookFile';

export const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'dist/cli.js');
/** The shape of every JWT: a base64url JSON header and payload. */
export const JWT_SHAPE = /eyJ[\w-]+\.eyJ[\w-]+\./;

/** Builds the real bundle the tests run, as `npm run build` would. */
export function buildCli(): void {
  execFileSync(process.execPath, ['esbuild.mjs', '--only', 'cli'], { cwd: ROOT, stdio: 'pipe' });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js` with a clean environment: only PATH, HOME and what the test passes. */
export function runCli(
  args: readonly string[],
  options: {
    cwd: string;
    env?: Record<string, string>;
    onSpawn?: (child: ChildProcess) => void;
    /** Options for node itself, before the script (e.g. --require a probe). */
    nodeArgs?: readonly string[];
  },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    options.onSpawn?.(child);
  });
}

export function notebook(
  cells: readonly string[],
  header: { environment?: string; client?: string; label?: string } = {},
): string {
  return serializeNotebookFile({ ...header, cells: cells.map((text) => ({ kind: 'request' as const, text })) });
}

// Removed when the test process ends, so test runs leave no folders behind.
const created: string[] = [];
process.once('exit', () => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A temp folder holding an environments file for the sandbox at `url`, and the given files. */
export function workspace(url: string, files: Record<string, string>, extraEnvironments = ''): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'akkuro-cli-'));
  created.push(dir);
  const envs = `environments:
  local:
    baseUrl: ${url}
    brokerKey: demo-bank
    labelReferenceId: demo-label
    apiVersion: 2025.1.0
  guarded:
    baseUrl: ${url}
    brokerKey: demo-bank
    labelReferenceId: demo-label
    apiVersion: 2025.1.0
    protected: true
${extraEnvironments}`;
  writeFileSync(path.join(dir, 'akkuro-environments.yaml'), envs);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export const LIST = 'GET: /counterparty-management/counterparties';
export const FAILING = 'GET: /counterparty-management/counterparties\nexpect:\n  status: 299';
