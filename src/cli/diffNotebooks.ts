import { performance } from 'node:perf_hooks';
import type { RunResult } from '../contract/response';
import { compareRuns, showValue } from '../core/compare/compareRuns';
import { escapeControls as safe } from '../core/text/escapeControls';
import { VolatileRule } from '../core/compare/volatile';
import type { RunEngine } from '../core/engine';
import type { Environment } from '../core/environments/environment';
import { sideTitle } from '../core/compare/compareTargets';
import { notebookContext } from './notebookContext';
import { runCell, type RunContext } from '../core/run/run';
import type { DiffOptions } from './diffArgs';
import type { NotebookInput } from './notebookInputs';
import { cellLabel } from './report';
import { formatDuration, type Output } from './terminal';

/** One side of a comparison: an environment, and the white label asked for with --label. */
export interface DiffSide {
  environment: Environment;
  label?: string;
}

export interface DiffPair extends NotebookInput {
  root?: string;
  left: DiffSide;
  right: DiffSide;
}

export interface DiffSettings {
  engine: RunEngine;
  options: DiffOptions;
  signal: AbortSignal;
  out: Output;
}

export interface DiffSummary {
  same: number;
  different: number;
  failed: number;
}

const SHOWN = 20;

/**
 * Each request cell runs in the left environment, then in the right one, each environment with its own named
 * responses, so a chain (`{{party.body.referenceId}}`) works on both sides. Cells are compared as they finish.
 */
export async function diffNotebooks(notebooks: readonly DiffPair[], s: DiffSettings): Promise<DiffSummary> {
  const summary: DiffSummary = { same: 0, different: 0, failed: 0 };
  const started = performance.now();
  const { out } = s;
  for (const nb of notebooks) {
    // Everything printed from here on can come from a file or a server: control characters are shown, not obeyed.
    const [leftName, rightName] = [safe(name(nb.left)), safe(name(nb.right))];
    out.write(`${out.paint('bold', safe(nb.path))}  ${out.paint('dim', `(${leftName} ↔ ${rightName})`)}\n`);
    const left = context(nb, nb.left, s);
    const right = context(nb, nb.right, s);
    const rule = VolatileRule.of(nb.left.environment, nb.right.environment);
    for (const [i, cell] of nb.notebook.cells.entries()) {
      if (cell.kind !== 'request' || s.signal.aborted) continue;
      const a = (await runCell(cell.text, left)).result;
      const b = s.signal.aborted ? undefined : (await runCell(cell.text, right)).result;
      if (!b) break;
      const label = safe(cellLabel(cell.text, undefined, i + 1));
      const failedIn = [
        a.kind === 'failure' ? [leftName, a] : undefined,
        b.kind === 'failure' ? [rightName, b] : undefined,
      ].filter((x): x is [string, RunResult & { kind: 'failure' }] => !!x);
      if (failedIn.length) {
        summary.failed++;
        out.write(`  ${out.paint('red', '✘')} ${label}\n`);
        for (const [env, f] of failedIn) {
          const [first, ...more] = f.message.split('\n');
          out.write(`      ${out.paint('red', `failed in ${env}:`)} ${safe(f.title)}: ${safe(first)}\n`);
          for (const line of more) out.write(`        ${safe(line)}\n`);
        }
        continue;
      }
      const c = compareRuns(a, b, rule, SHOWN);
      const status = a.kind === 'response' ? safe(`${a.status} ${a.statusText}`.trim()) : '';
      if (c.equal) {
        summary.same++;
        out.write(`  ${out.paint('green', '=')} ${label}  ${out.paint('dim', `same: ${status}`)}\n`);
        continue;
      }
      summary.different++;
      out.write(
        `  ${out.paint('yellow', '≠')} ${label}  ${c.total === 1 ? '1 difference' : `${c.total} differences`}\n`,
      );
      for (const d of c.differences)
        out.write(
          `      ${safe(d.where)}: ${safe(showValue(d.left))} ${out.paint('dim', '→')} ${safe(showValue(d.right))}\n`,
        );
      if (c.total > c.differences.length) out.write(`      … and ${c.total - c.differences.length} more\n`);
    }
  }
  const parts = [`${summary.same} same`, `${summary.different} different`];
  if (summary.failed) parts.push(`${summary.failed} failed`);
  out.write(
    `\n${parts.join(', ')} (${formatDuration(performance.now() - started)})${s.signal.aborted ? ', interrupted' : ''}\n`,
  );
  return summary;
}

/** Each side with its own named responses; the notebook file's client and label apply on both, as for `run`. */
function context(nb: DiffPair, side: DiffSide, s: DiffSettings): RunContext {
  return notebookContext({ ...nb, ...(side.label ? { label: side.label } : {}) }, side.environment, {
    engine: s.engine,
    variables: s.options.variables,
    signal: s.signal,
    ...(s.options.timeoutMs !== undefined ? { timeoutMs: s.options.timeoutMs } : {}),
    // Methods were checked before anything was sent; what reaches this hook was allowed on the command line.
    allowed: s.options.allowWrites && s.options.allowProtected,
  });
}

function name(side: DiffSide): string {
  return sideTitle({ environment: side.environment.name, ...(side.label ? { label: side.label } : {}) });
}
