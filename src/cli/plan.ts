import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostic } from '../core/text/diagnostic';
import {
  ENVIRONMENTS_FILE_NAME,
  SANDBOX_ENVIRONMENT,
  usesTokens,
  type Environment,
} from '../core/environments/environment';
import { environmentsFileCandidates, findEnvironmentsFile } from '../core/environments/environmentLookup';
import { chooseEnvironment } from '../core/environments/environmentChoice';
import { parseEnvironmentsFile } from '../core/environments/environmentsFile';
import type { CellParser } from '../core/request/cellParser';
import type { RunOptions } from './args';
import type { ProcessEnv } from './credentials';
import { checkedEnvironment, clientsNeeded, credentialErrors, expandLabels } from './planAccess';
import { displayPath, readNotebookInputs, type NotebookInput } from './notebookInputs';

export interface PlannedNotebook extends NotebookInput {
  environmentName: string;
  /** Undefined for the built-in sandbox until it has been started and has a URL. */
  environment?: Environment;
  /** The environments file the environment came from; its `specs:` are relative to it. */
  environmentsFile?: string;
  /**
   * The notebook's workspace: the folder of its environments file (PRODUCT.md §5, "at the workspace
   * root"). Body files may come from anywhere inside it; never from the current directory as such,
   * which may be `/` or the home folder.
   */
  root?: string;
  /** The white label asked for by --label (one notebook run per label with --label all). */
  label?: string;
}

export interface Plan {
  notebooks: PlannedNotebook[];
  needsSandbox: boolean;
  /** Things to tell the user before running (pins overridden, environments-file warnings). */
  notes: string[];
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; errors: string[] };

interface LoadedFile {
  shown: string;
  environments: Environment[];
  /** Defined but left out because of errors. */
  unusable: string[];
  defaultEnvironment?: string;
  problems: string[];
}

/** What planning reads of the options; `akkuro-nb diff` plans each of its two environments with it. */
export type PlanOptions = Pick<RunOptions, 'inputs' | 'env' | 'sandbox' | 'envFile'> &
  Partial<Pick<RunOptions, 'label'>> & {
    /** Whether `--label all` means every label (`run`); `diff` names one label per side. Default true. */
    labelAll?: boolean;
  };

/**
 * Everything that can be wrong with the input, found before any request is sent: unreadable or malformed
 * notebooks, a missing or broken environments file, an unknown environment, missing credentials. `parse` is the
 * run engine's cell parser (its memo), so the plan, the check and the run parse each cell text once.
 */
