import type { RunResult } from '../../contract/response';
import { escapeControls } from '../../core/text/escapeControls';
import type { CellReport, NotebookReport, RunReport } from '../report';
import { bodyExcerpt, firstLine, notebookTitle, showValue } from './cellFacts';

/** Body characters kept in a failed testcase's system-out: enough to see the error, not a data dump. */
const BODY_CHARS = 2000;

/**
 * JUnit XML in the common shape CI servers read (Jenkins, GitLab, GitHub test reporters, Surefire/Ant):
 * a testsuite per notebook with properties for the environment, client, white label and api-version,
 * a testcase per request cell, one failure element per failed check, times in seconds.
 * `test/fixtures/junit.xsd` is that shape as a schema; the tests validate every report against it.
 */
export function junitReport(report: RunReport): string {
  const { summary } = report;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="akkuro-nb" tests="${summary.passed + summary.failed + summary.skipped}" failures="${summary.failed}" errors="0" time="${seconds(report.durationMs)}">`,
  ];
  for (const nb of report.notebooks) lines.push(...suite(nb));
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function suite(nb: NotebookReport): string[] {
  const failures = nb.cells.filter((c) => c.result.outcome === 'failed').length;
  const tests = nb.cells.length + nb.skipped.length;
  const out = [
    `  <testsuite name="${attr(notebookTitle(nb))}" tests="${tests}" failures="${failures}" errors="0" skipped="${nb.skipped.length}" time="${seconds(nb.durationMs)}" timestamp="${attr(nb.startedAt)}">`,
    '    <properties>',
    ...properties(nb).map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
    '    </properties>',
  ];
  // The class name carries the label too: CI tools key a test by class and name, and --label all repeats both.
  for (const cell of nb.cells) out.push(...testcase(notebookTitle(nb), cell));
  for (const s of nb.skipped) {
    out.push(
      `    <testcase classname="${attr(notebookTitle(nb))}" name="${attr(caseName(s.name, s.label))}" time="0">`,
    );
    out.push(
      `      <skipped message="${attr(s.reason === 'bail' ? 'not run: --bail stopped the run after a failure' : 'not run: the run was interrupted')}"/>`,
    );
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  return out;
}

/**
 * What the notebook ran with, once per distinct value: the environment, and the client, white label and
 * api-version of its requests (a cell may pick its own api-version, so there can be several).
 */
function properties(nb: NotebookReport): Array<[string, string]> {
  const out: Array<[string, string]> = [['environment', nb.environment]];
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined && !out.some(([n, v]) => n === name && v === value)) out.push([name, value]);
  };
  for (const { result: r } of nb.cells) add('client', r.environment?.client);
  for (const { result: r } of nb.cells) add('label', r.environment?.label);
  for (const { result: r } of nb.cells) add('api-version', r.request?.apiVersion);
  // What the notebook sent, token requests included: per client, for daily quotas and budgets.
  if (nb.requests) {
    out.push(['requests', String(nb.requests.total)]);
    for (const c of nb.requests.byClient) {
      out.push([`requests ${c.environment}/${c.client}`, String(c.requests + c.tokenRequests)]);
      out.push([`token-requests ${c.environment}/${c.client}`, String(c.tokenRequests)]);
    }
  }
  return out;
}

function testcase(classname: string, cell: CellReport): string[] {
  const r = cell.result;
  const open = `    <testcase classname="${attr(classname)}" name="${attr(caseName(cell.name, cell.label))}" time="${seconds(r.timings?.totalMs ?? 0)}"`;
  if (r.outcome === 'passed') return [`${open}/>`];
  const out = [`${open}>`];
  for (const f of failures(r))
    out.push(`      <failure message="${attr(f.message)}" type="${attr(f.type)}">${text(f.details)}</failure>`);
  out.push(`      <system-out>${text(systemOut(r))}</system-out>`, '    </testcase>');
  return out;
}

function caseName(name: string | undefined, label: string): string {
  return name ? `${name}: ${label}` : label;
}

/** One failure per failed check, so a CI server lists each; a cell that got no response has one. */
function failures(r: RunResult): Array<{ message: string; type: string; details: string }> {
  const request = r.request ? `${r.request.method} ${r.request.url}` : undefined;
  if (r.kind === 'failure') {
    const details = [request, `${r.title}: ${r.message}`, r.hint ? `Hint: ${r.hint}` : undefined]
      .filter(Boolean)
      .join('\n');
    return [{ message: `${r.title}: ${firstLine(r.message)}`, type: r.category, details }];
  }
  const head = `${request} → ${r.status} ${r.statusText}`.trim();
  return r.assertions
    .filter((a) => !a.passed)
    .map((a) => ({
      message: a.message,
      type: 'assertion',
      details: `${a.message}\n  check:    ${a.target} ${a.operator}\n  expected: ${showValue(a.expected)}\n  actual:   ${showValue(a.actual)}\n${head}`,
    }));
}

/** The response as far as it helps: status, problem details and the start of the body. */
function systemOut(r: RunResult): string {
  if (r.kind === 'failure')
    return [r.request && `${r.request.method} ${r.request.url}`, r.title].filter(Boolean).join('\n');
  const lines = [`${r.request.method} ${r.request.url} → ${r.status} ${r.statusText}`.trim()];
  if (r.problem) lines.push(`Problem: ${[r.problem.title, r.problem.detail].filter(Boolean).join(' — ')}`);
  const body = bodyExcerpt(r.body, BODY_CHARS);
  lines.push(`Body (${body.caption})${body.text ? `:\n${body.text}` : ''}`);
  return lines.join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Characters XML 1.0 cannot hold at all (lone surrogates, U+FFFE/FFFF) become U+FFFD. */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what this matches
const NOT_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Control characters are shown escaped (CI logs print failure text to terminals), then XML-escaped. */
export function text(s: string): string {
  return escapeControls(s, '\n\t')
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Attribute values keep their line breaks and tabs as character references, which parsers would otherwise normalise to spaces. */
export function attr(s: string): string {
  return text(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
