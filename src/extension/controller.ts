import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Environment } from '../core/environments/environment';
import type { AccessPreferences, AccessSuggestion } from '../core/environments/accessChoice';
import type { RunResult } from '../contract/response';
import { DEFAULT_LIMITS, DEFAULT_TREE_BYTES, type Limits, type RunEngine } from '../core/engine';
import { runCell, type NotebookScope, type RunContext } from '../core/run/run';
import type { CellRuns } from './cellRuns';
import type { ContractSpecs } from './contract/contractSpecs';
import type { Confirmations } from './confirmations';
import type { FullResponses } from './fullResponses';
import type { NotebookEnvironments } from './notebookEnvironments';
import { ExecutionBatch } from './executionBatch';
import { failure, resultOutput } from './outputs';
import { checkBeforeRun, problemsNotice, problemsResult } from './runCheck';
import type { QuotaGuard } from './quotaGuard';
import { COMMANDS, CONTROLLER_ID, NOTEBOOK_TYPE, REQUEST_LANGUAGE } from '../contract/ids';

/** What became of one cell in a run: its result, or why it was not run (for the Testing view). */
export type CellOutcome =
  { cell: vscode.NotebookCell; result: RunResult } | { cell: vscode.NotebookCell; notRun: string };

export interface ControllerDeps {
  engine: RunEngine;
  notebooks: NotebookEnvironments;
  fullResponses: FullResponses;
  confirmations: Confirmations;
  cellRuns: CellRuns;
  contract?: ContractSpecs;
  /** Daily quotas: estimated before each run, asked when over. */
  quota?: QuotaGuard;
}

/** Only a cell that asks for a schema check makes the run load the environment's specs. */
const ASKS_FOR_SCHEMA = /\bschema\s*:\s*true\b/;

/**
 * Runs request cells in order, awaiting each. A multi-cell run stops at the first failure, so cells that
 * depend on it are not sent. Cancelling a cell aborts its HTTP request.
 */
