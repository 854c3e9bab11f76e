import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { parseNotebookFile } from '../../src/core/notebook/notebookFile';
import { STARTER_CELLS } from '../../src/extension/templates';

const ROOT = path.join(__dirname, '..', '..');
const VSCODE_YAML = path.join(ROOT, 'test', 'grammar', 'vscode-yaml');

/** The request-cell grammar with the YAML grammars real VS Code 1.139 ships, through VS Code's own tokenizer. */
async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const files = new Map<string, string>();
  for (const f of readdirSync(VSCODE_YAML).filter((x) => x.endsWith('.json'))) {
    const g = JSON.parse(readFileSync(path.join(VSCODE_YAML, f), 'utf8')) as { scopeName: string };
    files.set(g.scopeName, path.join(VSCODE_YAML, f));
  }
  files.set('source.akkuro-request', path.join(ROOT, 'syntaxes', 'akkuro-request.tmLanguage.json'));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => {
      const file = files.get(scope);
      return file ? textmate.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
  });
  const grammar = await registry.loadGrammar('source.akkuro-request');
  assert.ok(grammar);
  return grammar;
}

function tokenize(grammar: textmate.IGrammar, text: string): Array<{ line: number; text: string; scopes: string[] }> {
  const out: Array<{ line: number; text: string; scopes: string[] }> = [];
  let state = textmate.INITIAL;
  text.split(/\r?\n/).forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) out.push({ line: i + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  });
  return out;
}

function requestCells(): Array<[string, string]> {
  const cells: Array<[string, string]> = [];
  for (const f of readdirSync(path.join(ROOT, 'examples')).filter((x) => x.endsWith('.akkuro-nb'))) {
    const nb = parseNotebookFile(readFileSync(path.join(ROOT, 'examples', f), 'utf8'));
    assert.ok(nb.ok);
    nb.notebook.cells.forEach((c, i) => c.kind === 'request' && cells.push([`${f} cell ${i + 1}`, c.text]));
  }
  STARTER_CELLS.forEach((c, i) => c.kind === 'request' && cells.push([`starter cell ${i + 1}`, c.text]));
  return cells;
}

describe('request-cell grammar with VS Code 1.139 YAML grammars', () => {
  let grammar: textmate.IGrammar;
  before(async () => (grammar = await loadGrammar()));

  it('marks nothing in the example and starter cells as invalid', () => {
    const cells = requestCells();
    assert.ok(cells.length >= 8);
    for (const [where, text] of cells) {
      const bad = tokenize(grammar, text).filter((t) => t.scopes.some((s) => s.startsWith('invalid')));
      assert.deepEqual(
        bad.map((t) => `${where} line ${t.line}: "${t.text}" ${t.scopes.at(-1)}`),
        [],
      );
    }
  });

  it('still scopes method keys, URLs and templates', () => {
    const tokens = tokenize(
      grammar,
      '# a comment\nname: party\nPOST: /counterparty-management/counterparties\nheaders:\n  X-Id: "{{$uuid}}"\nbody:\n  ref: "{{party.body.referenceId}}"\nexpect:\n  status: 201\n',
    );
    const scopeOf = (text: string) => tokens.find((t) => t.text === text)?.scopes.join(' ') ?? `no token "${text}"`;
    assert.match(scopeOf('POST'), /keyword\.control\.method\.akkuro/);
    assert.match(scopeOf('/counterparty-management/counterparties'), /url/);
    assert.match(scopeOf('$uuid'), /support\.variable\.builtin/);
    assert.match(
      tokens
        .filter((t) => t.line === 7)
        .map((t) => t.scopes.join(' '))
        .join('|'),
      /meta\.template\.akkuro/,
    );
    assert.match(scopeOf('# a comment'), /comment/);
  });
});
