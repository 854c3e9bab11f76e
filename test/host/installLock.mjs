// A cross-process lock for the one-time tool install: mkdir is atomic, and the holder's pid lets a
// later run recognise (and clear) a lock left by a killed install.
import fs from 'node:fs';
import path from 'node:path';

const LOCK_WAIT_MS = 20 * 60_000;

export async function withLock(lockDir, log, body) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = readLockHolder(lockDir);
    if (holder !== undefined ? !isAlive(holder) : isOlderThan(lockDir, 60_000)) {
      log(`[tools] removing stale lock ${lockDir} (holder ${holder ?? 'unknown'} is gone)`);
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(
        `[tools] gave up waiting for ${lockDir} (held by pid ${holder ?? '?'}); if no install is running, delete that folder`,
      );
    if (!announced) log(`[tools] another install holds ${lockDir} (pid ${holder ?? '?'}); waiting`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  try {
    await body();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function readLockHolder(lockDir) {
  try {
    const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // the holder may be between mkdir and writing its pid
  }
}

// A lock without a pid after a minute was left between mkdir and writing the pid.
function isOlderThan(dir, ms) {
  try {
    return Date.now() - fs.statSync(dir).mtimeMs > ms;
  } catch {
    return false;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}
