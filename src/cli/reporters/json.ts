import { escapeJsonControls } from '../../core/text/escapeControls';
import type { RunReport } from '../report';

/**
 * The machine-readable report. Each cell carries the core's RunResult unchanged, the same object the
 * extension renders, so a tool that reads one reads the other. DEL, C1 and bidi characters are written as
 * \u escapes (the same JSON value), so the report printed to a terminal cannot drive it.
 */
export function jsonReport(report: RunReport): string {
  const out = {
    version: report.version,
    environment: report.environment,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    summary: report.summary,
    ...(report.stopped ? { stopped: report.stopped } : {}),
    ...(report.requests ? { requests: report.requests } : {}),
    ...(report.budget !== undefined ? { budget: report.budget } : {}),
    notebooks: report.notebooks.map((nb) => ({
      path: nb.path,
      environment: nb.environment,
      ...(nb.label ? { label: nb.label } : {}),
      startedAt: nb.startedAt,
      durationMs: nb.durationMs,
      cells: nb.cells.map((c) => ({ index: c.index, ...(c.name ? { name: c.name } : {}), result: c.result })),
      ...(nb.skipped.length ? { skipped: nb.skipped } : {}),
      ...(nb.requests ? { requests: nb.requests } : {}),
    })),
  };
  return `${escapeJsonControls(JSON.stringify(out, null, 2))}\n`;
}