export function planRun(options: PlanOptions, cwd: string, processEnv: ProcessEnv, parse: CellParser): PlanResult {
  const inputs = readNotebookInputs(options.inputs, cwd);
  if (!inputs.ok) return inputs;
  const errors: string[] = [];
  const notes: string[] = [];
  const files = new Map<string, LoadedFile>();
  const load = (file: string): LoadedFile => {
    let loaded = files.get(file);
    if (!loaded) {
      loaded = loadEnvironmentsFile(file, cwd);
      files.set(file, loaded);
    }
    return loaded;
  };
  const explicitFile = options.envFile === undefined ? undefined : path.resolve(cwd, options.envFile);
  if (explicitFile && !existsSync(explicitFile))
    return { ok: false, errors: [`The environments file ${options.envFile} given with --env-file does not exist.`] };

  const notebooks: PlannedNotebook[] = [];
  const reported = new Set<string>();
  const once = (list: string[], message: string) => {
    if (!reported.has(message)) list.push(message);
    reported.add(message);
  };
  for (const input of inputs.notebooks) {
    const explicit = options.env ?? (options.sandbox ? SANDBOX_ENVIRONMENT : undefined);
    const pin = input.notebook.environment;
    if (explicit && pin && pin !== explicit)
      notes.push(`${input.path} is pinned to environment "${pin}"; running it against "${explicit}" as asked.`);
    const file = explicitFile ?? findEnvironmentsFile(path.dirname(input.absolutePath), cwd, existsSync, path);
    const root = file ? { root: path.dirname(file) } : {};
    // The sandbox needs no environments file; anything else is chosen among the file's environments.
    if ((explicit ?? pin) === SANDBOX_ENVIRONMENT) {
      notebooks.push({ ...input, environmentName: SANDBOX_ENVIRONMENT, ...root });
      continue;
    }
    if (!file) {
      const top = environmentsFileCandidates(path.dirname(input.absolutePath), cwd, path).pop() ?? cwd;
      once(
        errors,
        `No ${ENVIRONMENTS_FILE_NAME} found for ${input.path} (looked from its folder up to ${displayPath(path.dirname(top), cwd) || '.'}). Pass --env-file <path>, or use --sandbox to run against the local sandbox.`,
      );
      continue;
    }
    const loaded = load(file);
    const choice = chooseEnvironment({
      ...(explicit ? { explicit } : {}),
      ...(pin ? { pin } : {}),
      ...(loaded.defaultEnvironment ? { fileDefault: loaded.defaultEnvironment } : {}),
      available: [SANDBOX_ENVIRONMENT, ...loaded.environments.map((e) => e.name)],
    });
    const name = choice.name;
    if (!name) {
      once(
        errors,
        `No environment for ${input.path}: pass --env <name> (${known(loaded)}), pin one with "environment:" in the notebook, or set "default:" in ${loaded.shown}.`,
      );
      continue;
    }
    if (name === SANDBOX_ENVIRONMENT) {
      notebooks.push({ ...input, environmentName: name, ...root });
      continue;
    }
    const environment = loaded.environments.find((e) => e.name === name);
    if (!environment) {
      if (loaded.problems.length) once(errors, `${loaded.shown} has problems:\n${loaded.problems.join('\n')}`);
      once(
        errors,
        loaded.unusable.includes(name)
          ? `Environment "${name}" in ${loaded.shown} cannot be used until the problems above are fixed.`
          : choice.source === 'pin'
            ? `${input.path} is pinned to environment "${name}", which ${loaded.shown} does not define. Known: ${known(loaded)}. Define it there, change the notebook's "environment:", or pass --env <name>.`
            : `Unknown environment "${name}" in ${loaded.shown}. Known: ${known(loaded)}.`,
      );
      continue;
    }
    if (loaded.problems.length)
      once(
        notes,
        `Problems in ${loaded.shown} (environment "${name}" itself is usable):\n${loaded.problems.join('\n')}`,
      );
    notebooks.push({ ...input, environmentName: name, environment, environmentsFile: file, ...root });
  }
  const labelled = expandLabels(notebooks, options.label, options.labelAll ?? true);
  for (const e of labelled.errors) once(errors, e);
  for (const nb of labelled.notebooks) {
    const env = checkedEnvironment(nb);
    if (!usesTokens(env)) continue;
    for (const e of credentialErrors(env, clientsNeeded(nb, parse), processEnv)) once(errors, e);
  }
  return errors.length
    ? { ok: false, errors }
    : {
        ok: true,
        plan: {
          notebooks: labelled.notebooks,
          needsSandbox: notebooks.some((n) => n.environmentName === SANDBOX_ENVIRONMENT),
          notes,
        },
      };
}

function loadEnvironmentsFile(file: string, cwd: string): LoadedFile {
  const shown = displayPath(file, cwd);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { shown, environments: [], unusable: [], problems: [`  cannot read it: ${(e as Error).message}`] };
  }
  const { file: parsed, diagnostics } = parseEnvironmentsFile(text);
  return {
    shown,
    environments: parsed.environments,
    unusable: parsed.unusable ?? [],
    ...(parsed.defaultEnvironment ? { defaultEnvironment: parsed.defaultEnvironment } : {}),
    problems: diagnostics.map((d) => `  ${d.severity === 'warning' ? 'warning: ' : ''}${formatDiagnostic(d, shown)}`),
  };
}

function known(file: LoadedFile): string {
  const names = file.environments.map((e) => e.name);
  return [...names, `${SANDBOX_ENVIRONMENT} (built-in, same as --sandbox)`].join(', ');
}
