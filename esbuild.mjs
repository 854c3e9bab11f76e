// One build for every bundle: the extension (node/cjs, vscode external), the CLI runner and the sandbox
// (node), the notebook renderer (browser/esm) and the extension-host test suite.
// Usage: node esbuild.mjs [--production] [--watch] [--only extension,cli,...]
//        node esbuild.mjs --cli-package [--pack-destination <dir>]   the runner's npm tarball (npm run package:cli)
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pack, prepareStaging } from './packaging/cliPackage.mjs';

const args = process.argv.slice(2);
const production = args.includes('--production');
const watch = args.includes('--watch');
const onlyArg = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const only = onlyArg ? new Set(onlyArg.split(',')) : undefined;
// The extension and the runner load the OpenAPI libraries from a file next to them: built with either.
if (only && (only.has('extension') || only.has('cli'))) only.add('openapiLibraries');
const cliPackage = args.includes('--cli-package');
const packDestination = args.includes('--pack-destination') ? args[args.indexOf('--pack-destination') + 1] : '.';
const rootDir = path.dirname(fileURLToPath(import.meta.url));
const version = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version;

// undici ships its HTTP parser twice, as SIMD and as plain WebAssembly (70 KB each), and falls back to the
// plain one whenever the SIMD module cannot be built. Bundling only the plain one (it runs everywhere
// WebAssembly does) keeps 70 KB out of every node bundle; undici's own fallback path does the rest.
const plainLlhttp = {
  name: 'plain-llhttp',
  setup(build) {
    build.onResolve({ filter: /llhttp_simd-wasm\.js$/ }, (args) => ({ path: args.path, namespace: 'plain-llhttp' }));
    build.onLoad({ filter: /.*/, namespace: 'plain-llhttp' }, () => ({
      contents: 'module.exports = undefined;',
      loader: 'js',
    }));
  },
};

// The OpenAPI libraries (src/core/openapi/libraries.ts: the $ref loader and Ajv, about 240 KB) are a bundle of
// their own. In the extension and the runner, the module that loads them becomes a require of that file next to
// the bundle, made the first time a spec is read, so activation and runs without specs never load them.
const OPENAPI_LIBRARIES = 'openapiLibraries.js';
const lazyOpenApi = {
  name: 'lazy-openapi-libraries',
  setup(build) {
    build.onLoad({ filter: /[\\/]core[\\/]openapi[\\/]loadLibraries\.ts$/ }, () => ({
      contents: `export function openApiLibraries() {
        return Promise.resolve().then(() => require(require('node:path').join(__dirname, ${JSON.stringify(OPENAPI_LIBRARIES)})));
      }`,
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  define: { __AKKURO_VERSION__: JSON.stringify(version) },
  metafile: true,
};
// The extension's bundle loads the yaml library (about 110 KB minified) the first time a notebook, a cell or a spec is
// read, not when it activates: every import of 'yaml' in it goes through src/extension/yamlOnFirstUse.ts, which
// requires the library on its first call. The runner reads a notebook at once, so it imports yaml directly.
const YAML_SHIM = path.join(rootDir, 'src', 'extension', 'yamlOnFirstUse.ts');
const yamlOnFirstUse = {
  name: 'yaml-on-first-use',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, (a) => (a.importer === YAML_SHIM ? undefined : { path: YAML_SHIM }));
  },
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', plugins: [plainLlhttp] };

export const bundles = {
  extension: {
    ...node,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [...node.plugins, lazyOpenApi, yamlOnFirstUse],
  },
  cli: {
    ...node,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [...node.plugins, lazyOpenApi],
  },
  openapiLibraries: {
    ...node,
    entryPoints: ['src/core/openapi/libraries.ts'],
    outfile: `dist/${OPENAPI_LIBRARIES}`,
  },
  sandbox: {
    ...node,
    entryPoints: ['src/sandbox/main.ts'],
    outfile: 'dist/sandbox.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  // The sandbox server as a library, required by the extension only when it starts the sandbox ("Start Local
  // Sandbox", a run against the built-in environment): most windows never do, and activation need not compile it.
  sandboxServer: { ...node, entryPoints: ['src/sandbox/server.ts'], outfile: 'dist/sandboxServer.js' },
  renderer: {
    ...common,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    entryPoints: ['src/renderer/index.ts'],
    outfile: 'dist/renderer.js',
    loader: { '.css': 'text' },
  },
  // The extension-host suite: mocha and vscode come from the extension host / node_modules at run time.
  tests: {
    ...node,
    minify: false,
    sourcemap: 'inline',
    entryPoints: ['test/extension/suite.ts'],
    outfile: 'out/test/extension/suite.js',
    external: ['vscode', 'mocha'],
  },
};
// The first-contact suite runs in a window of its own (an inactive extension, an untrusted workspace).
bundles.firstContactTests = {
  ...bundles.tests,
  entryPoints: ['test/extension/firstContactSuite.ts'],
  outfile: 'out/test/extension/firstContact.js',
};
// The restart suite runs in a window of its own, which it reloads once (test/extension/restartSuite.ts).
bundles.restartTests = {
  ...bundles.tests,
  entryPoints: ['test/extension/restartSuite.ts'],
  outfile: 'out/test/extension/restart.js',
};
const TEST_BUNDLES = new Set(['tests', 'firstContactTests', 'restartTests']);

if (cliPackage) {
  // The same runner bundle and its OpenAPI libraries, minified and without source maps, into the package's
  // staging folder.
  const staging = path.join(rootDir, 'out', 'cli-package');
  const outfile = prepareStaging(rootDir, staging);
  const libraries = path.join(path.dirname(outfile), OPENAPI_LIBRARIES);
  await esbuild.build({ ...bundles.cli, minify: true, sourcemap: false, outfile });
  await esbuild.build({ ...bundles.openapiLibraries, minify: true, sourcemap: false, outfile: libraries });
  const bundleKb = statSync(outfile).size / 1024;
  const tarball = pack(staging, path.resolve(packDestination));
  console.log(
    `${path.relative(process.cwd(), tarball.file)}: ${(tarball.size / 1024).toFixed(1)} KB (dist/cli.js ${bundleKb.toFixed(1)} KB minified); ${tarball.files.sort().join(', ')}`,
  );
  process.exit(0);
}

const selected = Object.entries(bundles).filter(
  ([name, b]) =>
    (only ? only.has(name) : true) && (!production || !TEST_BUNDLES.has(name)) && existsSync(b.entryPoints[0]),
);

if (watch) {
  for (const [, b] of selected) await (await esbuild.context(b)).watch();
  console.log(`watching ${selected.map(([n]) => n).join(', ')}`);
} else {
  const results = await Promise.all(selected.map(([, b]) => esbuild.build(b)));
  for (const [i, [name, b]] of selected.entries()) {
    const out = results[i].metafile.outputs[b.outfile];
    console.log(
      `${name.padEnd(10)} ${b.outfile.padEnd(34)} ${(out.bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`,
    );
  }
}
