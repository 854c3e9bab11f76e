import { parseArgs } from 'node:util';
import { parseDuration } from '../core/request/cell';
import { ENVIRONMENT_NAME_PATTERN, VARIABLE_NAME_PATTERN } from '../core/environments/environment';
import { parseReporterOptions, type ReportSpec } from './reporterOptions';
import { MAX_RETRIES } from '../core/http/retryPolicy';

export interface RunOptions {
  /** Notebook files or folders (searched for *.akkuro-nb), as given. */
  inputs: string[];
  env?: string;
  /** `--label <name>`: run with that white label; `--label all`: each notebook once per label of its environment. */
  label?: string;
  sandbox: boolean;
  envFile?: string;
  variables: Record<string, string>;
  bail: boolean;
  parallel: number;
  /** The reports to write besides the console's, each to its file or (one of them) to standard output. */
  reports: ReportSpec[];
  allowProtected: boolean;
  /** Default request timeout; a cell's own `timeout:` still wins. */
  timeoutMs?: number;
  /** Check every response that has an operation in the environment's OpenAPI documents. */
  checkSchema?: boolean;
  /** Retries of a GET/HEAD/OPTIONS after 429/503 with Retry-After, for cells without `retries:` (default 2). */
  retries?: number;
  /** The least time between two requests to an environment (its `minInterval:` still applies when larger). */
  delayMs?: number;
  /** The most requests the run may send, token requests included; a run that may send more does not start. */
  budget?: number;
}

export type Command =
  { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: RunOptions } | { kind: 'error'; message: string };

const MAX_PARALLEL = 64;

