import { diagnosticAt, nearest, type Diagnostic } from '../text/diagnostic';
import { cellNameOf, type ParsedCell } from '../request/cell';
import { requestUrl } from '../request/prepare';
import { evaluateExpression, NOT_RUN_YET, parseExpression, type NamedResponse } from '../request/variables';
import type { CellToFile } from './cellPositions';
import type { AccessPreferences } from '../environments/accessChoice';
import type { Environment } from '../environments/environment';
import { checkCellAccess } from '../request/cellAccess';
import { cellBoundFindings } from '../budget/cellBound';
import { checkHeaderAccess, headerProblemInCell, type HeaderAccessProblem } from './headerAccess';

/** One request cell of a notebook, by its place among all the notebook's cells (0-based). */
export interface CheckCell {
  index: number;
  text: string;
}

/** What a run will have around its cells: the environment, its variables, what memory already holds. */
export interface StaticCheckContext {
  /** At least its name, base URL and variables; the whole environment for the client and label check. */
  environment: Pick<Environment, 'name' | 'baseUrl' | 'variables'> & Partial<Environment>;
  /** The client and white label asked for by the run (--label), the notebook file and the user. */
  access?: AccessPreferences;
  /** Variables that override the environment's (the runner's --var). */
  variables?: Readonly<Record<string, string>>;
  /** Names of responses already in memory (VS Code keeps them between runs); the runner has none. */
  responses?: ReadonlySet<string>;
  /** The face's cell parser (its memo), so the run parses each cell once. */
  parse: (text: string) => ParsedCell;
  /** The bodyFile rule without reading the file: why `path` cannot be sent, or undefined. */
  bodyFile?: (path: string) => Promise<string | undefined>;
  /** The most requests the run may send (the runner's --budget): a cell whose own bound is larger cannot run. */
  budget?: number;
}

/**
 * A cell being checked, with what the notebook around it provides. The sets are the check's to read while it
 * runs (checkCells moves them on to the next cell afterwards), not to keep.
 */
export interface CellUnderCheck {
  cell: CheckCell;
  parsed: ParsedCell;
  /** Response names this cell may use: earlier cells of the run, and earlier cells whose response is in memory. */
  available: ReadonlySet<string>;
  /** The same names as responses with nothing in them yet, for the template evaluator. */
  availableResponses: ReadonlyMap<string, NamedResponse>;
  /** Names of cells below it, so a reference to one can say "move it above". */
  later: ReadonlySet<string>;
}

/** One static check: problems it finds in a cell, positioned in the cell's text. */
export type CellCheck = (c: CellUnderCheck, ctx: StaticCheckContext) => Diagnostic[] | Promise<Diagnostic[]>;

export interface CellProblems {
  /** The cell's place among all the notebook's cells (0-based). */
  index: number;
  /** Errors only, in text order; warnings never stop a run. */
  diagnostics: Diagnostic[];
}

/** The cell: YAML, keys, types, tags and aliases (everything the cell parser reports). */
const cellText: CellCheck = ({ parsed }) => parsed.diagnostics;

/** Every `{{...}}` must resolve: a known built-in, an environment variable, an earlier named response. */
const templates: CellCheck = ({ cell, parsed, available, availableResponses: responses, later }, ctx) => {
  const variables = { ...ctx.environment.variables, ...ctx.variables };
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const ref of parsed.cell?.templates ?? []) {
    if (seen.has(ref.expr)) continue;
    seen.add(ref.expr);
    const parsedExpr = parseExpression(ref.expr);
    const at = (code: string, message: string) =>
      diagnosticAt(cell.text, ref.offset, ref.offset + ref.length, code, message);
    if (!parsedExpr.ok) {
      out.push(at('template-syntax', parsedExpr.message));
      continue;
    }
    const e = parsedExpr.expression;
    if (e.kind === 'response') {
      if (!available.has(e.name)) out.push(at('response-unnamed', unnamedResponseMessage(e.name, available, later)));
      continue;
    }
    if (e.kind !== 'variable') continue;
    const r = evaluateExpression(ref.expr, { environmentName: ctx.environment.name, variables, responses });
    if (!r.ok) out.push(at(r.code, r.message));
  }
  return out;
};

