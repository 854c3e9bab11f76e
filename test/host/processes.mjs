// Process-group bookkeeping for the test host. Linux /proc only: that is where the host runs.
import fs from 'node:fs';

/** Pids whose process group is `pgid`, read from /proc (empty when the group is gone). */
export function groupMembers(pgid) {
  const members = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(entry, 'stat');
    if (!stat) continue;
    // comm (field 2) may contain spaces and parentheses; the fields after the last ')' are fixed
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    if (Number(fields[2]) === pgid && state !== 'Z') members.push(Number(entry));
  }
  return members;
}

/** Pids whose command line contains `needle` (a path unique to one run, e.g. its scratch dir). */
export function pidsWithArgument(needle) {
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = readProc(entry, 'cmdline');
    if (cmdline && cmdline.includes(needle)) pids.push(Number(entry));
  }
  return pids;
}

export function processGroupOf(pid) {
  const stat = readProc(String(pid), 'stat');
  if (!stat) return undefined;
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

export function commandLineOf(pid) {
  return (readProc(String(pid), 'cmdline') ?? '').split('\0').join(' ').trim();
}

/** Sends `signal` to the whole group; false when the group no longer exists. */
export function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if (error.code === 'ESRCH') return false;
    throw error;
  }
}

/** SIGTERM, then SIGKILL after `graceMs`, until no member of the group is left. */
export async function stopGroup(pgid, { graceMs = 5000 } = {}) {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (groupMembers(pgid).length > 0) {
    if (Date.now() > deadline) {
      signalGroup(pgid, 'SIGKILL');
      await waitForEmptyGroup(pgid, 5000);
      return;
    }
    await sleep(100);
  }
}

export async function waitForEmptyGroup(pgid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (groupMembers(pgid).length > 0) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

function readProc(pid, file) {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined; // the process exited while we were looking
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