const OPTIONS = {
  env: { type: 'string', short: 'e' },
  label: { type: 'string', short: 'l' },
  sandbox: { type: 'boolean' },
  'env-file': { type: 'string' },
  var: { type: 'string', multiple: true },
  bail: { type: 'boolean' },
  parallel: { type: 'string', short: 'p' },
  reporter: { type: 'string', short: 'r', multiple: true },
  out: { type: 'string', short: 'o' },
  'allow-protected': { type: 'boolean' },
  timeout: { type: 'string' },
  'check-schema': { type: 'boolean' },
  retries: { type: 'string' },
  delay: { type: 'string' },
  budget: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** The command line → a command; every mistake names the flag and what it expects. */
export function parseCommandLine(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return error((e as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
  const { values: v, positionals } = parsed;
  if (v.version) return { kind: 'version' };
  if (v.help || positionals.length === 0 || (positionals[0] === 'help' && positionals.length === 1))
    return { kind: 'help' };
  const [command, ...inputs] = positionals;
  if (command !== 'run')
    return error(
      `Unknown command "${command}"; the commands are "run" and "diff", e.g. akkuro-nb run tests/smoke.akkuro-nb --env uat-eu.`,
    );
  if (inputs.length === 0)
    return error(
      'Name at least one notebook (or a folder of notebooks) to run, e.g. akkuro-nb run tests/smoke.akkuro-nb --env uat-eu.',
    );

  if (v.env !== undefined && !ENVIRONMENT_NAME_PATTERN.test(v.env))
    return error(`--env "${v.env}" is not an environment name (letters, digits, "-" and "_", starting with a letter).`);
  if (v.sandbox && v.env !== undefined && v.env !== 'sandbox') {
    return error(
      `--sandbox runs against the built-in "sandbox" environment, but --env names "${v.env}". Drop one of them.`,
    );
  }
  if (v.label !== undefined && !v.label.trim())
    return error('--label needs a white label of the environment, or "all" to run each notebook once per label.');
  const variables: Record<string, string> = {};
  for (const item of v.var ?? []) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    if (eq < 0 || !VARIABLE_NAME_PATTERN.test(name))
      return error(
        `--var "${item}" must look like name=value, with a name of letters, digits, "-" and "_" (e.g. --var partyId=0b6f).`,
      );
    variables[name] = item.slice(eq + 1);
  }
  let parallel = 1;
  if (v.parallel !== undefined) {
    parallel = /^\d+$/.test(v.parallel) ? Number(v.parallel) : NaN;
    if (!(parallel >= 1 && parallel <= MAX_PARALLEL))
      return error(`--parallel needs a whole number of notebooks from 1 to ${MAX_PARALLEL}, got "${v.parallel}".`);
  }
  const reporters = parseReporterOptions(v.reporter ?? [], v.out);
  if (!reporters.ok) return error(reporters.message);
  let timeoutMs: number | undefined;
  if (v.timeout !== undefined) {
    timeoutMs = parseDuration(v.timeout);
    if (timeoutMs === undefined)
      return error(
        `--timeout needs a duration with a unit between 1ms and 10m, e.g. 30s, 500ms or 2m; got "${v.timeout}".`,
      );
  }
  const sending = sendingOptions(v.retries, v.delay, v.budget);
  if ('message' in sending) return error(sending.message);
  return {
    kind: 'run',
    options: {
      ...sending,
      inputs,
      ...(v.env !== undefined ? { env: v.env } : {}),
      ...(v.label !== undefined ? { label: v.label.trim() } : {}),
      sandbox: !!v.sandbox || v.env === 'sandbox',
      ...(v['env-file'] !== undefined ? { envFile: v['env-file'] } : {}),
      variables,
      bail: !!v.bail,
      parallel,
      reports: reporters.reports,
      allowProtected: !!v['allow-protected'],
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(v['check-schema'] ? { checkSchema: true } : {}),
    },
  };
}

/** --retries, --delay and --budget: how the run sends, each checked with the same words as the cell keys. */
function sendingOptions(
  retries: string | undefined,
  delay: string | undefined,
  budget: string | undefined,
): Pick<RunOptions, 'retries' | 'delayMs' | 'budget'> | { message: string } {
  const out: Pick<RunOptions, 'retries' | 'delayMs' | 'budget'> = {};
  if (retries !== undefined) {
    const n = /^\d+$/.test(retries) ? Number(retries) : NaN;
    if (!(n >= 0 && n <= MAX_RETRIES))
      return {
        message: `--retries needs a whole number from 0 to ${MAX_RETRIES} (retries of a GET, HEAD or OPTIONS after 429/503 with Retry-After), got "${retries}".`,
      };
    out.retries = n;
  }
  if (delay !== undefined) {
    const ms = parseDuration(delay);
    if (ms === undefined)
      return {
        message: `--delay needs the least time between two requests, a duration from 1ms to 10m such as 200ms or 1s; got "${delay}".`,
      };
    out.delayMs = ms;
  }
  if (budget !== undefined) {
    const n = /^\d+$/.test(budget) ? Number(budget) : NaN;
    if (!(Number.isSafeInteger(n) && n >= 1))
      return {
        message: `--budget needs the most requests the run may send (token requests included), a whole number of at least 1; got "${budget}".`,
      };
    out.budget = n;
  }
  return out;
}

function error(message: string): Command {
  return { kind: 'error', message: `${message} Run "akkuro-nb --help" for usage.` };
}

export const USAGE = `Usage: akkuro-nb run <notebook|folder>... [options]
       akkuro-nb diff <notebook|folder>... --env <a> --env <b>   (see diff --help)

Runs request notebooks (.akkuro-nb) headlessly, e.g. as smoke tests in CI.
Folders are searched for *.akkuro-nb files.

Options:
  -e, --env <name>        environment from akkuro-environments.yaml (default: the
                          notebook's "environment:" pin, else the file's "default:")
  -l, --label <name>      run with this white label of the environment (a cell's
                          "label:" still wins); "all" runs each notebook once per
                          label and reports per label
      --sandbox           start the local sandbox for this run and use its demo
                          credentials and the built-in "sandbox" environment
      --env-file <path>   the environments file (default: akkuro-environments.yaml,
                          looked up from each notebook's folder upward)
      --var <name=value>  set a variable, overriding the environment's (repeatable)
      --bail              stop at the first failed request or assertion
  -p, --parallel <n>      run up to n notebooks at once (default 1)
  -r, --reporter <name>[:<file>]
                          add a report (repeatable): json, junit, html or markdown,
                          written to <file>; one report without a file goes to
                          stdout (the console report then goes to stderr). The
                          console report is always printed.
  -o, --out <file>        the file of the one --reporter given without a file
      --allow-protected   allow requests other than GET/HEAD to protected
                          (production) environments
      --timeout <time>    default request timeout, e.g. 30s (a cell's timeout: wins)
      --check-schema      check every response against its operation in the
                          environment's OpenAPI documents (specs: in the
                          environments file; the sandbox serves its own)
      --retries <n>       retries of a GET/HEAD/OPTIONS answered 429 or 503 with
                          Retry-After, for cells without "retries:" (default 2;
                          0 to 10); other methods are never retried
      --delay <time>      at least this long between two requests to an
                          environment, e.g. 200ms (its "minInterval:" wins when
                          longer)
      --budget <n>        the most requests the run may send, token requests
                          included: a run that may send more does not start (exit
                          2), and a retry past it is not sent
  -h, --help              show this help
  -v, --version           show the version

Credentials come only from environment variables (names upper-cased, "-" -> "_"):
  AKKURO_<ENV>_<CLIENT>_CLIENT_ID and ..._CLIENT_SECRET  for each client of "clients:"
  for an environment with one client, also:
  AKKURO_<ENV>_CLIENT_ID and AKKURO_<ENV>_CLIENT_SECRET, else
  AKKURO_CLIENT_ID and AKKURO_CLIENT_SECRET

When GITHUB_STEP_SUMMARY is set (GitHub Actions), the markdown summary is
appended to it.

Exit codes: 0 all passed, 1 a request or assertion failed, 2 bad input,
130 interrupted.

Example:
  AKKURO_UAT_EU_CLIENT_ID=... AKKURO_UAT_EU_CLIENT_SECRET=... \\
    akkuro-nb run tests/ --env uat-eu --reporter junit:junit.xml --reporter html:report.html`;
