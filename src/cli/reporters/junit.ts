import type { RunResult } from '../../contract/response';
import type { CellReport, NotebookReport, RunReport } from '../report';

/**
 * JUnit XML as CI servers read it (Jenkins, GitLab, GitHub test reporters): a testsuite per notebook,
 * a testcase per request cell, a failure element with the assertion details, times in seconds.
 */
export function junitReport(report: RunReport): string {
  const { summary } = report;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="akkuro-nb" tests="${summary.passed + summary.failed + summary.skipped}" failures="${summary.failed}" errors="0" skipped="${summary.skipped}" time="${seconds(report.durationMs)}" timestamp="${attr(report.startedAt)}">`,
  ];
  for (const nb of report.notebooks) lines.push(...suite(nb));
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function suite(nb: NotebookReport): string[] {
  const failures = nb.cells.filter((c) => c.result.outcome === 'failed').length;
  const tests = nb.cells.length + nb.skipped.length;
  const out = [
    `  <testsuite name="${attr(nb.path)}" tests="${tests}" failures="${failures}" errors="0" skipped="${nb.skipped.length}" time="${seconds(nb.durationMs)}" timestamp="${attr(nb.startedAt)}">`,
    `    <properties><property name="environment" value="${attr(nb.environment)}"/></properties>`,
  ];
  for (const cell of nb.cells) out.push(...testcase(nb.path, cell));
  for (const s of nb.skipped) {
    out.push(`    <testcase classname="${attr(nb.path)}" name="${attr(caseName(s.name, s.label))}" time="0">`);
    out.push(
      `      <skipped message="${attr(s.reason === 'bail' ? 'not run: --bail stopped the run after a failure' : 'not run: the run was interrupted')}"/>`,
    );
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  return out;
}

function testcase(classname: string, cell: CellReport): string[] {
  const r = cell.result;
  const open = `    <testcase classname="${attr(classname)}" name="${attr(caseName(cell.name, cell.label))}" time="${seconds(r.timings?.totalMs ?? 0)}"`;
  if (r.outcome === 'passed') return [`${open}/>`];
  const { message, type, details } = describeFailure(r);
  return [
    `${open}>`,
    `      <failure message="${attr(message)}" type="${attr(type)}">${text(details)}</failure>`,
    '    </testcase>',
  ];
}

function caseName(name: string | undefined, label: string): string {
  return name ? `${name}: ${label}` : label;
}

function describeFailure(r: RunResult): { message: string; type: string; details: string } {
  const request = r.request ? `${r.request.method} ${r.request.url}` : undefined;
  if (r.kind === 'failure') {
    const details = [request, `${r.title}: ${r.message}`, r.hint ? `Hint: ${r.hint}` : undefined]
      .filter(Boolean)
      .join('\n');
    return { message: `${r.title}: ${firstLine(r.message)}`, type: r.category, details };
  }
  const failed = r.assertions.filter((a) => !a.passed);
  const lines = [`${request} → ${r.status} ${r.statusText}`.trim()];
  for (const a of failed) lines.push(`${a.message}\n  expected: ${show(a.expected)}\n  actual:   ${show(a.actual)}`);
  if (r.problem) lines.push(`Problem: ${[r.problem.title, r.problem.detail].filter(Boolean).join(' — ')}`);
  return { message: failed[0]?.message ?? `status ${r.status}`, type: 'assertion', details: lines.join('\n') };
}

function show(value: unknown): string {
  if (value === undefined) return '(nothing)';
  const s = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return s.length > 2000 ? `${s.slice(0, 2000)}…` : s;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : `${s.slice(0, i)} …`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Characters XML 1.0 cannot hold at all (controls, lone surrogates, U+FFFE/FFFF) become U+FFFD. */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what this matches
const NOT_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function text(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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
