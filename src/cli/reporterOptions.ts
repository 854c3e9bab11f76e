import * as path from 'node:path';
import { ENVIRONMENTS_FILE_NAME } from '../core/environments/environment';

export const REPORTERS = ['console', 'json', 'junit', 'html', 'markdown'] as const;
export type ReporterName = (typeof REPORTERS)[number];
/** The reporters that write a report: to a file, or to standard output when no file is named. */
export type FileReporterName = Exclude<ReporterName, 'console'>;

export interface ReportSpec {
  reporter: FileReporterName;
  /** As given on the command line; none means standard output. */
  out?: string;
}

export type ReporterOptions = { ok: true; reports: ReportSpec[] } | { ok: false; message: string };

const NOTEBOOK_EXTENSION = '.akkuro-nb';

/**
 * `--reporter name[:file]` (repeatable) and the older `--reporter name --out file`. The console report
 * always goes to the terminal, so it is not among the reports returned; at most one report may go to
 * standard output, and no report may overwrite a notebook, the environments file or another report.
 */
export function parseReporterOptions(values: readonly string[], out: string | undefined): ReporterOptions {
  const reports: ReportSpec[] = [];
  for (const value of values) {
    const colon = value.indexOf(':');
    const name = colon < 0 ? value : value.slice(0, colon);
    const file = colon < 0 ? undefined : value.slice(colon + 1);
    if (!(REPORTERS as readonly string[]).includes(name))
      return fail(`--reporter must be one of ${REPORTERS.join(', ')} (optionally name:file), got "${value}".`);
    if (name === 'console') {
      if (file !== undefined)
        return fail(
          `--reporter ${value}: the console report always goes to the terminal; to keep a report in a file use json:, junit:, html: or markdown:.`,
        );
      continue;
    }
    if (file === '')
      return fail(
        `--reporter ${value} names no file; e.g. --reporter ${name}:${exampleFile(name as FileReporterName)}.`,
      );
    reports.push({ reporter: name as FileReporterName, ...(file !== undefined ? { out: file } : {}) });
  }

  if (out !== undefined) {
    const withoutFile = reports.filter((r) => r.out === undefined);
    if (withoutFile.length === 0)
      return fail(
        reports.length === 0
          ? '--out writes a json, junit, html or markdown report: add e.g. --reporter junit (the console report always goes to the terminal).'
          : `--out has no report to write: every --reporter names its own file. Drop --out.`,
      );
    if (withoutFile.length > 1)
      return fail(
        `--out names one file, but ${withoutFile.map((r) => r.reporter).join(' and ')} have none: give each its own, e.g. --reporter ${withoutFile[0].reporter}:${exampleFile(withoutFile[0].reporter)}.`,
      );
    withoutFile[0].out = out;
  }

  const toStdout = reports.filter((r) => r.out === undefined);
  if (toStdout.length > 1)
    return fail(
      `Only one report can go to standard output, but ${toStdout.map((r) => r.reporter).join(' and ')} name no file: give them one, e.g. --reporter ${toStdout[1].reporter}:${exampleFile(toStdout[1].reporter)}.`,
    );
  const seen = new Map<string, string>();
  for (const r of reports) {
    if (r.out === undefined) continue;
    const key = path.normalize(r.out);
    const base = path.basename(key);
    if (base.endsWith(NOTEBOOK_EXTENSION) || base === ENVIRONMENTS_FILE_NAME)
      return fail(
        `The ${r.reporter} report would overwrite ${r.out}; name another file, e.g. ${exampleFile(r.reporter)}.`,
      );
    const other = seen.get(key);
    if (other)
      return fail(`The ${other} and ${r.reporter} reports would both be written to ${r.out}; give each its own file.`);
    seen.set(key, r.reporter);
  }
  return { ok: true, reports };
}

export function exampleFile(reporter: FileReporterName): string {
  return { json: 'report.json', junit: 'report.xml', html: 'report.html', markdown: 'summary.md' }[reporter];
}

function fail(message: string): ReporterOptions {
  return { ok: false, message };
}
