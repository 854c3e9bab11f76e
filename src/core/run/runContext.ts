import type { RunResult } from '../../contract/response';
import type { Limits, RunEngine, RunHooks } from '../engine';
import type { AccessPreferences } from '../environments/accessChoice';
import type { Environment } from '../environments/environment';
import type { ContractContext } from '../openapi/contractCheck';
import type { NamedResponse } from '../request/variables';

// What a run of one cell takes and gives back: run.ts and its steps (runAuthorize, runSend, runSequence,
// runStep, sequence/) share these types, so they live apart from run.ts and no step imports it.

/** The notebook a cell belongs to, as far as a run needs it. */
export interface NotebookScope {
  /** The notebook's folder on disk (for `bodyFile:`); undefined for an unsaved notebook. */
  dir?: string;
  /** The workspace folder (VS Code) or the runner's current directory. */
  root?: string;
  /** The notebook's `apiVersion:`. */
  apiVersion?: string;
}

/** One run of one cell: the shared engine, where it runs, and what the face lets it ask. */
export interface RunContext {
  engine: RunEngine;
  environment: Environment;
  /** Named responses of this notebook in this environment; a named cell's response is stored here. */
  responses: Map<string, NamedResponse>;
  notebook?: NotebookScope;
  /** Variables that override the environment's (the runner's --var). */
  variables?: Readonly<Record<string, string>>;
  /** The client and white label asked for by the run, the notebook file and the user (a cell's own keys win). */
  access?: AccessPreferences;
  limits?: Partial<Limits>;
  signal?: AbortSignal;
  hooks?: RunHooks;
  now?: () => number;
  /** The environment's OpenAPI documents, for `expect: { schema: true }` and the runner's --check-schema. */
  contract?: ContractContext;
  /** Defaults for sending: `retries` when a cell has no `retries:` (akkuro.retries, --retries), and a floor for pacing (--delay). */
  sending?: { retries?: number; delayMs?: number };
}

export interface CellRun {
  result: RunResult;
  /** Set when the cell has a `name:` and a response arrived. */
  named?: { name: string; response: NamedResponse };
}
