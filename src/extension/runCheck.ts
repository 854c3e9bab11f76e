import * as vscode from 'vscode';
import type { RunResult } from '../contract/response';
import { formatDiagnostic } from '../core/text/diagnostic';
import type { RunEngine } from '../core/engine';
import type { Environment } from '../core/environments/environment';
import type { AccessPreferences } from '../core/environments/accessChoice';
import { checkCells, checkHeader, withHeaderProblems, type CellProblems } from '../core/notebook/staticCheck';
import { checkBodyFile, type BodyFileScope } from '../core/request/bodyFile';
import { failure } from './outputs';

const TEMPLATE_CODES = /^(template-|variable-|response-)/;

/**
 * The core's static check over the cells a multi-cell run (Run All, run selected cells) will send,
 * before any of them is sent: the cells' text as the editor holds it, the names already in memory, the
 * bodyFile rule with the run's own scope. A mistake in the notebook file's `client:`/`label:` is shown on
 * each cell of the run that relies on it (its output says it comes from the header).
 */
export async function checkBeforeRun(
  notebook: vscode.NotebookDocument,
  toRun: readonly vscode.NotebookCell[],
  env: Environment,
  engine: RunEngine,
  memory: ReadonlyMap<string, unknown>,
  bodyFiles: Omit<BodyFileScope, 'signal'>,
  access: AccessPreferences = {},
): Promise<CellProblems[]> {
  const cells = notebook
    .getCells()
    .filter((c) => c.kind === vscode.NotebookCellKind.Code)
    .map((c) => ({ index: c.index, text: c.document.getText() }));
  const run = new Set(toRun.map((c) => c.index));
  const ctx = { environment: env, access, parse: engine.parseCell };
  const problems = await checkCells(
    cells,
    { ...ctx, responses: new Set(memory.keys()), bodyFile: (file) => checkBodyFile(file, bodyFiles) },
    run,
  );
  return withHeaderProblems(problems, checkHeader(cells, ctx, run), cells, engine.parseCell);
}

/** The output of a cell with static problems: the same failure kinds a run of the cell alone would give. */
export function problemsResult(p: CellProblems, env: Environment): RunResult {
  const first = p.diagnostics[0].code;
  const category =
    first === 'body-file'
      ? 'body-file'
      : TEMPLATE_CODES.test(first)
        ? 'variable'
        : first.startsWith('access-')
          ? 'client'
          : 'cell';
  const n = p.diagnostics.length;
  return failure(
    category,
    n === 1 ? 'Not run: this cell has a problem' : `Not run: this cell has ${n} problems`,
    p.diagnostics.map((d) => formatDiagnostic(d)).join('\n'),
    {
      diagnostics: p.diagnostics,
      hint: 'Every cell of a run is checked before anything is sent; nothing was sent. Fix this and run again.',
      environment: { name: env.name, baseUrl: env.baseUrl, protected: env.protected },
    },
  );
}

/** "Cells 2 and 5 have problems; nothing was sent." — numbered as the notebook shows them. */
export function problemsNotice(problems: readonly CellProblems[]): string {
  const numbers = problems.map((p) => String(p.index + 1));
  const list =
    numbers.length === 1
      ? `Cell ${numbers[0]} has`
      : `Cells ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)} have`;
  return `Not run: ${list} ${problems.length === 1 && problems[0].diagnostics.length === 1 ? 'a problem' : 'problems'}, shown in ${problems.length === 1 ? 'its output' : 'their outputs'}. Nothing was sent.`;
}
