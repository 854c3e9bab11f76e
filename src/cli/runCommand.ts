import { sandboxEnvironment } from '../core/environments/sandboxEnvironment';
import { escapeControls } from '../core/text/escapeControls';
import { VERSION } from '../core/version';
import type { Sandbox } from '../sandbox/server';
import type { RunOptions } from './args';
import { checkNotebooks } from './checkNotebooks';
import type { ProcessEnv } from './credentials';
import { planRun } from './plan';
import { checkReportTargets, writeReports } from './reportFiles';
import { ConsoleReporter } from './reporters/console';
import { runNotebooks, type ReadyNotebook } from './runNotebooks';
import { createRunnerEngine } from './services';
import { needsContracts } from './contractNeed';
import { createOutput, type Output, type Writable } from './terminal';
import { notebookCount } from './reporters/cellFacts';
import { RunBudget } from '../core/budget/quota';
import { estimateRun } from '../core/budget/estimate';
import type { RunEngine } from '../core/engine';
import type { PlannedNotebook } from './plan';
import { checkedEnvironment, notebookPreferences } from './planAccess';
import { sumCounts } from './requestCounts';

export interface CommandIo {
  stdout: Writable;
  stderr: Writable;
  env: ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT. */
  signal: AbortSignal;
}

export const EXIT = { passed: 0, failed: 1, badInput: 2, interrupted: 130 } as const;

/** `akkuro-nb run`: check every input, then run, report, and answer with the exit code. */
export async function runCommand(options: RunOptions, io: CommandIo): Promise<number> {
  const engine = createRunnerEngine(io.env);
  const stderr = createOutput(io.stderr, engine.redactor, io.env);
  let sandbox: Sandbox | undefined;
  let consoleOut: Output | undefined;
  try {
    const planned = planRun(options, io.cwd, io.env, engine.parseCell);
    const targetProblems = checkReportTargets(
      options.reports,
      io.cwd,
      planned.ok ? planned.plan.notebooks.map((n) => n.absolutePath) : [],
    );
    const errors = [...(planned.ok ? [] : planned.errors), ...targetProblems];
    if (!planned.ok || errors.length) {
      for (const e of errors) stderr.write(`${stderr.paint('red', 'error:')} ${escapeControls(e, '\n')}\n`);
      return EXIT.badInput;
    }
    const { plan } = planned;
    // Every cell of every notebook is checked before the first request: a problem in any sends nothing.
    const problems = await checkNotebooks(plan.notebooks, options.variables, engine, options.budget, options.timeoutMs);
    if (problems.length) {
      for (const e of problems) stderr.write(`${stderr.paint('red', 'error:')} ${escapeControls(e, '\n')}\n`);
      return EXIT.badInput;
    }
    for (const note of plan.notes) stderr.write(`${stderr.paint('yellow', 'note:')} ${escapeControls(note, '\n')}\n`);
    const requestCount = plan.notebooks.reduce(
      (n, nb) => n + nb.notebook.cells.filter((c) => c.kind === 'request').length,
      0,
    );
    if (requestCount === 0) {
      // A run that checks nothing must not look like a run that passed.
      const paths = [...new Set(plan.notebooks.map((nb) => nb.path))];
      stderr.write(
        `${stderr.paint('yellow', 'warning:')} ${escapeControls(paths.join(', '))} ${paths.length === 1 ? 'has' : 'have'} no request cells: nothing was run or checked.\n`,
      );
      return EXIT.badInput;
    }
    const overBudget = options.budget !== undefined ? budgetProblem(plan.notebooks, engine, options.budget) : undefined;
    if (overBudget) {
      stderr.write(`${stderr.paint('red', 'error:')} ${escapeControls(overBudget, '\n')}\n`);
      return EXIT.badInput;
    }
    stderr.flush();
    // The sandbox server's modules are evaluated only for a run that starts it (esbuild keeps them lazy).
    if (plan.needsSandbox) sandbox = await (await import('../sandbox/server')).startSandbox({});
    const sandboxEnv = sandbox ? sandboxEnvironment(sandbox.url) : undefined;
    const notebooks: ReadyNotebook[] = plan.notebooks.map((nb) => ({
      ...nb,
      environment: nb.environment ?? sandboxEnv!,
    }));

    // The OpenAPI loader and Ajv stay unloaded unless a cell or --check-schema needs them.
    const contractNotes: string[] = [];
    const contracts = needsContracts(notebooks, !!options.checkSchema)
      ? await (await import('./contracts')).loadContracts(notebooks, !!options.checkSchema, contractNotes)
      : undefined;
    for (const note of contractNotes)
      stderr.write(`${stderr.paint('yellow', 'note:')} ${escapeControls(note, '\n')}\n`);
    stderr.flush();

    const reportToStdout = options.reports.some((r) => r.out === undefined);
    consoleOut = createOutput(reportToStdout ? io.stderr : io.stdout, engine.redactor, io.env);
    const requestCells = requestCount;
    const reporter = new ConsoleReporter(consoleOut, notebooks, requestCells);
    const what = `${notebookCount(notebooks)}, ${requestCells === 1 ? '1 request' : `${requestCells} requests`}`;
    reporter.start(
      `akkuro-nb ${VERSION} · ${what}${options.parallel > 1 ? ` · up to ${options.parallel} at once` : ''}${sandbox ? ` · local sandbox on ${sandbox.url} (demo credentials)` : ''}`,
    );

    const report = await runNotebooks(
      {
        notebooks,
        engine,
        cwd: io.cwd,
        variables: options.variables,
        bail: options.bail,
        parallel: options.parallel,
        allowProtected: options.allowProtected,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(contracts ? { contracts } : {}),
        ...(options.retries !== undefined || options.delayMs !== undefined
          ? {
              sending: {
                ...(options.retries !== undefined ? { retries: options.retries } : {}),
                ...(options.delayMs !== undefined ? { delayMs: options.delayMs } : {}),
              },
            }
          : {}),
        ...(options.budget !== undefined ? { budget: new RunBudget(options.budget) } : {}),
        signal: io.signal,
      },
      reporter,
    );
    report.requests = sumCounts(report.notebooks.map((nb) => nb.requests));
    if (options.budget !== undefined) report.budget = options.budget;
    reporter.finish(report);

    const written = writeReports(report, options.reports, {
      cwd: io.cwd,
      redactor: engine.redactor,
      stdout: io.stdout,
      env: io.env,
    });
    for (const line of written.written) consoleOut.write(`${escapeControls(line)}\n`);
    for (const w of written.warnings)
      stderr.write(`${stderr.paint('yellow', 'warning:')} ${escapeControls(w, '\n')}\n`);
    for (const p of written.problems) stderr.write(`${stderr.paint('red', 'error:')} ${escapeControls(p, '\n')}\n`);
    if (written.problems.length) return EXIT.badInput;
    if (io.signal.aborted) return EXIT.interrupted;
    return report.summary.failed > 0 ? EXIT.failed : EXIT.passed;
  } catch (e) {
    // Expected failures are values by now; this is a bug or the machine (a full disk, no free port). Still redacted.
    stderr.write(
      `${stderr.paint('red', 'error:')} akkuro-nb stopped unexpectedly: ${escapeControls(e instanceof Error ? e.message : String(e), '\n')}\n`,
    );
    return EXIT.failed;
  } finally {
    consoleOut?.flush();
    stderr.flush();
    await engine.close();
    await sandbox?.close();
  }
}

