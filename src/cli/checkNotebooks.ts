import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_LIMITS, type RunEngine } from '../core/engine';
import { cellPositions } from '../core/notebook/cellPositions';
import { formatDiagnostic } from '../core/text/diagnostic';
import { headerDiagnostic, type HeaderAccessProblem } from '../core/notebook/headerAccess';
import { checkCells, checkHeader, formatCellProblem, type CellProblems } from '../core/notebook/staticCheck';
import { checkBodyFile } from '../core/request/bodyFile';
import type { PlannedNotebook } from './plan';
import { checkedEnvironment, notebookPreferences } from './planAccess';

/**
 * The run-wide check before the first request (the core's static check over every cell of every
 * notebook, once per white label with --label all): one message per notebook with a problem, each problem
 * at its line and column in the file; a mistake in the notebook's `client:`/`label:` once, at its header line.
 * An empty list means the run may start.
 */
export async function checkNotebooks(
  notebooks: readonly PlannedNotebook[],
  variables: Readonly<Record<string, string>>,
  engine: RunEngine,
  budget?: number,
  /** The run's timeout (--timeout): a body file that cannot be opened within it is a problem, not a hang. */
  timeoutMs = DEFAULT_LIMITS.timeoutMs,
): Promise<string[]> {
  const errors: string[] = [];
  for (const nb of notebooks) {
    const cells = nb.notebook.cells
      .map((cell, index) => ({ index, text: cell.text, kind: cell.kind }))
      .filter((c) => c.kind === 'request');
    const notebookDir = path.dirname(nb.absolutePath);
    const ctx = {
      // The sandbox's URL is known once it has started; it has no variables of its own.
      environment: checkedEnvironment(nb),
      access: notebookPreferences(nb),
      parse: engine.parseCell,
    };
    const header = checkHeader(cells, ctx);
    const problems = await checkCells(cells, {
      ...ctx,
      variables,
      ...(budget !== undefined ? { budget } : {}),
      bodyFile: (file) =>
        checkBodyFile(file, {
          notebookDir,
          ...(nb.root ? { rootDir: nb.root } : {}),
          maxBytes: DEFAULT_LIMITS.maxBodyBytes,
          timeoutMs,
        }),
    });
    if (problems.length || header.length) errors.push(describe(nb, problems, header));
  }
  return errors;
}

function describe(
  nb: PlannedNotebook,
  problems: readonly CellProblems[],
  header: readonly HeaderAccessProblem[],
): string {
  const text = fileText(nb.absolutePath);
  const positions = text === undefined ? [] : cellPositions(text);
  const lines = [
    ...header.map((h) =>
      text === undefined
        ? `  ${nb.path}: ${headerDiagnostic('', h).message}`
        : `  ${formatDiagnostic(headerDiagnostic(text, h), nb.path)}`,
    ),
    ...problems.flatMap((p) =>
      p.diagnostics.map((d) => `  ${formatCellProblem(d, nb.path, p.index, positions[p.index])}`),
    ),
  ];
  const count = lines.length === 1 ? '1 problem' : `${lines.length} problems`;
  const cells = problems.length === 1 ? '1 cell' : `${problems.length} cells`;
  const where = !problems.length ? 'its header' : header.length ? `its header and ${cells}` : cells;
  const label = nb.label ? ` (label ${nb.label})` : '';
  return `${nb.path}${label} has ${count} in ${where}; nothing was sent. Fix ${lines.length === 1 ? 'it' : 'them'} and run again:\n${lines.join('\n')}`;
}

function fileText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
