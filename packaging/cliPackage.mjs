// The runner as an npm package: a staging folder holding the minified, self-contained dist/cli.js (and the
// OpenAPI libraries it loads only for contract checks, dist/openapiLibraries.js), a
// package.json derived from the project's (one name, one version), the runner's README and the LICENSE,
// packed with `npm pack`. The bundle carries undici and yaml, so the package has no dependencies and
// installs offline on a machine with only Node.js.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const CLI_PACKAGE_NAME = 'akkuro-nb';

/** The package.json of the runner's package, from the project's own. */
export function cliPackageJson(root) {
  return {
    name: CLI_PACKAGE_NAME,
    version: root.version,
    description:
      'Run Akkuro Lending request notebooks (.akkuro-nb) headlessly, e.g. as smoke tests in CI: console, JUnit, JSON, HTML and Markdown reports, secrets never in the output.',
    keywords: [...new Set([...root.keywords, 'cli', 'ci', 'smoke-test', 'junit'])],
    license: root.license,
    repository: root.repository,
    homepage: root.homepage,
    bugs: root.bugs,
    type: 'commonjs',
    bin: { [CLI_PACKAGE_NAME]: 'dist/cli.js' },
    files: ['dist/cli.js', 'dist/openapiLibraries.js'],
    engines: { node: root.engines.node },
  };
}

/** Writes everything but the bundle into a fresh staging folder; returns the bundle's path in it. */
export function prepareStaging(rootDir, stagingDir) {
  rmSync(stagingDir, { recursive: true, force: true });
  mkdirSync(path.join(stagingDir, 'dist'), { recursive: true });
  const root = JSON.parse(readFileSync(path.join(rootDir, 'package.json'), 'utf8'));
  writeFileSync(path.join(stagingDir, 'package.json'), `${JSON.stringify(cliPackageJson(root), null, 2)}\n`);
  copyFileSync(path.join(rootDir, 'packaging', 'cli-README.md'), path.join(stagingDir, 'README.md'));
  copyFileSync(path.join(rootDir, 'LICENSE'), path.join(stagingDir, 'LICENSE'));
  return path.join(stagingDir, 'dist', 'cli.js');
}

/** `npm pack` in the staging folder, the tarball written to `destination`; returns its path and size. */
export function pack(stagingDir, destination) {
  chmodSync(path.join(stagingDir, 'dist', 'cli.js'), 0o755);
  mkdirSync(destination, { recursive: true });
  // Under `npm run`, npm_execpath is the npm that runs us; elsewhere the npm on PATH.
  const viaNpm = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath);
  const [command, prefix] = viaNpm ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  const result = spawnSync(command, [...prefix, 'pack', '--json', '--pack-destination', destination], {
    cwd: stagingDir,
    encoding: 'utf8',
    shell: !viaNpm && process.platform === 'win32',
  });
  if (result.status !== 0) throw new Error(`npm pack failed (exit ${result.status}):\n${result.stderr}`);
  const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
  return { file: path.join(destination, info.filename), size: info.size, files: info.files.map((f) => f.path) };
}