/** A URL without templates must already be one that can be sent. */
const url: CellCheck = ({ cell, parsed }, ctx) => {
  const c = parsed.cell;
  if (!c || c.url.includes('{{') || requestUrl(c.url, ctx.environment.baseUrl)) return [];
  return [
    diagnosticAt(
      cell.text,
      c.urlRange[0],
      c.urlRange[1],
      'url',
      `"${c.url}" is not a valid URL: write a path starting with "/" or an absolute https:// URL.`,
    ),
  ];
};

/** A body file named without templates must pass the bodyFile rule now, not when its cell's turn comes. */
const bodyFile: CellCheck = async ({ cell, parsed }, ctx) => {
  const body = parsed.cell?.body;
  if (!ctx.bodyFile || body?.kind !== 'file' || body.path.includes('{{')) return [];
  const problem = await ctx.bodyFile(body.path);
  if (!problem) return [];
  const [start, end] = bodyFileValueRange(cell.text);
  return [diagnosticAt(cell.text, start, end, 'body-file', `"bodyFile: ${body.path}" cannot be used: ${problem}.`)];
};

/**
 * The client and white label of the request (environments/accessChoice.ts): no client covering its path,
 * several, or a client or label that does not exist or fit. Nothing is sent on a guess. A mistake in the
 * notebook file's `client:`/`label:` is the header's (`checkHeader`), not each cell's.
 */
const clientAndLabel: CellCheck = ({ cell, parsed }, ctx) => {
  const env = ctx.environment;
  if (!parsed.cell || !isWhole(env)) return [];
  return checkCellAccess(cell.text, parsed.cell, env, ctx.access).map((f) => f.diagnostic);
};

/** A paginate or repeat cell whose bound alone is over the run's budget (or its client's daily quota: a warning). */
const requestBound: CellCheck = ({ cell, parsed }, ctx) => {
  if (!parsed.cell) return [];
  const env = ctx.environment;
  return cellBoundFindings(cell.text, parsed.cell, {
    ...(ctx.budget !== undefined ? { budget: ctx.budget } : {}),
    ...(isWhole(env) ? { environment: env } : {}),
    ...(ctx.access ? { access: ctx.access } : {}),
  });
};

/** The checks, in the order their problems are worth reading. A new rule is one more function here. */
export const CELL_CHECKS: readonly CellCheck[] = [cellText, templates, url, bodyFile, clientAndLabel, requestBound];

/**
 * Every static problem of the cells a run will send, before the first request: a notebook with a
 * problem in any cell sends nothing. `run` holds the indexes of the cells to run (default: all);
 * the other cells still say which names come before which.
 */
export async function checkCells(
  cells: readonly CheckCell[],
  ctx: StaticCheckContext,
  run?: ReadonlySet<number>,
  checks: readonly CellCheck[] = CELL_CHECKS,
): Promise<CellProblems[]> {
  const names = cells.map((c) => cellNameOf(c.text));
  const inRun = (c: CheckCell) => !run || run.has(c.index);
  const out: CellProblems[] = [];
  // What the cells above and below provide, carried from one cell to the next (not rebuilt for each cell: a long
  // notebook of named cells made that quadratic). `remaining` counts each name from the current cell down.
  const available = new Set<string>();
  const availableResponses = new Map<string, NamedResponse>();
  const remaining = new Map<string, number>();
  for (const name of names) if (name) remaining.set(name, (remaining.get(name) ?? 0) + 1);
  const later = new Set(remaining.keys());
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const name = names[i];
    if (name) {
      const left = remaining.get(name)! - 1;
      remaining.set(name, left);
      if (left === 0) later.delete(name);
    }
    if (inRun(cell)) {
      const under: CellUnderCheck = { cell, parsed: ctx.parse(cell.text), available, availableResponses, later };
      const found = (await Promise.all(checks.map((check) => check(under, ctx)))).flat();
      const diagnostics = found
        .filter((d) => d.severity === 'error')
        .sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset);
      if (diagnostics.length) out.push({ index: cell.index, diagnostics });
    }
    if (name && !available.has(name) && (inRun(cell) || ctx.responses?.has(name))) {
      available.add(name);
      availableResponses.set(name, NOT_RUN_YET);
    }
  }
  return out;
}

