// The language features on a 1,000-cell notebook, in-process with the core's pure functions (bundled and run
// by bench/run.mjs). What the editor does after an edit: update the notebook index with the new text, then
// recheck the cells the index names; and what completion does: the cell's facts plus the completion items.
// The full recheck of every cell (what each edit cost before the index) is measured alongside. Prints JSON.
import { performance } from 'node:perf_hooks';
import type { Environment } from '../src/core/environments/environment';
import { completions } from '../src/core/language/completion';
import { cellDiagnostics } from '../src/core/language/diagnostics';
import { collectAllNotebookFacts } from '../src/core/language/notebookFacts';
import { NotebookIndex } from '../src/core/language/notebookIndex';
import type { NamedResponse } from '../src/core/request/variables';
// @ts-expect-error: a plain ES module without types, shared with bench/run.mjs
import { languageCells } from './notebooks.mjs';

interface Spec {
  cells: number;
  rounds: number;
}

const env: Environment = {
  name: 'local',
  baseUrl: 'http://127.0.0.1:8080',
  origin: 'http://127.0.0.1:8080',
  variables: { partyId: 'p-42' },
  apiVersion: '2025.1.0',
  protected: false,
};

function main(): void {
  const spec = JSON.parse(process.argv[2]) as Spec;
  const texts = (languageCells(spec.cells) as Array<{ kind: string; text: string }>)
    .filter((c) => c.kind === 'request')
    .map((c) => c.text);
  const target = Math.floor(texts.length / 2);
  // Every cell has run once: completion and diagnostics see a response per name, as after a Run All.
  const responses = new Map<string, NamedResponse>(
    texts.map((_, i) => [
      `party${i}`,
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: { referenceId: `cp-${i}` },
        bodyIsJson: true,
      },
    ]),
  );
  const index = new NotebookIndex<number>();
  index.setCells(texts.map((text, key) => ({ key, text })));
  index.setVariables(Object.keys(env.variables));
  const recheck = (keys: Iterable<number>): number => {
    let problems = 0;
    for (const key of keys)
      problems += cellDiagnostics(index.text(key)!, { ...index.facts(key), environment: env, responses }).length;
    return problems;
  };
  recheck(index.keys());

  const repeats = Math.max(21, spec.rounds * 4);
  const timed = (edit: (i: number) => string): { ms: number[]; cells: number[] } => {
    const ms: number[] = [];
    const cells: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const text = edit(i);
      const t0 = performance.now();
      const dirty = index.setText(target, text);
      recheck(dirty);
      ms.push(performance.now() - t0);
      cells.push(dirty.size);
    }
    return { ms, cells };
  };
  const original = texts[target];
  // Typing in the middle of a cell: its name stays, only that cell is rechecked.
  const typing = timed((i) => original.replace('X-Request-Id', i % 2 ? 'X-Request-Id' : 'X-Request-Ix'));
  // Renaming the cell: it and the cell that reads its response are rechecked.
  const rename = timed((i) => (i % 2 ? original : original.replace(/^name: party\d+/, `name: renamed${i}`)));
  index.setText(target, original);

  const completionMs: number[] = [];
  let completionItems = 0;
  const text = texts[target];
  const offset = text.indexOf('{{') + 2;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const items = completions({ ...index.facts(target), environment: env, responses, text, offset });
    completionMs.push(performance.now() - t0);
    completionItems = items.length;
  }

  // Before the index: every edit read every cell's facts and rechecked every cell.
  const fullMs: number[] = [];
  for (let i = 0; i < Math.max(3, Math.min(spec.rounds, 5)); i++) {
    const t0 = performance.now();
    const facts = collectAllNotebookFacts(texts);
    texts.forEach((t, k) => cellDiagnostics(t, { ...facts[k], environment: env, responses }));
    fullMs.push(performance.now() - t0);
  }

  process.stdout.write(
    JSON.stringify({
      requestCells: texts.length,
      cells: spec.cells,
      typing,
      rename,
      completionMs,
      completionItems,
      fullRecheckMs: fullMs,
    }),
  );
}

main();
