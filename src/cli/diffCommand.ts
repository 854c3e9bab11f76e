import { sandboxEnvironment } from '../core/environments/sandboxEnvironment';
import type { Environment } from '../core/environments/environment';
import { escapeControls } from '../core/text/escapeControls';
import type { RunEngine } from '../core/engine';
import { VERSION } from '../core/version';
import type { Sandbox } from '../sandbox/server';
import type { DiffOptions } from './diffArgs';
import { diffNotebooks, type DiffPair, type DiffSide } from './diffNotebooks';
import { sideTitle } from '../core/compare/compareTargets';
import { planRun, type PlannedNotebook } from './plan';
import { EXIT, type CommandIo } from './runCommand';
import { createRunnerEngine } from './services';
import { createOutput } from './terminal';
import { cellLabel } from './report';
import { checkNotebooks } from './checkNotebooks';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** `akkuro-nb diff`: check the input and the methods, run each cell in both environments, print the differences. */
export async function diffCommand(options: DiffOptions, io: CommandIo): Promise<number> {
  const engine = createRunnerEngine(io.env);
  const out = createOutput(io.stdout, engine.redactor, io.env);
  const err = createOutput(io.stderr, engine.redactor, io.env);
  let sandbox: Sandbox | undefined;
  try {
    const [a, b] = options.environments.map((env, i) => {
      const label = options.labels[i];
      const plan = { inputs: options.inputs, env, sandbox: env === 'sandbox', labelAll: false, ...pick(options) };
      return planRun(label ? { ...plan, label } : plan, io.cwd, io.env, engine.parseCell);
    });
    const problems = [...new Set([...(a.ok ? [] : a.errors), ...(b.ok ? [] : b.errors)])];
    if (!a.ok || !b.ok || problems.length) return refuse(problems);
    const pairs = a.plan.notebooks.map((left, i): [PlannedNotebook, PlannedNotebook] => [left, b.plan.notebooks[i]]);
    // The run's own check first (cell text, templates in each environment, body files), then what diff adds.
    const checked = await checkNotebooks([...a.plan.notebooks, ...b.plan.notebooks], options.variables, engine);
    if (checked.length) return refuse([...new Set(checked)]);
    const refused = checkMethods(pairs, options, engine);
    if (refused.length) return refuse(refused);
    for (const note of new Set([...a.plan.notes, ...b.plan.notes]))
      if (!/is pinned to environment/.test(note))
        err.write(`${err.paint('yellow', 'note:')} ${escapeControls(note, '\n')}\n`);
    if (a.plan.needsSandbox || b.plan.needsSandbox)
      sandbox = await (await import('../sandbox/server')).startSandbox({});
    const ready = (nb: PlannedNotebook): Environment => nb.environment ?? sandboxEnvironment(sandbox!.url);
    const notebooks: DiffPair[] = pairs.map(([l, r]) => ({
      path: l.path,
      absolutePath: l.absolutePath,
      notebook: l.notebook,
      ...(l.root ? { root: l.root } : {}),
      left: side(ready(l), l.label),
      right: side(ready(r), r.label),
    }));
    const requests = notebooks.reduce((n, nb) => n + nb.notebook.cells.filter((c) => c.kind === 'request').length, 0);
    out.write(
      `akkuro-nb ${VERSION} diff · ${plural(notebooks.length, 'notebook')}, ${plural(requests, 'request')} · ${escapeControls(`${sideName(options, 0)} ↔ ${sideName(options, 1)}`)}\n`,
    );
    const summary = await diffNotebooks(notebooks, { engine, options, signal: io.signal, out });
    if (io.signal.aborted) return EXIT.interrupted;
    return summary.different + summary.failed > 0 ? EXIT.failed : EXIT.passed;
  } catch (e) {
    err.write(
      `${err.paint('red', 'error:')} akkuro-nb diff stopped unexpectedly: ${escapeControls(e instanceof Error ? e.message : String(e), '\n')}\n`,
    );
    return EXIT.failed;
  } finally {
    out.flush();
    err.flush();
    await engine.close();
    await sandbox?.close();
  }

  function refuse(messages: readonly string[]): number {
    for (const m of messages) err.write(`${err.paint('red', 'error:')} ${escapeControls(m, '\n')}\n`);
    return EXIT.badInput;
  }
}

function side(environment: Environment, label: string | undefined): DiffSide {
  return { environment, ...(label ? { label } : {}) };
}

function sideName(options: DiffOptions, i: 0 | 1): string {
  return sideTitle({
    environment: options.environments[i],
    ...(options.labels[i] ? { label: options.labels[i] } : {}),
  });
}

function pick(options: DiffOptions): { envFile?: string } {
  return options.envFile !== undefined ? { envFile: options.envFile } : {};
}

/** A cell that can change data is refused unless asked for: diff sends every cell to both environments. */
function checkMethods(
  pairs: Array<[PlannedNotebook, PlannedNotebook]>,
  options: DiffOptions,
  engine: RunEngine,
): string[] {
  const writes: string[] = [];
  for (const [left, right] of pairs) {
    left.notebook.cells.forEach((cell, i) => {
      if (cell.kind !== 'request') return;
      const parsed = engine.parseCell(cell.text).cell;
      if (!parsed || SAFE_METHODS.has(parsed.method)) return;
      const where = `${left.path} cell ${i + 1}`;
      const label = cellLabel(cell.text, undefined, i + 1);
      const guarded = [
        ...new Set([left.environment, right.environment].filter((e) => e?.protected).map((e) => e!.name)),
      ];
      if (!options.allowWrites) writes.push(`${where}: ${label}`);
      else if (guarded.length && !options.allowProtected)
        writes.push(`${where}: ${label} (to protected ${guarded.map((n) => `"${n}"`).join(' and ')})`);
    });
  }
  if (!writes.length) return [];
  return [
    `diff sends every request cell to both environments, and these cells can change data:\n${writes.map((w) => `  ${w}`).join('\n')}\n` +
      (options.allowWrites
        ? 'Pass --allow-protected as well to send them to a protected environment. Nothing was sent.'
        : 'It only sends GET and HEAD unless you pass --allow-writes (and --allow-protected for a protected environment). Nothing was sent.'),
  ];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