export class RequestController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private order = 0;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly running = new Map<string, AbortController>();
  private readonly finished = new vscode.EventEmitter<CellOutcome>();
  /** Every cell a run finished with, or skipped, in order. */
  readonly onDidFinishCell = this.finished.event;

  constructor(private readonly deps: ControllerDeps) {
    this.controller = vscode.notebooks.createNotebookController(CONTROLLER_ID, NOTEBOOK_TYPE, 'Akkuro Requests');
    this.controller.supportedLanguages = [REQUEST_LANGUAGE];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = 'Sends request cells to the active Akkuro environment';
    this.controller.executeHandler = (cells, notebook) => this.enqueue(notebook, cells);
    // Interrupt aborts the notebook's run, whether or not its running cell is shown as running yet.
    this.controller.interruptHandler = (notebook) => this.running.get(notebook.uri.toString())?.abort();
    // The only kernel for these notebooks: prefer it so no "Select Kernel" step stands in the way.
    const prefer = (nb: vscode.NotebookDocument) =>
      nb.notebookType === NOTEBOOK_TYPE &&
      this.controller.updateNotebookAffinity(nb, vscode.NotebookControllerAffinity.Preferred);
    vscode.workspace.notebookDocuments.forEach(prefer);
    this.subscription = vscode.workspace.onDidOpenNotebookDocument(prefer);
  }

  private readonly subscription: vscode.Disposable;

  /** One run at a time per notebook: a second Run waits for the first instead of interleaving. */
  private enqueue(notebook: vscode.NotebookDocument, cells: vscode.NotebookCell[]): Promise<void> {
    return this.queued(notebook, () => this.execute(notebook, cells));
  }

  private queued(notebook: vscode.NotebookDocument, task: () => Promise<void>): Promise<void> {
    const key = notebook.uri.toString();
    const next = (this.queues.get(key) ?? Promise.resolve()).then(task);
    const tail = next.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => this.queues.get(key) === tail && this.queues.delete(key));
    return next;
  }

  private async execute(notebook: vscode.NotebookDocument, cells: vscode.NotebookCell[]): Promise<void> {
    const requests = cells.filter((c) => c.kind === vscode.NotebookCellKind.Code);
    if (requests.length === 0) return;
    if (!vscode.workspace.isTrusted) {
      for (const cell of requests)
        await this.finish(
          cell,
          failure(
            'blocked',
            'Not run: this workspace is not trusted',
            'Request cells do not run in Restricted Mode: a notebook from an unknown source could send requests with your credentials.',
            {
              hint: 'Trust the workspace if you trust its notebooks.',
              action: { title: 'Manage Workspace Trust', command: 'workbench.trust.manage' },
            },
          ),
        );
      return;
    }
    const { choice, environment } = await this.deps.notebooks.current(notebook);
    // Only the sandbox needs resolving (it may have to start); a file environment is ready as it is.
    const env = environment?.builtin
      ? await this.deps.notebooks.environments.resolve(notebook.uri, environment.name)
      : environment;
    if (!env) {
      const message =
        choice.problem ??
        (choice.name === 'sandbox'
          ? 'The local sandbox is not running.'
          : `Environment "${choice.name}" is not available.`);
      await this.finish(
        requests[0],
        failure('environment', 'No environment to run against', message, {
          hint:
            choice.name === 'sandbox'
              ? 'Start it with "Akkuro: Start Local Sandbox".'
              : 'Pick one with "Akkuro: Select Environment".',
          action:
            choice.name === 'sandbox'
              ? { title: 'Start Local Sandbox', command: COMMANDS.startSandbox }
              : { title: 'Select Environment', command: COMMANDS.selectEnvironment },
        }),
      );
      return;
    }
    if (requests.length > 1 && (await this.refuseOnProblems(notebook, requests, env))) return;
    if (requests.length > 1 && env.protected && !(await this.deps.confirmations.runAll(env, requests.length))) {
      await this.finish(
        requests[0],
        failure('blocked', `Run All not confirmed for protected environment "${env.name}"`, 'Nothing was sent.', {
          environment: { name: env.name, baseUrl: env.baseUrl, protected: true },
        }),
      );
      return;
    }
    const access = this.deps.notebooks.accessFor(notebook, env.name);
    const quota = await this.deps.quota?.beforeRun(
      env,
      requests.map((c) => c.document.getText()),
      access,
    );
    if (quota && !quota.go) {
      await this.finish(
        requests[0],
        failure('budget', 'Not sent: over the daily quota', quota.message, {
          environment: { name: env.name, baseUrl: env.baseUrl, protected: env.protected },
          hint: 'Run it again tomorrow (quotas are per UTC day), or agree to go over when asked.',
        }),
      );
      return;
    }
    const abort = new AbortController();
    const key = notebook.uri.toString();
    this.running.set(key, abort);
    const base = this.context(notebook, env, access, abort.signal);
    const context: RunContext = quota
      ? { ...base, hooks: { ...base.hooks, allowRequests: quota.allowRequests } }
      : base;
    const batch = new ExecutionBatch(this.controller, () => abort.abort(), progressOutput);
    try {
      for (let i = 0; i < requests.length; i++) {
        const ok = await batch.run(requests[i], ++this.order, (progress) =>
          this.runOne(requests[i], context, progress),
        );
        if (abort.signal.aborted) break;
        if (!ok && requests.length > 1) {
          const notRun = `Not run: cell ${requests[i].index + 1} failed above, and later cells may depend on it.`;
          const output = new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(notRun)]);
          for (const cell of requests.slice(i + 1)) {
            await batch.run(cell, ++this.order, () => Promise.resolve({ output, ok: undefined }));
            this.finished.fire({ cell, notRun });
          }
          break;
        }
      }
    } finally {
      batch.flush();
      if (this.running.get(key) === abort) this.running.delete(key);
    }
  }

  /**
   * A run of several cells checks them all first: a problem in any cell (its text, a template that cannot
   * resolve, a body file the rule refuses) is shown on that cell, and nothing is sent. A cell run alone is
   * checked by the core as it runs, before it sends.
   */
  private async refuseOnProblems(
    notebook: vscode.NotebookDocument,
    requests: vscode.NotebookCell[],
    env: Environment,
  ): Promise<boolean> {
    const scope = this.notebookScope(notebook);
    const { maxBodyBytes, timeoutMs } = this.limits(notebook);
    const { access } = await this.deps.notebooks.current(notebook);
    const problems = await checkBeforeRun(
      notebook,
      requests,
      env,
      this.deps.engine,
      this.deps.notebooks.responsesFor(notebook.uri, env.name),
      {
        ...(scope.dir ? { notebookDir: scope.dir } : {}),
        ...(scope.root ? { rootDir: scope.root } : {}),
        maxBytes: maxBodyBytes,
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      },
      access,
    );
    if (problems.length === 0) return false;
    for (const p of problems) await this.finish(notebook.cellAt(p.index), problemsResult(p, env));
    void vscode.window.showErrorMessage(problemsNotice(problems));
    return true;
  }

  /** One cell's run: its result, kept in its history, as the output to show (ExecutionBatch sends it). */
  private async runOne(
    cell: vscode.NotebookCell,
    base: RunContext,
    progress?: (message: string) => void,
  ): Promise<{ output: vscode.NotebookCellOutput; ok: boolean }> {
    const text = cell.document.getText();
    const own = this.forCell(base, cell);
    const ctx = progress ? { ...own, hooks: { ...own.hooks, progress } } : own;
    const ran = (await runCell(text, await this.withContract(ctx, cell.notebook, text))).result;
    const result = this.deps.cellRuns.record(cell, base.environment.name, ran);
    this.finished.fire({ cell, result });
    return { output: resultOutput(result), ok: result.outcome === 'passed' };
  }

  /** Shows a result in a cell's output (an earlier run from its history), keeping the cell's execution summary. */
  showResult(cell: vscode.NotebookCell, result: RunResult): Promise<void> {
    return this.queued(cell.notebook, async () => {
      const summary = cell.executionSummary;
      const execution = this.controller.createNotebookCellExecution(cell);
      if (summary?.executionOrder !== undefined) execution.executionOrder = summary.executionOrder;
      execution.start(summary?.timing?.startTime);
      await execution.replaceOutput(resultOutput(result));
      execution.end(summary?.success, summary?.timing?.endTime);
    });
  }

  /**
   * How a cell of this notebook runs against `env`: limits from the settings, confirmations, full bodies kept,
   * and the environment's specs when the cell (`text`) asks for a schema check.
   */
  async contextFor(
    notebook: vscode.NotebookDocument,
    env: Environment,
    signal: AbortSignal,
    text?: string,
    cell?: vscode.NotebookCell,
  ): Promise<RunContext> {
    const base = this.context(notebook, env, this.deps.notebooks.accessFor(notebook, env.name), signal);
    return this.withContract(cell ? this.forCell(base, cell) : base, notebook, text);
  }

  /** The run context with the environment's specs, when the cell asks for a schema check. */
  private async withContract(base: RunContext, notebook: vscode.NotebookDocument, text?: string): Promise<RunContext> {
    if (!this.deps.contract || text === undefined || !ASKS_FOR_SCHEMA.test(text)) return base;
    return { ...base, contract: await this.deps.contract.contextFor(notebook.uri, base.environment) };
  }

  /** Where the notebook is: its folder and workspace folder on disk (for body files), its apiVersion. */
  private notebookScope(notebook: vscode.NotebookDocument): NotebookScope {
    const onDisk = notebook.uri.scheme === 'file';
    const root = vscode.workspace.getWorkspaceFolder(notebook.uri)?.uri;
    return {
      ...(onDisk ? { dir: path.dirname(notebook.uri.fsPath) } : {}),
      ...(onDisk && root?.scheme === 'file' ? { root: root.fsPath } : {}),
      ...(typeof notebook.metadata?.apiVersion === 'string' ? { apiVersion: notebook.metadata.apiVersion } : {}),
    };
  }

  private limits(notebook: vscode.NotebookDocument): Partial<Limits> & Pick<Limits, 'maxBodyBytes'> {
    const config = vscode.workspace.getConfiguration('akkuro', notebook.uri);
    return {
      timeoutMs: config.get<number>('requestTimeout', DEFAULT_LIMITS.timeoutMs / 1000) * 1000,
      previewBytes: config.get<number>('responsePreviewSize', DEFAULT_LIMITS.previewBytes / 1024) * 1024,
      treeBytes: config.get<number>('responseTreeSize', DEFAULT_TREE_BYTES / 1048576) * 1048576,
      maxBodyBytes: config.get<number>('maxBodySize', DEFAULT_LIMITS.maxBodyBytes / 1048576) * 1048576,
    };
  }

  private context(
    notebook: vscode.NotebookDocument,
    env: Environment,
    access: AccessPreferences,
    signal: AbortSignal,
  ): RunContext {
    const { engine, confirmations, fullResponses } = this.deps;
    return {
      engine,
      environment: env,
      responses: this.deps.notebooks.responsesFor(notebook.uri, env.name),
      access,
      notebook: this.notebookScope(notebook),
      hooks: {
        confirm: (r) => confirmations.request(r.environment, r.method, r.url),
        keepFullBody: (body, contentType) => fullResponses.keep(body, contentType),
        authenticateAction: (e, client) =>
          client && !client.implicit
            ? {
                title: `Authenticate "${e.name}" as "${client.name}"`,
                command: COMMANDS.authenticate,
                args: [{ environment: e.name, client: client.name }],
              }
            : { title: `Authenticate "${e.name}"`, command: COMMANDS.authenticate, args: [{ environment: e.name }] },
      },
      signal,
      limits: this.limits(notebook),
      sending: { retries: vscode.workspace.getConfiguration('akkuro', notebook.uri).get<number>('retries', 2) },
    };
  }
  /** The run context of one cell: outputs may offer to write `client:` into it (the 403 hint). */
  private forCell(base: RunContext, cell: vscode.NotebookCell): RunContext {
    return {
      ...base,
      hooks: {
        ...base.hooks,
        useClientAction: (s: AccessSuggestion) => ({
          title: `Use client "${s.client}"${s.label ? ` with label "${s.label}"` : ''} in this cell`,
          command: COMMANDS.useClient,
          args: [{ cell: cell.document.uri.toString(), client: s.client, ...(s.label ? { label: s.label } : {}) }],
        }),
      },
    };
  }

  private async finish(cell: vscode.NotebookCell, result: RunResult): Promise<void> {
    const execution = this.controller.createNotebookCellExecution(cell);
    execution.start(Date.now());
    await execution.replaceOutput(resultOutput(result));
    execution.end(false, Date.now());
    this.finished.fire({ cell, result });
  }

  dispose(): void {
    this.finished.dispose();
    this.subscription.dispose();
    this.controller.dispose();
  }
}

/** What a cell shows while it waits (Retry-After, polling, paging): one line, replaced as it goes. */
function progressOutput(message: string): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(`⏳ ${message}`)]);
}
