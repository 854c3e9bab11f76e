import { parseArgs } from 'node:util';
import { parseDuration } from '../core/request/cell';
import { ENVIRONMENT_NAME_PATTERN, VARIABLE_NAME_PATTERN } from '../core/environments/environment';

export interface DiffOptions {
  /** Notebook files or folders, as given. */
  inputs: string[];
  /** The two environments: left, then right (the same one twice when two of its white labels are compared). */
  environments: [string, string];
  /** The white label of each side (--label once: both sides; twice: left, then right); undefined: as for `run`. */
  labels: [string | undefined, string | undefined];
  envFile?: string;
  variables: Record<string, string>;
  /** Send cells other than GET/HEAD too (to both environments). */
  allowWrites: boolean;
  /** With allowWrites: also to a protected environment. */
  allowProtected: boolean;
  timeoutMs?: number;
}

export type DiffCommand =
  { kind: 'diff'; options: DiffOptions } | { kind: 'help' } | { kind: 'error'; message: string };

const OPTIONS = {
  env: { type: 'string', short: 'e', multiple: true },
  label: { type: 'string', short: 'l', multiple: true },
  'env-file': { type: 'string' },
  var: { type: 'string', multiple: true },
  'allow-writes': { type: 'boolean' },
  'allow-protected': { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `akkuro-nb diff …` (the arguments after `diff`) → options; every mistake names the flag and the fix. */
export function parseDiffCommandLine(argv: readonly string[]): DiffCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return error((e as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
  const { values: v, positionals: inputs } = parsed;
  if (v.help) return { kind: 'help' };
  if (inputs.length === 0)
    return error(
      'Name a notebook (or a folder of notebooks) to compare, e.g. akkuro-nb diff smoke.akkuro-nb --env uat-eu --env uat-ch.',
    );
  const envs = v.env ?? [];
  const labels = v.label ?? [];
  if (labels.length > 2 || labels.includes('all'))
    return error(
      `--label names the white label of both sides (once) or of each side (twice), e.g. --label retail --label business; got ${labels.map((l) => `"${l}"`).join(', ')}.`,
    );
  // One environment with two labels compares two white labels of it.
  if (envs.length === 1 && labels.length === 2) envs.push(envs[0]);
  if (envs.length !== 2)
    return error(
      `diff compares two environments, or two white labels of one: give --env twice (e.g. --env uat-eu --env uat-ch), or --env once and --label twice (got ${envs.length === 0 ? 'no --env' : envs.map((e) => `"${e}"`).join(', ')}).`,
    );
  for (const name of envs)
    if (!ENVIRONMENT_NAME_PATTERN.test(name))
      return error(
        `--env "${name}" is not an environment name (letters, digits, "-" and "_", starting with a letter).`,
      );
  const sides: [string | undefined, string | undefined] =
    labels.length === 2 ? [labels[0], labels[1]] : [labels[0], labels[0]];
  if (envs[0] === envs[1] && sides[0] === sides[1])
    return error(
      `Both sides are "${envs[0]}"${sides[0] ? ` with label "${sides[0]}"` : ''}: compare two environments, or two white labels with --label twice.`,
    );
  const variables: Record<string, string> = {};
  for (const item of v.var ?? []) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    if (eq < 0 || !VARIABLE_NAME_PATTERN.test(name))
      return error(`--var "${item}" must look like name=value (e.g. --var partyId=0b6f).`);
    variables[name] = item.slice(eq + 1);
  }
  let timeoutMs: number | undefined;
  if (v.timeout !== undefined) {
    timeoutMs = parseDuration(v.timeout);
    if (timeoutMs === undefined)
      return error(`--timeout needs a duration with a unit between 1ms and 10m, e.g. 30s; got "${v.timeout}".`);
  }
  if (v['allow-protected'] && !v['allow-writes'])
    return error(
      '--allow-protected only matters with --allow-writes: diff sends GET and HEAD to protected environments without asking, and nothing else.',
    );
  return {
    kind: 'diff',
    options: {
      inputs,
      environments: [envs[0], envs[1]],
      labels: sides,
      ...(v['env-file'] !== undefined ? { envFile: v['env-file'] } : {}),
      variables,
      allowWrites: !!v['allow-writes'],
      allowProtected: !!v['allow-protected'],
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    },
  };
}

function error(message: string): DiffCommand {
  return { kind: 'error', message: `${message} Run "akkuro-nb diff --help" for usage.` };
}

export const DIFF_USAGE = `Usage: akkuro-nb diff <notebook|folder>... --env <a> --env <b> [options]
       akkuro-nb diff <notebook|folder>... --env <a> --label <x> --label <y> [options]

Runs every request cell against two environments (or two white labels of one)
and prints, per cell, where the responses differ: status, headers and body, with
keys sorted and volatile fields (ids, timestamps, request ids, and the
environments' "volatile:" paths) masked.
A contract check between regions, or between UAT and production reads.

Only GET and HEAD cells are sent: a notebook with any other method is refused
before anything is sent, unless --allow-writes is given.

Options:
  -e, --env <name>        an environment to compare (twice, or once with --label
                          twice; "sandbox" starts the local sandbox)
  -l, --label <name>      the white label to run with: once for both sides, or
                          twice, one per side (a cell's "label:" still wins)
      --env-file <path>   the environments file (default: akkuro-environments.yaml,
                          looked up from each notebook's folder upward)
      --var <name=value>  set a variable in both environments (repeatable)
      --allow-writes      also send POST, PUT, PATCH, DELETE and OPTIONS cells, to
                          both environments
      --allow-protected   with --allow-writes: also to a protected (production)
                          environment
      --timeout <time>    default request timeout, e.g. 30s (a cell's timeout: wins)
  -h, --help              show this help

Credentials come from environment variables, as for "akkuro-nb run".

Exit codes: 0 the responses match, 1 a cell differs or a request failed,
2 bad input (nothing sent), 130 interrupted.`;