/**
 * The notebook file's `client:` and `label:` as the cells of the run rely on them (notebook/headerAccess.ts):
 * each mistake once, with the cells it stops. A run with one sends nothing, like a cell with a problem.
 */
export function checkHeader(
  cells: readonly CheckCell[],
  ctx: Pick<StaticCheckContext, 'environment' | 'access' | 'parse'>,
  run?: ReadonlySet<number>,
): HeaderAccessProblem[] {
  const env = ctx.environment;
  if (!isWhole(env) || !ctx.access) return [];
  return checkHeaderAccess(
    cells.filter((c) => !run || run.has(c.index)),
    env,
    ctx.access,
    ctx.parse,
  );
}

/**
 * The header's problems added to the cells that rely on them, on each one's method line (a face that shows
 * problems per cell, such as the outputs of a refused Run All); cells stay in notebook order.
 */
export function withHeaderProblems(
  problems: readonly CellProblems[],
  header: readonly HeaderAccessProblem[],
  cells: readonly CheckCell[],
  parse: (text: string) => ParsedCell,
): CellProblems[] {
  if (header.length === 0) return [...problems];
  const byIndex = new Map(problems.map((p) => [p.index, [...p.diagnostics]]));
  for (const h of header) {
    for (const index of h.cells) {
      const cell = cells.find((c) => c.index === index);
      const parsed = cell && parse(cell.text).cell;
      if (!cell || !parsed) continue;
      const list = byIndex.get(index) ?? [];
      list.push(headerProblemInCell(cell.text, parsed, h));
      byIndex.set(index, list);
    }
  }
  return [...byIndex]
    .sort(([a], [b]) => a - b)
    .map(([index, diagnostics]) => ({
      index,
      diagnostics: diagnostics.sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset),
    }));
}

/** The wording both the editor and the run-wide check use for a response no earlier cell provides. */
export function unnamedResponseMessage(
  name: string,
  earlier: Iterable<string>,
  later?: { has(name: string): boolean },
  suggestion = later?.has(name) ? undefined : nearest(name, [...earlier]),
): string {
  const below = later?.has(name);
  const hint = below
    ? `: the cell named "${name}" is below this one; move it above`
    : suggestion
      ? `; did you mean "${suggestion}"?`
      : `: add "name: ${name}" to the cell whose response you mean, above this one`;
  return `No earlier cell is named "${name}"${hint}.`;
}

/**
 * "notebooks/a.akkuro-nb:line 12, column 7 (cell 3, line 2, column 1): message" — the file position
 * first (what editors and CI annotations jump to), then the place inside the cell's text.
 */
export function formatCellProblem(d: Diagnostic, file: string, cellIndex: number, toFile?: CellToFile): string {
  const inCell = `cell ${cellIndex + 1}, line ${d.line}, column ${d.column}`;
  if (!toFile) return `${file}:${inCell}: ${d.message}`;
  const at = toFile(d.line, d.column);
  return `${file}:line ${at.line}, column ${at.column} (${inCell}${at.exact ? '' : ' of its text'}): ${d.message}`;
}

function isWhole(env: StaticCheckContext['environment']): env is Environment {
  return typeof env.origin === 'string' && typeof env.protected === 'boolean';
}

function bodyFileValueRange(text: string): [number, number] {
  const m = /^bodyFile[ \t]*:[ \t]*([^\r\n#]*?)[ \t]*(?:#.*)?$/m.exec(text);
  if (!m) return [0, 1];
  const start = m.index + m[0].indexOf(m[1], m[0].indexOf(':') + 1);
  return [start, start + Math.max(1, m[1].length)];
}
