// Debian packages the test host needs: Chromium to drive the workbench, and what code-server's native
// modules need to build (kerberos wants gssapi.h from libkrb5-dev; node-gyp wants a compiler and python).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

export function ensureAptPackages(log) {
  const wanted = ['chromium', 'libkrb5-dev', 'pkg-config'];
  // code-server's native modules build with node-gyp, which needs a compiler, make and python
  if (!hasCommand('g++') || !hasCommand('make')) wanted.push('build-essential');
  if (!hasCommand('python3')) wanted.push('python3');
  const missing = wanted.filter((name) => !isDebInstalled(name));
  if (missing.length === 0) return;
  if (!hasCommand('apt-get'))
    throw new Error(
      `[tools] missing ${missing.join(', ')} and apt-get is not available; install them with your package manager and run again`,
    );
  if (process.getuid?.() !== 0)
    throw new Error(
      `[tools] missing ${missing.join(', ')}; run as root or install them: apt-get update && apt-get install -y ${missing.join(' ')}`,
    );
  log(`[tools] apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  runSyncOrThrow('apt-get', ['update'], env);
  runSyncOrThrow('apt-get', ['install', '-y', ...missing], env);
}

function isDebInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function hasCommand(name) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function runSyncOrThrow(command, args, env) {
  const result = spawnSync(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0)
    throw new Error(`[tools] ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}
