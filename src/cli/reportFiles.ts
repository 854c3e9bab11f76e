import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Redactor } from '../core/http/redact';
import type { ProcessEnv } from './credentials';
import type { RunReport } from './report';
import { exampleFile, type FileReporterName, type ReportSpec } from './reporterOptions';
import { htmlReport } from './reporters/html';
import { jsonReport } from './reporters/json';
import { junitReport } from './reporters/junit';
import { markdownReport } from './reporters/markdown';
import type { Writable } from './terminal';

const RENDER: Record<FileReporterName, (report: RunReport) => string> = {
  json: jsonReport,
  junit: junitReport,
  html: htmlReport,
  markdown: markdownReport,
};

const TITLE: Record<FileReporterName, string> = { json: 'JSON', junit: 'JUnit', html: 'HTML', markdown: 'Markdown' };

/** GitHub Actions names the file a step may append its Markdown summary to. */
export const STEP_SUMMARY_VARIABLE = 'GITHUB_STEP_SUMMARY';

/**
 * Where the reports would go, checked before anything is sent: the target must not be a folder, nothing
 * on its path may be a file, and no report may overwrite a notebook of this run. Missing folders are made
 * when the report is written, as CI report paths like `reports/junit.xml` expect.
 */
export function checkReportTargets(
  reports: readonly ReportSpec[],
  cwd: string,
  notebookPaths: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const { reporter, out } of reports) {
    if (out === undefined) continue;
    const absolute = path.resolve(cwd, out);
    const blocking = firstExisting(path.dirname(absolute));
    if (existsSync(absolute) && statSync(absolute).isDirectory())
      problems.push(
        `The ${reporter} report ${out} is a folder; name a file, e.g. ${path.join(out, exampleFile(reporter))}.`,
      );
    else if (!statSync(blocking).isDirectory())
      problems.push(
        `The ${reporter} report ${out} cannot be written: ${path.relative(cwd, blocking) || blocking} is a file, not a folder.`,
      );
    else if (notebookPaths.includes(absolute))
      problems.push(`The ${reporter} report ${out} would overwrite a notebook of this run; name another file.`);
  }
  return problems;
}

function firstExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

export interface ReportOutcome {
  /** One line per report written, for the console. */
  written: string[];
  /** Reports that could not be written: the run's results are incomplete. */
  problems: string[];
  /** Optional outputs that failed (the CI step summary): worth a warning, not a failed run. */
  warnings: string[];
}

/**
 * Renders each report from the redacted run report, passes its text through the Redactor once more
 * (a report is an output like any other), and writes it to its file or to standard output. Under GitHub
 * Actions the Markdown summary is appended to the step summary as well.
 */
export function writeReports(
  report: RunReport,
  reports: readonly ReportSpec[],
  io: { cwd: string; redactor: Redactor; stdout: Writable; env: ProcessEnv },
): ReportOutcome {
  // Redacting the whole report walks every result: only when a report is rendered (most runs write none).
  let safe: RunReport | undefined;
  const rendered = new Map<FileReporterName, string>();
  const render = (reporter: FileReporterName): string => {
    let text = rendered.get(reporter);
    if (text === undefined) {
      safe ??= io.redactor.redactDeep(report);
      text = io.redactor.redact(RENDER[reporter](safe));
      rendered.set(reporter, text);
    }
    return text;
  };
  const outcome: ReportOutcome = { written: [], problems: [], warnings: [] };
  for (const { reporter, out } of reports) {
    if (out === undefined) {
      io.stdout.write(render(reporter));
      continue;
    }
    try {
      const file = path.resolve(io.cwd, out);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, render(reporter));
      outcome.written.push(`${TITLE[reporter]} report written to ${out}`);
    } catch (e) {
      outcome.problems.push(`Could not write the ${reporter} report to ${out}: ${(e as Error).message}`);
    }
  }
  const summaryFile = io.env[STEP_SUMMARY_VARIABLE];
  if (summaryFile) {
    try {
      appendFileSync(path.resolve(io.cwd, summaryFile), `\n${render('markdown')}`);
    } catch (e) {
      outcome.warnings.push(
        `Could not append the summary to ${STEP_SUMMARY_VARIABLE} (${summaryFile}): ${(e as Error).message}`,
      );
    }
  }
  return outcome;
}
