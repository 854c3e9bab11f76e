// After the run: proof that no file we, VS Code or the browser wrote holds the secret or a token.
// Files are read as bytes; text may be stored as UTF-8/Latin-1 or as UTF-16 (Chromium's storage).
import fs from 'node:fs';
import path from 'node:path';

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\./;

/**
 * What must never be written: the secret (as text and as UTF-16), its Basic-auth form and any JWT.
 * @param {{ clientId: string, clientSecret: string }} credentials
 */
export function forbiddenPatterns({ clientId, clientSecret }) {
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
  return [
    { name: 'client secret', find: bytes(clientSecret) },
    { name: 'client secret (UTF-16)', find: bytes(Buffer.from(clientSecret, 'utf16le')) },
    { name: 'Basic credentials (base64)', find: bytes(basic) },
    { name: 'Basic credentials (base64, UTF-16)', find: bytes(Buffer.from(basic, 'utf16le')) },
    { name: 'JWT', find: (buffer) => JWT.test(buffer.toString('latin1')) },
    // UTF-16 text may start at an odd offset within a file.
    {
      name: 'JWT (UTF-16)',
      find: (buffer) =>
        [0, 1].some((offset) => buffer.length > offset + 1 && JWT.test(buffer.subarray(offset).toString('utf16le'))),
    },
  ];
}

/**
 * Every regular file under `roots` (recursively, symlinks not followed) checked against `patterns`.
 * `skip(file)` returns a reason to leave a file out (reported, so the exclusion stays visible).
 * @returns {{ files: number, bytes: number, scanned: string[], findings: Array<{ file: string, pattern: string }>, skipped: Array<{ file: string, reason: string }> }}
 */
export function scanForSecrets(roots, patterns, { skip = () => undefined } = {}) {
  const result = { files: 0, bytes: 0, scanned: [], findings: [], skipped: [] };
  const seen = new Set();
  for (const root of roots) {
    if (!fs.existsSync(root)) continue;
    for (const file of walk(root)) {
      if (seen.has(file)) continue;
      seen.add(file);
      const reason = skip(file);
      if (reason) {
        result.skipped.push({ file, reason });
        continue;
      }
      let content;
      try {
        content = fs.readFileSync(file);
      } catch (error) {
        if (error.code === 'ENOENT') continue; // removed while we walked (a browser lock file, a log rotation)
        throw error;
      }
      result.files++;
      result.scanned.push(file);
      result.bytes += content.length;
      for (const pattern of patterns) if (pattern.find(content)) result.findings.push({ file, pattern: pattern.name });
    }
  }
  return result;
}

function bytes(needle) {
  const wanted = Buffer.isBuffer(needle) ? needle : Buffer.from(needle, 'utf8');
  return (buffer) => buffer.includes(wanted);
}

function* walk(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}
