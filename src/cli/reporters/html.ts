import type { AssertionResult, FailureModel, ResponseModel, RunResult } from '../../contract/response';
import type { CellReport, NotebookReport, RunReport, SkippedCell } from '../report';
import { formatDuration } from '../terminal';
import {
  bodyExcerpt,
  failedCells,
  failuresFirst,
  firstFailure,
  notebookCount,
  notebookFailed,
  notebookTitle,
  showValue,
  statusText,
} from './cellFacts';
import { summaryLine } from './console';
import { HTML_REPORT_STYLE } from './htmlStyle';
import { html, trusted, type Html } from './htmlTemplate';

/** Characters of a body shown under a failed cell, and under a passed one (collapsed, so less). */
const FAILED_BODY_CHARS = 4096;
const PASSED_BODY_CHARS = 1024;

/**
 * A self-contained HTML report: one file with its style inline and no script, no external resource and
 * no event handler, so it opens under strict Content-Security-Policies (Jenkins, GitLab artifacts) and
 * from a mail attachment alike. Failures come first: a list linking to each, then notebooks with
 * failures before the others and, inside each, failed cells (open) before passed ones (collapsed).
 * The report is built from the redacted run report; every value is escaped by `html`.
 */
export function htmlReport(report: RunReport): string {
  const failed = failedCells(report);
  const ok = failed.length === 0 && report.summary.skipped === 0 && !report.stopped;
  const notebooks = failuresFirst(
    report.notebooks.map((nb, i) => ({ nb, i })),
    ({ nb }) => notebookFailed(nb),
  );
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />
        <meta name="referrer" content="no-referrer" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="generator" content="akkuro-nb ${report.version}" />
        <title>${ok ? '✔' : '✘'} ${summaryLine(report.summary)} · akkuro-nb report</title>
        <style>
          ${trusted(HTML_REPORT_STYLE)}
        </style>
      </head>
      <body>
        <header>
          <h1 class="${ok ? 'passed' : 'failed'}"><span class="mark">${ok ? '✔' : '✘'}</span> akkuro-nb report</h1>
          <p class="counts">
            <span class="pass">${report.summary.passed} passed</span>,
            <span class="fail">${report.summary.failed} failed</span>${
              report.summary.skipped > 0 && html`, <span class="skip">${report.summary.skipped} skipped</span>`
            }
          </p>
          <p class="meta">
            Environment <b>${report.environment}</b> · ${notebookCount(report.notebooks)} · started
            ${readableTime(report.startedAt)} · ${formatDuration(report.durationMs)} · akkuro-nb ${report.version}
          </p>
          ${report.stopped && html`<p class="skip">${report.stopped === 'bail' ? 'Stopped early: --bail stopped the run after the first failure.' : 'Interrupted: in-flight requests were cancelled.'}</p>`}
        </header>
        <main>
          ${failed.length > 0 && failureList(report, failed)} ${notebooks.map(({ nb, i }) => notebookSection(nb, i))}
        </main>
        <footer>
          Written by akkuro-nb ${report.version}. Client secrets, Basic credentials and tokens are redacted; response
          bodies are bounded excerpts.
        </footer>
      </body>
    </html> `;
  return page.value;
}

function failureList(report: RunReport, failed: ReturnType<typeof failedCells>): Html {
  return html`<section class="failures">
    <h2>Failures (${failed.length})</h2>
    <ol>
      ${failed.map(
        ({ notebook, cell }) =>
          html`<li>
            <a href="#${cellId(report.notebooks.indexOf(notebook), cell.index)}"
              >${notebookTitle(notebook)} · cell ${cell.index}${cell.name && html` <b>${cell.name}</b>`}</a
            >
            <code>${cell.label}</code><br /><span class="fail">${firstFailure(cell.result)}</span>
          </li>`,
      )}
    </ol>
  </section>`;
}

function notebookSection(nb: NotebookReport, i: number): Html {
  const passed = nb.cells.filter((c) => c.result.outcome === 'passed').length;
  const base = nb.cells.find((c) => c.result.environment)?.result.environment?.baseUrl;
  const cells = failuresFirst(nb.cells, (c) => c.result.outcome === 'failed');
  return html`<section class="notebook" id="notebook-${i + 1}">
    <h2 class="${notebookFailed(nb) ? 'failed' : 'passed'}">
      <span class="mark">${notebookFailed(nb) ? '✘' : '✔'}</span> ${notebookTitle(nb)}
    </h2>
    <p class="meta">
      ${nb.environment}${base && html` · ${base}`} · ${passed} passed, ${nb.cells.length - passed}
      failed${nb.skipped.length > 0 && `, ${nb.skipped.length} skipped`} · ${formatDuration(nb.durationMs)}
    </p>
    ${cells.length === 0 && nb.skipped.length === 0 && html`<p class="meta">No request cells.</p>`}
    ${cells.map((c) => cellDetails(c, i))} ${nb.skipped.length > 0 && skippedList(nb.skipped)}
  </section>`;
}

function cellDetails(cell: CellReport, notebookIndex: number): Html {
  const r = cell.result;
  const failed = r.outcome === 'failed';
  const time = r.timings ? formatDuration(r.timings.totalMs) : undefined;
  return html`<details
    class="cell ${failed ? 'failed' : 'passed'}"
    id="${cellId(notebookIndex, cell.index)}"
    ${failed && html` open`}
  >
    <summary>
      <span class="mark">${failed ? '✘ failed' : '✔ passed'}</span> · cell
      ${cell.index}${cell.name && html` <b>${cell.name}</b>`} · <code>${cell.label}</code> ·
      <b>${statusText(r)}</b>${time && html` <span class="time">${time}</span>`}
    </summary>
    <div>${facts(r)} ${r.kind === 'failure' ? failureBody(r) : responseBody(r, failed)}</div>
  </details>`;
}

const SEQUENCE_TITLES = { pages: 'Pages', polling: 'Attempts', retries: 'Requests' } as const;

function sequenceTitle(s: NonNullable<RunResult['sequence']>): string {
  return SEQUENCE_TITLES[s.kind] ?? 'Requests';
}

function facts(r: RunResult): Html {
  const rows: Array<[string, Html | string]> = [];
  if (r.request) rows.push(['Request', html`<code>${r.request.method} ${r.request.url}</code>`]);
  if (r.kind === 'response') rows.push(['Status', `${r.status} ${r.statusText}`.trim()]);
  if (r.timings)
    rows.push([
      'Time',
      `${formatDuration(r.timings.totalMs)} in all, ${formatDuration(r.timings.ttfbMs)} to the response headers`,
    ]);
  if (r.environment)
    rows.push([
      'Environment',
      `${r.environment.name} (${r.environment.baseUrl})${r.environment.protected ? ', protected' : ''}`,
    ]);
  if (r.environment?.client) rows.push(['Client', r.environment.client]);
  if (r.environment?.label) rows.push(['White label', r.environment.label]);
  if (r.request?.apiVersion) rows.push(['api-version', r.request.apiVersion]);
  if (r.request) rows.push(['Token', r.request.tokenAttached ? 'attached (redacted)' : 'not sent']);
  if (r.sequence)
    rows.push([sequenceTitle(r.sequence), `${r.sequence.summary} · ${r.sequence.requests} requests sent`]);
  return html`<dl class="facts">
    ${rows.map(
      ([k, v]) =>
        html`<dt>${k}</dt>
          <dd>${v}</dd>`,
    )}
  </dl>`;
}

function failureBody(r: FailureModel): Html {
  return html`<h3 class="fail">${r.title}</h3>
    <pre>${r.message}</pre>
    ${r.hint && html`<p>Hint: ${r.hint}</p>`}
    ${
      (r.diagnostics?.length ?? 0) > 0 &&
      html`<ul>
        ${(r.diagnostics ?? []).map((d) => html`<li>line ${d.line}, column ${d.column}: ${d.message}</li>`)}
      </ul>`
    }`;
}

function responseBody(r: ResponseModel, failed: boolean): Html {
  const body = bodyExcerpt(r.body, failed ? FAILED_BODY_CHARS : PASSED_BODY_CHARS);
  const p = r.problem;
  return html`${r.assertions.length > 0 && assertionTable(r.assertions)}
    ${
      p &&
      html`<h3>Problem</h3>
        <dl class="facts">
          ${(['title', 'status', 'detail', 'type', 'instance'] as const).map(
            (k) =>
              p[k] !== undefined &&
              html`<dt>${k}</dt>
                <dd>${String(p[k])}</dd>`,
          )}
        </dl>`
    }
    ${
      r.notes.length > 0 &&
      html`<h3>Notes</h3>
        <ul class="notes">
          ${r.notes.map((n) => html`<li>${n}</li>`)}
        </ul>`
    }
    <h3>Response body</h3>
    <p class="caption">${body.caption}</p>
    ${body.text && html`<pre>${body.text}</pre>`}`;
}

function assertionTable(assertions: readonly AssertionResult[]): Html {
  const rows = failuresFirst(assertions, (a) => !a.passed);
  return html`<h3>Checks</h3>
    <table class="assertions">
      <thead>
        <tr>
          <th></th>
          <th>Check</th>
          <th>Expected</th>
          <th>Actual</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (a) =>
            html`<tr class="${a.passed ? 'passed' : 'failed'}">
                <td class="mark">${a.passed ? '✔' : '✘'}</td>
                <td>${a.target} <i>${a.operator}</i></td>
                <td><code>${showValue(a.expected)}</code></td>
                <td><code>${showValue(a.actual)}</code></td>
              </tr>
              ${
                !a.passed &&
                html`<tr class="failed">
                  <td></td>
                  <td class="message" colspan="3">${a.message}</td>
                </tr>`
              }`,
        )}
      </tbody>
    </table>`;
}

function skippedList(skipped: readonly SkippedCell[]): Html {
  return html`<h3 class="skip">Not run (${skipped.length})</h3>
    <ul class="skipped-cells">
      ${skipped.map(
        (s) =>
          html`<li>
            cell ${s.index}${s.name && html` <b>${s.name}</b>`} · <code>${s.label}</code> ·
            ${s.reason === 'bail' ? 'stopped by --bail' : 'interrupted'}
          </li>`,
      )}
    </ul>`;
}

function cellId(notebookIndex: number, cellIndex: number): string {
  return `notebook-${notebookIndex + 1}-cell-${cellIndex}`;
}

/** `2026-01-02T03:04:05.678Z` → `2026-01-02 03:04:05 UTC`. */
function readableTime(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : iso;
}
