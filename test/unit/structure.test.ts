import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The layers of ARCHITECTURE.md as a test: core is pure (no vscode, no sandbox, no face), a face never
 * imports another face, the renderer sees only the contract and core types, and the contract is leaf code.
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

const all = sources(SRC).flatMap(importsOf);
const layer = (p: string) => p.split(path.sep)[0];
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
});
