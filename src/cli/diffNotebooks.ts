import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunResult } from '../contract/response';
import { compareRuns, showValue } from '../core/compare/compareRuns';
import { VolatileRule } from '../core/compare/volatile';
import type { RunEngine } from '../core/engine';
import type { Environment } from '../core/environments/environment';
import { runCell, type RunContext } from '../core/run';
import type { DiffOptions } from './diffArgs';
import type { NotebookInput } from './notebookInputs';
import { cellLabel } from './report';
import { formatDuration, type Output } from './terminal';

export interface DiffPair extends NotebookInput {
  root?: string;
  left: Environment;
  right: Environment;
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
    out.write(`${out.paint('bold', nb.path)}  ${out.paint('dim', `(${nb.left.name} ↔ ${nb.right.name})`)}\n`);
    const left = context(nb, nb.left, s);
    const right = context(nb, nb.right, s);
    const rule = VolatileRule.of(nb.left, nb.right);
    for (const [i, cell] of nb.notebook.cells.entries()) {
      if (cell.kind !== 'request' || s.signal.aborted) continue;
      const a = (await runCell(cell.text, left)).result;
      const b = s.signal.aborted ? undefined : (await runCell(cell.text, right)).result;
      if (!b) break;
      const label = cellLabel(cell.text, undefined, i + 1);
      const failedIn = [
        a.kind === 'failure' ? [nb.left.name, a] : undefined,
        b.kind === 'failure' ? [nb.right.name, b] : undefined,
      ].filter((x): x is [string, RunResult & { kind: 'failure' }] => !!x);
      if (failedIn.length) {
        summary.failed++;
        out.write(`  ${out.paint('red', '✘')} ${label}\n`);
        for (const [env, f] of failedIn)
          out.write(`      ${out.paint('red', `failed in ${env}:`)} ${f.title}: ${f.message}\n`);
        continue;
      }
      const c = compareRuns(a, b, rule, SHOWN);
      const status = a.kind === 'response' ? `${a.status} ${a.statusText}`.trim() : '';
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
        out.write(`      ${d.where}: ${showValue(d.left)} ${out.paint('dim', '→')} ${showValue(d.right)}\n`);
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

function context(nb: DiffPair, environment: Environment, s: DiffSettings): RunContext {
  return {
    engine: s.engine,
    environment,
    responses: new Map(),
    variables: s.options.variables,
    // The notebook file's client and label apply in both environments, as for `run`.
    access: {
      notebook: {
        ...(nb.notebook.client ? { client: nb.notebook.client } : {}),
        ...(nb.notebook.label ? { label: nb.notebook.label } : {}),
      },
    },
    notebook: {
      dir: path.dirname(nb.absolutePath),
      // Body files come from the notebook's workspace (its environments file's folder), as for `run`.
      ...(nb.root ? { root: nb.root } : {}),
      ...(nb.notebook.apiVersion ? { apiVersion: nb.notebook.apiVersion } : {}),
    },
    // Methods were checked before anything was sent; what reaches this hook was allowed on the command line.
    hooks: { confirm: async () => s.options.allowWrites && s.options.allowProtected },
    signal: s.signal,
    ...(s.options.timeoutMs !== undefined ? { limits: { timeoutMs: s.options.timeoutMs } } : {}),
  };
}
