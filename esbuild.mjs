// One build for every bundle: the extension (node/cjs, vscode external), the CLI runner and the sandbox
// (node), the notebook renderer (browser/esm) and the extension-host test suite.
// Usage: node esbuild.mjs [--production] [--watch] [--only extension,cli,...]
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const production = args.includes('--production');
const watch = args.includes('--watch');
const onlyArg = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const only = onlyArg ? new Set(onlyArg.split(',')) : undefined;
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

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  define: { __AKKURO_VERSION__: JSON.stringify(version) },
  metafile: true,
};
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', plugins: [plainLlhttp] };

export const bundles = {
  extension: {
    ...node,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
  },
  cli: { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  sandbox: {
    ...node,
    entryPoints: ['src/sandbox/main.ts'],
    outfile: 'dist/sandbox.js',
    banner: { js: '#!/usr/bin/env node' },
  },
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

const selected = Object.entries(bundles).filter(
  ([name, b]) => (only ? only.has(name) : true) && (!production || name !== 'tests') && existsSync(b.entryPoints[0]),
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
