import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, type CliRun } from './cli-harness';

const TIME = '/usr/bin/time';

export interface MeasuredRun extends CliRun {
  /** The runner's peak resident set size, in MiB. */
  peakMiB: number;
}

/**
 * Runs `node dist/cli.js` like runCli, measuring its peak RSS (GNU time's %M when /usr/bin/time is
 * there, else the kernel's VmHWM polled from /proc). A watchdog kills the runner once its RSS passes
 * `killAboveMiB`, so a regression that reads without bound fails fast instead of taking the machine's
 * memory (the unbounded /dev/zero read reached 12 GB). An address-space limit would be simpler, but
 * undici's WebAssembly HTTP parser reserves more address space than any useful limit.
 */
export function runCliMeasured(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; killAboveMiB?: number; killAfterMs?: number },
): Promise<MeasuredRun> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'akkuro-rss-'));
  const timeFile = path.join(scratch, 'rss');
  const timed = existsSync(TIME);
  const command = [...(timed ? [TIME, '-f', '%M', '-o', timeFile] : []), process.execPath, CLI, ...args];
  const killAboveKb = (options.killAboveMiB ?? 1024) * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let polledKb = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const poll = setInterval(() => {
      // Under GNU time the runner is time's only child.
      const pid = timed ? Number(readProc(`${child.pid}/task/${child.pid}/children`).trim() || 0) : child.pid;
      const status = readProc(`${pid}/status`);
      polledKb = Math.max(polledKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      if (Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) > killAboveKb && pid) process.kill(pid, 'SIGKILL');
    }, 5);
    const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      clearInterval(poll);
      const fromTime = existsSync(timeFile) ? Number(/(\d+)\s*$/.exec(readFileSync(timeFile, 'utf8'))?.[1] ?? 0) : 0;
      rmSync(scratch, { recursive: true, force: true });
      resolve({ code, stdout, stderr, peakMiB: Math.round((fromTime || polledKb) / 1024) });
    });
  });
}

function readProc(file: string): string {
  try {
    return readFileSync(`/proc/${file}`, 'utf8');
  } catch {
    return '';
  }
}
