// Step 11, once the browser and code-server have stopped: nothing we, VS Code or the browser wrote may
// hold the secret or a token, and nothing may have been written into $HOME.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forbiddenPatterns, scanForSecrets } from './secretScan.mjs';

// Where code-server, VS Code, Chromium and Playwright would write if they were not isolated.
const HOME_PLACES = [
  '.config/code-server',
  '.local/share/code-server',
  '.cache/code-server',
  '.vscode',
  '.vscode-server',
  '.vscode-server-oss',
  '.config/chromium',
  '.cache/chromium',
  '.pki',
  '.cache/ms-playwright',
  '.config/Code',
];

/**
 * @param {{ checks: import('./checks.mjs').Checks, scratchDir: string, screenshotDir: string,
 *   credentials: { clientId: string, clientSecret: string }, since: number, say: (line: string) => void }} options
 */
export function finalChecks({ checks, scratchDir, screenshotDir, credentials, since, say }) {
  // The scratch dir holds the workspace, code-server's user data (logs included), the extensions dir,
  // Chromium's profile and our logs. The extension's own files are skipped: its bundle carries the
  // sandbox with its demo credentials by design (and the .vsix is that bundle, zipped).
  const extensionsDir = path.join(scratchDir, 'extensions');
  const skip = (file) => {
    if (file.endsWith('.vsix')) return 'the packaged .vsix';
    const inExtensions = path.relative(extensionsDir, file);
    if (
      !inExtensions.startsWith('..') &&
      inExtensions.split(path.sep)[0].startsWith('akkuro-notebooks.akkuro-notebooks-')
    )
      return 'the installed extension';
    return undefined;
  };
  const patterns = forbiddenPatterns(credentials);
  // A scan that finds nothing proves something only if it can find: the extension's bundle holds the
  // demo secret, and a planted file holds a JWT and the secret as UTF-16.
  const control = plantControl(scratchDir, credentials);
  const found = scanForSecrets([path.join(scratchDir, 'extensions'), control], patterns).findings.map((f) => f.pattern);
  fs.rmSync(control, { recursive: true, force: true });
  checks.that(
    'the scan finds what it looks for (in the extension bundle and planted files)',
    ['client secret', 'client secret (UTF-16)', 'JWT', 'JWT (UTF-16)'].every((p) => found.includes(p)),
    [...new Set(found)].join(', ') || 'nothing found',
  );

  const scan = scanForSecrets([scratchDir, screenshotDir], patterns, { skip });
  const skippedDirs = [...new Set(scan.skipped.map((s) => s.reason))];
  const summary = `${scan.files} files, ${(scan.bytes / 1024 / 1024).toFixed(1)} MiB scanned in the workspace, user data, logs, browser profile and screenshots; skipped ${scan.skipped.length} files of ${skippedDirs.join(' and ') || 'nothing'}`;
  checks.that(
    'no file written during the run holds the secret, its Basic form or a JWT',
    scan.findings.length === 0,
    scan.findings.length
      ? scan.findings.map((f) => `${f.pattern} in ${path.relative(scratchDir, f.file)}`).join('; ')
      : summary,
  );
  const logs = scan.scanned
    .filter((file) => file.startsWith(path.join(scratchDir, 'user-data', 'logs') + path.sep))
    .map((file) => path.basename(file));
  checks.that(
    "the scan read code-server's logs, the extension host's included",
    logs.some((name) => /exthost/i.test(name)),
    `${logs.length} log files: ${[...new Set(logs)].slice(0, 8).join(', ')}…`,
  );

  // With akkuro.history.persist on, the run history is kept in the extension's workspace storage: it was scanned.
  const stored = scan.scanned.filter(
    (file) =>
      file.startsWith(path.join(scratchDir, 'user-data') + path.sep) &&
      file.endsWith(path.join('akkuro-notebooks.akkuro-notebooks', 'run-history.json')),
  );
  const runs = stored.reduce((n, file) => n + (fs.readFileSync(file, 'utf8').match(/"ranAt"/g) ?? []).length, 0);
  checks.that(
    'the scan read the stored run history (workspace storage, not the workspace folder)',
    stored.length === 1 && runs > 0,
    stored.length ? `${path.relative(scratchDir, stored[0])}: ${runs} runs` : 'no run-history.json in the user data',
  );

  const ourLog = scan.scanned.find((file) => path.basename(file) === 'Akkuro Notebooks.log');
  const ourLines = ourLog
    ? fs
        .readFileSync(ourLog, 'utf8')
        .split('\n')
        .filter((l) => / → \d{3} in /.test(l))
    : [];
  checks.that(
    'the scan read the "Akkuro Notebooks" log, with its request lines',
    ourLines.length > 0,
    ourLog
      ? `${ourLines.length} request lines in ${path.relative(scratchDir, ourLog)}`
      : 'no Akkuro Notebooks.log was written',
  );

  const home = os.homedir();
  const touched = HOME_PLACES.map((place) => path.join(home, place)).filter(
    (place) => fs.existsSync(place) && newestChange(place) >= since,
  );
  checks.that(
    'nothing was written into $HOME',
    touched.length === 0,
    touched.length ? touched.join(', ') : `checked ${HOME_PLACES.length} places under ${home}`,
  );
  if (scan.findings.length) say('  (the files above are kept only with --keep)');
}

function plantControl(scratchDir, { clientSecret }) {
  const dir = fs.mkdtempSync(path.join(scratchDir, 'scan-control-'));
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjb250cm9sIn0.c2lnbmF0dXJl';
  fs.writeFileSync(path.join(dir, 'token.log'), `seen ${jwt} here\n`);
  fs.writeFileSync(
    path.join(dir, 'utf16.bin'),
    Buffer.concat([Buffer.from([0]), Buffer.from(`x${clientSecret} ${jwt}`, 'utf16le')]),
  );
  return dir;
}

function newestChange(place) {
  const stat = fs.lstatSync(place);
  let newest = stat.mtimeMs;
  if (!stat.isDirectory()) return newest;
  for (const entry of fs.readdirSync(place)) newest = Math.max(newest, newestChange(path.join(place, entry)));
  return newest;
}
