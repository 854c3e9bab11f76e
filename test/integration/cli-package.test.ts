import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { junitSchemaErrors } from '../fixtures/junitSchema';
import { FAILING, LIST, notebook, ROOT } from './cli-harness';

const rootPackage = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const TARBALL = `akkuro-nb-${rootPackage.version}.tgz`;
/** PATH without this repository's folders (`npm test` puts node_modules/.bin first). */
const OUTSIDE_PATH = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter((p) => p && !path.resolve(p).startsWith(ROOT));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A command as on a machine with only Node.js: no npm_* variables of the `npm test` around us, no
 * NODE_PATH, a HOME and npm cache of its own, and Node's folder on PATH for the `#!/usr/bin/env node` line.
 */
function run(command: string, args: readonly string[], cwd: string, home: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: {
        PATH: [path.dirname(process.execPath), ...OUTSIDE_PATH].join(path.delimiter),
        HOME: home,
        NODE_PATH: '',
        NO_COLOR: '1',
        npm_config_cache: path.join(home, 'npm-cache'),
        npm_config_update_notifier: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the akkuro-nb npm package (npm run package:cli), installed where only Node.js is', function () {
  this.timeout(120_000);
  let temp: string;
  let tarball: string;
  let prefix: string;
  let work: string;

  before(async () => {
    // Outside the repository, so no node_modules of ours is on any parent path of the install.
    temp = mkdtempSync(path.join(os.tmpdir(), 'akkuro-nb-package-'));
    const packed = await run(
      process.execPath,
      ['esbuild.mjs', '--cli-package', '--pack-destination', temp],
      ROOT,
      temp,
    );
    assert.equal(packed.code, 0, packed.stderr);
    tarball = path.join(temp, TARBALL);
    prefix = path.join(temp, 'prefix');
    work = path.join(temp, 'work');
    const install = await run(
      'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--offline', tarball],
      temp,
      temp,
    );
    assert.equal(
      install.code,
      0,
      `npm install --offline failed: the package must need nothing from a registry\n${install.stderr}`,
    );
    mkdirSync(work);
    writeFileSync(path.join(work, 'ok.akkuro-nb'), notebook([LIST, `${LIST}\nexpect:\n  status: 200`]));
    writeFileSync(path.join(work, 'bad.akkuro-nb'), notebook([LIST, FAILING]));
    writeFileSync(path.join(work, 'schema.akkuro-nb'), notebook([`${LIST}\nexpect:\n  schema: true`]));
  });
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('is named and versioned after the project, with bin, engines and only what runs', () => {
    assert.deepEqual(
      readdirSync(temp).filter((f) => f.endsWith('.tgz')),
      [TARBALL],
    );
    const dir = path.join(prefix, 'node_modules', 'akkuro-nb');
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'akkuro-nb');
    assert.equal(pkg.version, rootPackage.version);
    assert.deepEqual(pkg.bin, { 'akkuro-nb': 'dist/cli.js' });
    assert.equal(pkg.engines.node, rootPackage.engines.node);
    assert.equal(pkg.license, rootPackage.license);
    assert.deepEqual(pkg.repository, rootPackage.repository);
    assert.equal(pkg.dependencies, undefined, 'the bundle carries its dependencies');
    assert.equal(pkg.private, undefined, 'ready to publish');
    assert.deepEqual(readdirSync(dir).sort(), ['LICENSE', 'README.md', 'dist', 'package.json']);
    assert.deepEqual(readdirSync(path.join(dir, 'dist')).sort(), ['cli.js', 'openapiLibraries.js']);
    const cli = readFileSync(path.join(dir, 'dist', 'cli.js'), 'utf8');
    assert.ok(cli.startsWith('#!/usr/bin/env node\n'), 'the shebang');
    assert.doesNotMatch(cli.slice(0, 2000), /\n {2,}\S/, 'minified');
    assert.match(readFileSync(path.join(dir, 'README.md'), 'utf8'), /^# akkuro-nb\n[\s\S]*npm install -g/);
    assert.throws(() => require.resolve('undici', { paths: [dir] }), 'nothing to borrow undici from');
  });

  it('runs a notebook against the embedded sandbox through the installed bin', async () => {
    const bin = path.join(prefix, 'node_modules', '.bin', 'akkuro-nb');
    const ok = await run(bin, ['run', 'ok.akkuro-nb', '--sandbox', '--reporter', 'junit:junit.xml'], work, temp);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(
      ok.stdout,
      /^akkuro-nb \d+\.\d+\.\d+ · 1 notebook, 2 requests · local sandbox on http:\/\/127\.0\.0\.1:\d+/,
    );
    assert.match(ok.stdout, /✔ GET http:\/\/127\.0\.0\.1:\d+\/counterparty-management\/counterparties {2}200 OK/);
    assert.match(ok.stdout, /^2 passed, 0 failed \(/m);
    assert.deepEqual(await junitSchemaErrors(readFileSync(path.join(work, 'junit.xml'), 'utf8')), []);

    const bad = await run(bin, ['run', 'bad.akkuro-nb', '--sandbox'], work, temp);
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /expected status 299 but it was 200/);
    assert.match(bad.stdout, /^1 passed, 1 failed \(/m);

    // A schema check loads the OpenAPI libraries, a file of their own next to the bundle, and checks the
    // response against the sandbox's own document.
    const checked = await run(
      bin,
      ['run', 'schema.akkuro-nb', '--sandbox', '--check-schema', '--reporter', 'json:schema.json'],
      work,
      temp,
    );
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    const report = JSON.parse(readFileSync(path.join(work, 'schema.json'), 'utf8'));
    const schema = report.notebooks[0].cells[0].result.assertions.find(
      (a: { target: string }) => a.target === 'schema',
    );
    assert.ok(schema?.passed, JSON.stringify(report.notebooks[0].cells[0].result.assertions));
    assert.match(schema.message, /body matches the schema of GET \/counterparty-management\/counterparties/);

    const version = await run(bin, ['--version'], work, temp);
    assert.equal(version.stdout.trim(), rootPackage.version);
  });

  it('runs with npx straight from the tarball', async () => {
    copyFileSync(tarball, path.join(work, TARBALL));
    const r = await run('npx', ['--yes', '--offline', `./${TARBALL}`, 'run', 'ok.akkuro-nb', '--sandbox'], work, temp);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^2 passed, 0 failed \(/m);
  });
});