/**
 * --budget before the first request: the most requests the run may send (each cell's bound, one token request per
 * client and white label), against the budget. Over it, nothing starts, and the message says where they go.
 */
function budgetProblem(notebooks: readonly PlannedNotebook[], engine: RunEngine, budget: number): string | undefined {
  const tokens = new Set<string>();
  const per = notebooks.map((nb) => {
    const env = checkedEnvironment(nb);
    const estimate = estimateRun({
      cells: nb.notebook.cells.filter((c) => c.kind === 'request').map((c) => c.text),
      environment: env,
      access: notebookPreferences(nb),
      parse: engine.parseCell,
      // One token cache serves the whole run: a client's token for a label is asked for once.
      hasToken: (client, label) => {
        const key = `${env.name}\n${client.name}\n${label}`;
        const had = tokens.has(key);
        tokens.add(key);
        return had;
      },
    });
    return { nb, total: estimate.total };
  });
  const total = per.reduce((n, p) => n + p.total, 0);
  if (total <= budget) return undefined;
  const list = per
    .filter((p) => p.total > 0)
    .map((p) => `  ${p.nb.path}${p.nb.label ? ` [label ${p.nb.label}]` : ''}: up to ${p.total}`)
    .join('\n');
  return `This run may send up to ${total} requests (token requests included; paginate and repeat cells count their maxPages and max), more than --budget ${budget}. Nothing was sent. Raise --budget, lower maxPages or max, or run fewer notebooks:\n${list}`;
}
