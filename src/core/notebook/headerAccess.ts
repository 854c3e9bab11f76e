import { isMap, isScalar, parseDocument } from 'yaml';
import { diagnosticAt, nearest, type Diagnostic } from '../text/diagnostic';
import type { AccessPreferences, AccessProblem } from '../environments/accessChoice';
import { clientsOf, labelsOf } from '../environments/accessModel';
import type { Environment } from '../environments/environment';
import type { ParsedCell, RequestCell } from '../request/cell';
import { accessDiagnostic, headerMayFail, headerProblemOf } from '../request/cellAccess';

/**
 * The notebook file's `client:` and `label:` (its header, next to `environment:`) checked once for the
 * notebook: a name the environment does not have, or a client not scoped to the label, is one mistake in
 * one place, however many cells rely on it. The cells' own check (request/cellAccess.ts) leaves it out.
 */

/** A way to fix the header: set its `client:` or `label:` to `value`, or remove the line (`null`). */
export interface HeaderFix {
  title: string;
  key: 'client' | 'label';
  value: string | null;
  preferred?: boolean;
}

export interface HeaderAccessProblem {
  /** The header key at fault, and what it says. */
  key: 'client' | 'label';
  value: string;
  problem: AccessProblem;
  /** The cells that rely on it (their place among all the notebook's cells, 0-based), in order. */
  cells: number[];
  fixes: HeaderFix[];
}

/**
 * The header's problems as the request cells see them: each one once, with the cells it stops. A header
 * mistake that no cell relies on (every cell names its own client, say) stops nothing and is not reported.
 * Cells are parsed only when the header can fail at all.
 */
export function checkHeaderAccess(
  cells: ReadonlyArray<{ index: number; text: string }>,
  env: Environment,
  preferences: AccessPreferences,
  parse: (text: string) => ParsedCell,
): HeaderAccessProblem[] {
  if (!headerMayFail(env, preferences)) return [];
  const byKey = new Map<'client' | 'label', HeaderAccessProblem>();
  for (const c of cells) {
    const cell = parse(c.text).cell;
    const problem = cell && headerProblemOf(cell, env, preferences);
    if (!problem) continue;
    const key = problem.at.key;
    const found = byKey.get(key);
    if (found) {
      found.cells.push(c.index);
      continue;
    }
    const value = preferences.notebook?.[key] ?? '';
    byKey.set(key, { key, value, problem, cells: [c.index], fixes: fixesFor(key, value, problem, env) });
  }
  return [...byKey.values()].sort((a, b) => (a.key === b.key ? 0 : a.key === 'client' ? -1 : 1));
}

/** "cell 2 uses it" / "cells 1, 2 and 4 use it": numbered as the notebook shows its cells. */
export function cellsUsingIt(cells: readonly number[]): string {
  const n = cells.map((i) => String(i + 1));
  if (n.length === 1) return `cell ${n[0]} uses it`;
  return `cells ${n.slice(0, -1).join(', ')} and ${n.at(-1)} use it`;
}

/** The problem at the header line of the notebook file (the runner's exit-2 message, a file view). */
export function headerDiagnostic(fileText: string, p: HeaderAccessProblem): Diagnostic {
  const [start, end] = headerValueRange(fileText, p.key) ?? [0, 0];
  const used = cellsUsingIt(p.cells);
  return diagnosticAt(
    fileText,
    start,
    end,
    `access-header-${p.problem.code}`,
    `${p.problem.message} ${used[0].toUpperCase()}${used.slice(1)}.`,
  );
}

/**
 * The problem shown on a cell that relies on the header (the editor's one place for it, and a refused
 * cell's output): on the method line, saying that it comes from the notebook file's header.
 */
export function headerProblemInCell(text: string, cell: RequestCell, p: HeaderAccessProblem): Diagnostic {
  const others = p.cells.length - 1;
  const message = `From the notebook file's header, "${p.key}: ${p.value}"${others > 0 ? ` (this cell and ${others} more use it)` : ''}: ${p.problem.message}`;
  return { ...accessDiagnostic(text, cell, { ...p.problem, message }), code: `access-header-${p.problem.code}` };
}

/** Where the header's `client:` or `label:` value is in the notebook file's text (any YAML layout). */
export function headerValueRange(fileText: string, key: 'client' | 'label'): [number, number] | undefined {
  const doc = parseDocument(fileText, { prettyErrors: false, uniqueKeys: false, version: '1.2' });
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === key);
  const range = (pair?.value as { range?: [number, number, number] } | null)?.range;
  if (range && range[1] > range[0]) return [range[0], range[1]];
  const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
  return keyRange ? [keyRange[0], keyRange[1]] : undefined;
}

function fixesFor(key: 'client' | 'label', value: string, problem: AccessProblem, env: Environment): HeaderFix[] {
  const fixes: HeaderFix[] = [];
  if (problem.code === 'unknown-client' || problem.code === 'unknown-label') {
    const names =
      key === 'client'
        ? clientsOf(env)
            .filter((c) => !c.implicit)
            .map((c) => c.name)
        : labelsOf(env);
    const suggestion = nearest(value, names);
    if (suggestion)
      fixes.push({ title: `Change the notebook's ${key} to "${suggestion}"`, key, value: suggestion, preferred: true });
  } else if (problem.code === 'label-out-of-scope') {
    // The header's client is not scoped to the label: the client's own labels fit.
    const labels = [...new Set(problem.suggestions.flatMap((s) => (s.label ? [s.label] : [])))];
    for (const label of labels)
      fixes.push({
        title: `Set the notebook's label to "${label}"`,
        key: 'label',
        value: label,
        preferred: labels.length === 1,
      });
  }
  fixes.push({
    title:
      key === 'client'
        ? `Remove "client: ${value}" from the notebook (each request chooses its client)`
        : `Remove "label: ${value}" from the notebook (the environment's first label)`,
    key,
    value: null,
  });
  return fixes;
}
