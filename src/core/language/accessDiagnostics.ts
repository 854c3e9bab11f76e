import { nearest } from '../text/diagnostic';
import type { AccessProblem } from '../environments/accessChoice';
import { clientsOf, labelsOf } from '../environments/accessModel';
import { usesTokens } from '../environments/environment';
import type { RequestCell } from '../request/cell';
import { checkCellAccess } from '../request/cellAccess';
import { diagnosticAt } from '../text/diagnostic';
import { setCellKeys } from './cellEdits';
import type { CellDiagnostic, CellScope, QuickFix } from './languageTypes';

/**
 * The client and label a cell would use, checked while typing: the run's own rule (request/cellAccess.ts),
 * with quick fixes that write `client:` (and `label:` when the client needs another) into the cell.
 */
export function accessDiagnostics(text: string, cell: RequestCell, scope: CellScope): CellDiagnostic[] {
  const env = scope.environment;
  if (!env) return [];
  if (!usesTokens(env)) return ignoredKeys(text, cell, env.name);
  return checkCellAccess(text, cell, env, scope.access).map(({ diagnostic, problem }) => {
    const { fix: _fix, ...rest } = diagnostic;
    return { ...rest, fixes: problem ? fixesFor(text, cell, problem, scope) : [] };
  });
}

function fixesFor(text: string, cell: RequestCell, problem: AccessProblem, scope: CellScope): QuickFix[] {
  const fixes: QuickFix[] = [];
  const env = scope.environment!;
  if (problem.at.key !== 'path' && problem.at.source === 'cell') {
    const key = problem.at.key;
    const range = cell.accessRanges?.[key];
    const written = key === 'client' ? cell.client : cell.label;
    const names =
      key === 'client'
        ? clientsOf(env)
            .filter((c) => !c.implicit)
            .map((c) => c.name)
        : labelsOf(env);
    const suggestion = written && problem.code.startsWith('unknown') ? nearest(written, names) : undefined;
    if (range && suggestion)
      fixes.push({
        title: `Change to "${suggestion}"`,
        edits: [{ start: range[0], end: range[1], newText: suggestion }],
        preferred: true,
      });
  }
  for (const s of problem.suggestions) {
    const values: Record<string, string> = { client: s.client, ...(s.label ? { label: s.label } : {}) };
    fixes.push({
      title: `Add client: ${s.client}${s.label ? ` and label: ${s.label}` : ''}`,
      edits: setCellKeys(text, values),
      preferred: fixes.length === 0 && problem.suggestions.length === 1,
    });
  }
  return fixes;
}

function ignoredKeys(text: string, cell: RequestCell, envName: string): CellDiagnostic[] {
  const out: CellDiagnostic[] = [];
  for (const key of ['client', 'label'] as const) {
    const range = cell.accessRanges?.[key];
    if (!range) continue;
    out.push({
      ...diagnosticAt(
        text,
        range[0],
        range[1],
        'access-no-tokens',
        `Environment "${envName}" uses no tokens (no brokerKey and labels), so "${key}:" has no effect here.`,
        { severity: 'warning' },
      ),
      fixes: [],
    });
  }
  return out;
}
