import * as path from 'node:path';
import type { RunEngine } from '../core/engine';
import type { Environment } from '../core/environments/environment';
import type { RunContext } from '../core/run/run';
import { notebookPreferences } from './planAccess';
import type { PlannedNotebook } from './plan';

export interface NotebookContextSettings {
  engine: RunEngine;
  variables: Readonly<Record<string, string>>;
  signal: AbortSignal;
  timeoutMs?: number;
  /** The answer to a protected environment's question: the command line's flags decided it beforehand. */
  allowed: boolean;
}

/**
 * The run context of one notebook in the runner, for `run` and `diff` alike: its own named responses, what
 * the notebook file and --label ask for, where its body files may come from (its folder, its workspace: the
 * environments file's folder, never the current directory as such), its apiVersion and the timeout.
 */
export function notebookContext(
  nb: Pick<PlannedNotebook, 'absolutePath' | 'root' | 'notebook' | 'label'>,
  environment: Environment,
  s: NotebookContextSettings,
): RunContext {
  return {
    engine: s.engine,
    environment,
    responses: new Map(),
    variables: s.variables,
    access: notebookPreferences(nb),
    notebook: {
      dir: path.dirname(nb.absolutePath),
      ...(nb.root ? { root: nb.root } : {}),
      ...(nb.notebook.apiVersion ? { apiVersion: nb.notebook.apiVersion } : {}),
    },
    hooks: { confirm: async () => s.allowed },
    signal: s.signal,
    ...(s.timeoutMs !== undefined ? { limits: { timeoutMs: s.timeoutMs } } : {}),
  };
}
