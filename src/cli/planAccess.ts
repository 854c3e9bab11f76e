import { clientsOf, isScoped, labelsOf } from '../core/environments/accessModel';
import { usesTokens, type AccessClient, type Environment } from '../core/environments/environment';
import { sandboxEnvironment } from '../core/environments/sandboxEnvironment';
import type { CellParser } from '../core/request/cellParser';
import type { AccessPreferences } from '../core/environments/accessChoice';
import { cellAccessBeforeRun } from '../core/request/cellAccess';
import { credentialsFor, type ProcessEnv } from './credentials';
import type { PlannedNotebook } from './plan';

/**
 * The runner's part of the access model before anything is sent: the white labels a run asks for, and the
 * credentials of each client a cell needs (the static check refuses cells without a client). Each problem
 * names what to do.
 */

/** The environment a planned notebook will run against, as far as checks need it (the sandbox's URL comes later). */
export function checkedEnvironment(nb: PlannedNotebook): Environment {
  return nb.environment ?? sandboxEnvironment('http://127.0.0.1');
}

/**
 * `--label <name>` checks the name; `--label all` (where the command allows it: `run`, not `diff`) turns each
 * notebook into one run per label of its environment.
 */
export function expandLabels(
  notebooks: readonly PlannedNotebook[],
  label: string | undefined,
  allowAll = true,
): { notebooks: PlannedNotebook[]; errors: string[] } {
  if (label === undefined) return { notebooks: [...notebooks], errors: [] };
  const errors: string[] = [];
  const out: PlannedNotebook[] = [];
  for (const nb of notebooks) {
    const env = checkedEnvironment(nb);
    const labels = labelsOf(env);
    if (labels.length === 0) {
      errors.push(`--label: environment "${env.name}" (for ${nb.path}) has no white labels; it uses no tokens.`);
    } else if (label === 'all' && allowAll) {
      for (const l of labels) out.push({ ...nb, label: l });
    } else if (!labels.includes(label)) {
      errors.push(
        `--label "${label}" is not a white label of environment "${env.name}" (for ${nb.path}). Its labels: ${labels.join(', ')}${allowAll ? ', or "all"' : ''}.`,
      );
    } else out.push({ ...nb, label });
  }
  return { notebooks: out, errors };
}

/** The white label asked for by --label, and the notebook file's `client:` and `label:`. */
export function notebookPreferences(nb: Pick<PlannedNotebook, 'label' | 'notebook'>): AccessPreferences {
  return {
    ...(nb.label ? { explicit: { label: nb.label } } : {}),
    notebook: {
      ...(nb.notebook.client ? { client: nb.notebook.client } : {}),
      ...(nb.notebook.label ? { label: nb.notebook.label } : {}),
    },
  };
}

/**
 * The clients a notebook's request cells need, by the rule the run applies (the static check reports the
 * cells it refuses). A path that only the run can resolve needs every client of its label. `parse` is the
 * engine's memo (the check and the run parse the same cells); a text seen before needs the same clients.
 */
export function clientsNeeded(nb: PlannedNotebook, parse: CellParser): Set<AccessClient> {
  const env = checkedEnvironment(nb);
  const clients = new Set<AccessClient>();
  if (!usesTokens(env)) return clients;
  const preferences = notebookPreferences(nb);
  const seen = new Set<string>();
  for (const c of nb.notebook.cells) {
    if (c.kind !== 'request' || seen.has(c.text)) continue;
    seen.add(c.text);
    const { cell } = parse(c.text);
    if (!cell) continue;
    const result = cellAccessBeforeRun(cell, env, preferences);
    // A URL whose host is a {{template}} may still turn out to be the environment's origin.
    const hostUnknown = !result && cell.auth === 'environment' && /^\{\{|^https?:\/\/[^/]*\{\{/i.test(cell.url);
    if (result?.ok) clients.add(result.decision.client);
    else if (result?.problem.code === 'domain-unknown' || hostUnknown) {
      const label = cell.label ?? nb.label ?? nb.notebook.label ?? labelsOf(env)[0];
      for (const client of clientsOf(env)) if (isScoped(client, label)) clients.add(client);
    }
  }
  return clients;
}

/** Exactly which variables are missing, for which client; the sandbox's demo clients need none. */
export function credentialErrors(env: Environment, clients: Iterable<AccessClient>, processEnv: ProcessEnv): string[] {
  const errors: string[] = [];
  for (const client of clients) {
    const found = credentialsFor(env, processEnv, client);
    if (!found.ok) errors.push(found.message);
  }
  return errors;
}
