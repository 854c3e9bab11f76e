import { escapeControls } from '../../core/text/escapeControls';
import type { RunReport } from '../report';
import { formatDuration } from '../terminal';
import { failedCells, firstFailure, notebookCount, notebookTitle, shortUrl, statusText } from './cellFacts';
import { summaryLine } from './console';
import { countsText } from '../requestCounts';

/** A CI summary is read at a glance; the JUnit and HTML reports hold the rest. */
const MAX_FAILURE_ROWS = 50;
const MAX_CELL_CHARS = 200;

/**
 * A compact Markdown summary (GitHub-flavoured, for a pull request, a CI step summary or a chat): the
 * counts, one line about the run, a table of notebooks when there are several, and a table of failures
 * with the cell, its status and the first failing check. Anything that comes from a notebook or a
 * server is written as a code span, where Markdown and HTML have no meaning and links are not made.
 */
export function markdownReport(report: RunReport): string {
  const failed = failedCells(report);
  const ok = failed.length === 0 && report.summary.skipped === 0 && !report.stopped;
  const requests = report.summary.passed + report.summary.failed + report.summary.skipped;
  const lines = [
    `## ${ok ? '✔' : '✘'} akkuro-nb: ${summaryLine(report.summary)}`,
    '',
    `${notebookCount(report.notebooks)} · ${plural(requests, 'request')} · environment ${code(report.environment)} · ${formatDuration(report.durationMs)} · akkuro-nb ${report.version}`,
  ];
  if (report.requests)
    lines.push(
      '',
      `Sent: ${code(countsText(report.requests))}${report.budget !== undefined ? ` of \`--budget ${report.budget}\`` : ''}`,
    );
  if (report.stopped)
    lines.push(
      '',
      report.stopped === 'bail'
        ? '**Stopped early:** `--bail` stopped the run after the first failure.'
        : '**Interrupted:** in-flight requests were cancelled.',
    );
  if (report.notebooks.length > 1) {
    lines.push('', '| Notebook | Passed | Failed | Skipped | Time |', '| --- | ---: | ---: | ---: | ---: |');
    for (const nb of report.notebooks) {
      const passed = nb.cells.filter((c) => c.result.outcome === 'passed').length;
      lines.push(
        `| ${code(notebookTitle(nb))} | ${passed} | ${nb.cells.length - passed} | ${nb.skipped.length} | ${formatDuration(nb.durationMs)} |`,
      );
    }
  }
  if (failed.length > 0) {
    lines.push('', '| Notebook | Cell | Request | Status | First failing check |', '| --- | --- | --- | --- | --- |');
    for (const { notebook, cell } of failed.slice(0, MAX_FAILURE_ROWS)) {
      const r = cell.result;
      lines.push(
        `| ${code(notebookTitle(notebook))} | ${cell.index}${cell.name ? ` ${code(cell.name)}` : ''} | ${code(shortUrl(r, cell.label))} | ${code(statusText(r))} | ${code(firstFailure(r))} |`,
      );
    }
    if (failed.length > MAX_FAILURE_ROWS)
      lines.push(
        '',
        `… and ${failed.length - MAX_FAILURE_ROWS} more failures: see the JUnit or HTML report for every one.`,
      );
  } else if (ok) {
    lines.push('', requests === 1 ? 'The request passed.' : `All ${requests} requests passed.`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A code span that survives a table cell: one line, bounded, control characters made visible, `|`
 * escaped (GFM reads `\|` as a pipe even inside code), and a fence longer than any backtick run inside.
 */
export function code(text: string): string {
  let s = escapeControls(text, '\n\t').replace(/\s+/g, ' ').trim();
  if (s.length > MAX_CELL_CHARS) s = `${s.slice(0, MAX_CELL_CHARS)}…`;
  s = s.replace(/\|/g, '\\|');
  if (s === '') return '';
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
