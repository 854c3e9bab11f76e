import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The layers of the README's code map (Development) as a test: core is pure (no vscode, no sandbox, no face),
 * a face never imports another face, the renderer sees only the contract and core types, the contract is leaf
 * code, no two core files import each other (even for types only), and core/engine.ts is the one place that
 * builds the services both faces share.
 */
const SRC = path.join(__dirname, '..', '..', 'src');
const FACES = ['extension', 'cli', 'renderer'];

interface Import {
  from: string;
  /** A path under src/ for a relative import, else the package name. */
  to: string;
  local: boolean;
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.ts$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  const re =
    /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5];
    const to = spec.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(file), spec)) : spec;
    out.push({ from: path.relative(SRC, file), to, local: spec.startsWith('.'), typeOnly: !!m[2] });
  }
  return out;
}

const files = sources(SRC);
const all = files.flatMap(importsOf);
const layer = (p: string) => p.split(path.sep)[0];
/** The file a local import names (`core/engine` → `core/engine.ts`, a folder → its index.ts). */
const known = new Set(files.map((f) => path.relative(SRC, f)));
const target = (to: string) => [`${to}.ts`, path.join(to, 'index.ts')].find((f) => known.has(f));

/** Every circle of imports in a graph, each as the path that closes it (`a → b → a`), found by a depth-first walk. */
function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const circles: string[] = [];
  const done = new Set<string>();
  const trail: string[] = [];
  const walk = (file: string): void => {
    trail.push(file);
    for (const next of graph.get(file) ?? []) {
      const at = trail.indexOf(next);
      if (at >= 0) circles.push([...trail.slice(at), next].join(' → '));
      else if (!done.has(next)) walk(next);
    }
    trail.pop();
    done.add(file);
  };
  for (const file of graph.keys()) if (!done.has(file)) walk(file);
  return circles;
}

/** Code without its comments, so a comment that names a constructor is not taken for a call. */
const code = (file: string) =>
  readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');

const violations = (pred: (i: Import) => boolean) =>
  all.filter(pred).map((i) => `${i.from} imports ${i.to}${i.typeOnly ? ' (type)' : ''}`);

describe('structure', () => {
  it('finds the imports it checks', () => {
    assert.ok(all.length > 300, `only ${all.length} imports found: the scan is broken`);
    assert.ok(all.some((i) => i.from.startsWith(`extension${path.sep}`) && i.to === 'vscode'));
  });

  it('core never imports vscode, the sandbox or a face', () => {
    assert.deepEqual(
      violations((i) => layer(i.from) === 'core' && (i.to === 'vscode' || ['sandbox', ...FACES].includes(layer(i.to)))),
      [],
    );
  });

  it('a face never imports another face', () => {
    assert.deepEqual(
      violations((i) => FACES.includes(layer(i.from)) && FACES.includes(layer(i.to)) && layer(i.to) !== layer(i.from)),
      [],
    );
  });

  it('the renderer imports the contract, only types from core, and no package code', () => {
    assert.deepEqual(
      violations(
        (i) =>
          layer(i.from) === 'renderer' &&
          (i.local
            ? !['renderer', 'contract'].includes(layer(i.to)) && !(layer(i.to) === 'core' && i.typeOnly)
            : !i.typeOnly),
      ),
      [],
    );
  });

  it('the contract imports nothing but itself and core types', () => {
    assert.deepEqual(
      violations(
        (i) =>
          layer(i.from) === 'contract' &&
          (!i.local || (layer(i.to) !== 'contract' && !(layer(i.to) === 'core' && i.typeOnly))),
      ),
      [],
    );
  });

  it('the sandbox never imports a face', () => {
    assert.deepEqual(
      violations((i) => layer(i.from) === 'sandbox' && FACES.includes(layer(i.to))),
      [],
    );
  });

  it('finds circles with its walk', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', []],
      ['e', ['e']],
    ]);
    assert.deepEqual(importCircles(graph), ['a → b → c → a', 'e → e']);
    assert.deepEqual(
      importCircles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
      [],
    );
  });

  it('no core file imports itself back through others, type-only imports included', () => {
    const core = all.filter((i) => layer(i.from) === 'core' && i.local && layer(i.to) === 'core');
    const graph = new Map<string, string[]>();
    for (const i of core) {
      const to = target(i.to);
      assert.ok(to, `${i.from} imports ${i.to}, which the scan cannot find`);
      graph.set(i.from, [...(graph.get(i.from) ?? []), to]);
    }
    assert.ok(core.length > 300, `only ${core.length} imports within core found: the scan is broken`);
    assert.deepEqual(importCircles(graph), []);
  });

  it('only core/engine.ts builds the services the faces share, and only it hands credentials to the Redactor', () => {
    const root = path.join(SRC, 'core', 'engine.ts');
    const services = ['Redactor', 'HttpClient', 'TokenCache', 'Pacer', 'RunEngine'];
    const builds = (text: string) => [
      ...services.filter((name) => new RegExp(`\\bnew\\s+${name}\\b`).test(text)).map((name) => `new ${name}`),
      ...(/(?<!function\s+)\bcreateCellParser\s*\(/.test(text) ? ['createCellParser()'] : []),
      ...(/\.addCredentials\s*\(/.test(text) ? ['.addCredentials()'] : []),
    ];
    // The list names what engine.ts really builds: a renamed service fails here, not silently below.
    assert.deepEqual(builds(code(root)), [
      'new Redactor',
      'new HttpClient',
      'new TokenCache',
      'new Pacer',
      'new RunEngine',
      'createCellParser()',
      '.addCredentials()',
    ]);
    const elsewhere = files
      .filter((f) => f !== root)
      .flatMap((f) => builds(code(f)).map((what) => `${path.relative(SRC, f)}: ${what}`));
    assert.deepEqual(elsewhere, []);
  });
});
