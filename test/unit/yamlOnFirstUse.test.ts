import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as real from 'yaml';
import * as shim from '../../src/extension/yamlOnFirstUse';

/** Every name the extension's sources import from 'yaml' as a value (the bundle sends those imports to the shim). */
function valueImports(dir: string, found = new Set<string>()): Set<string> {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) valueImports(file, found);
    else if (file.endsWith('.ts') && !file.endsWith('yamlOnFirstUse.ts'))
      for (const m of readFileSync(file, 'utf8').matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'yaml'/g)) {
        if (m[1]) continue;
        for (const spec of m[2].split(',').map((s) => s.trim()))
          if (spec && !spec.startsWith('type ')) found.add(spec.split(/\s+as\s+/)[0]);
      }
  }
  return found;
}

describe('the yaml library on first use (the extension bundle)', () => {
  it('offers every value the sources import from yaml', () => {
    const root = path.join(__dirname, '..', '..', 'src');
    const needed = [...valueImports(path.join(root, 'core')), ...valueImports(path.join(root, 'extension'))];
    assert.ok(needed.includes('parseDocument') && needed.includes('Scalar'), needed.join());
    for (const name of needed) assert.ok(name in shim, `yamlOnFirstUse.ts has no "${name}"`);
  });

  it('behaves as the library: guards, parse, stringify, visit and its markers, Document and Scalar', () => {
    const doc = shim.parseDocument('a: [1, "x"]\nb: !!str 2\n');
    assert.ok(shim.isMap(doc.contents));
    const seq = doc.get('a', true);
    assert.ok(shim.isSeq(seq) && shim.isCollection(seq) && !shim.isAlias(seq));
    assert.ok(shim.isScalar(seq.items[1]) && shim.isPair(doc.contents.items[0]));
    assert.equal(shim.stringify({ a: 1 }), real.stringify({ a: 1 }));
    assert.equal(shim.visit.SKIP, real.visit.SKIP);
    assert.equal(shim.visit.BREAK, real.visit.BREAK);
    const seen: unknown[] = [];
    shim.visit(doc, { Scalar: (_k, node) => void seen.push(node.value) });
    assert.deepEqual(seen, ['a', 1, 'x', 'b', '2']);
    const made = new shim.Document({ expect: { status: 200 } });
    assert.ok(made instanceof real.Document);
    assert.equal(made.toString(), 'expect:\n  status: 200\n');
    const scalar = new shim.Scalar('line\n');
    scalar.type = shim.Scalar.BLOCK_LITERAL;
    assert.ok(scalar instanceof real.Scalar);
    assert.equal(shim.Scalar.PLAIN, real.Scalar.PLAIN);
    assert.equal(shim.Scalar.QUOTE_DOUBLE, real.Scalar.QUOTE_DOUBLE);
  });
});
