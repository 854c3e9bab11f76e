import * as vscode from 'vscode';
import type { Environment } from '../core/environments';
import type { RunResult } from '../core/response';
import { DEFAULT_LIMITS, runCell, type RunContext } from '../core/run';
import { USER_AGENT } from '../core/version';
import type { CellRuns } from './cellRuns';
import type { Confirmations } from './confirmations';
import type { CredentialStore } from './credentials';
import type { Engine } from './engine';
import type { FullResponses } from './fullResponses';
import type { NotebookEnvironments } from './notebookEnvironments';
import { failure, resultOutput } from './outputs';
import { NOTEBOOK_TYPE, REQUEST_LANGUAGE } from './serializer';

export interface ControllerDeps {
  engine: Engine;
  notebooks: NotebookEnvironments;
  credentials: CredentialStore;
  fullResponses: FullResponses;
  confirmations: Confirmations;
  cellRuns: CellRuns;
}

/**
 * Runs request cells in order, awaiting each. A multi-cell run stops at the first failure, so cells that
 * depend on it are not sent. Cancelling a cell aborts its HTTP request.
 */
export class RequestController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private order = 0;
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly deps: ControllerDeps) {
    this.controller = vscode.notebooks.createNotebookController(
      'akkuro-notebook-requests',
      NOTEBOOK_TYPE,
      'Akkuro Requests',
    );
    this.controller.supportedLanguages = [REQUEST_LANGUAGE];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = 'Sends request cells to the active Akkuro environment';
    this.controller.executeHandler = (cells, notebook) => this.enqueue(notebook, cells);
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
    const key = notebook.uri.toString();
    const next = (this.queues.get(key) ?? Promise.resolve()).then(() => this.execute(notebook, cells));
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
              ? { title: 'Start Local Sandbox', command: 'akkuro.startSandbox' }
              : { title: 'Select Environment', command: 'akkuro.selectEnvironment' },
        }),
      );
      return;
    }
    if (requests.length > 1 && env.protected && !(await this.deps.confirmations.runAll(env, requests.length))) {
      await this.finish(
        requests[0],
        failure('blocked', `Run All not confirmed for protected environment "${env.name}"`, 'Nothing was sent.', {
          environment: { name: env.name, baseUrl: env.baseUrl, protected: true },
        }),
      );
      return;
    }
    const abort = new AbortController();
    for (let i = 0; i < requests.length; i++) {
      const ok = await this.runOne(notebook, requests[i], env, abort);
      if (abort.signal.aborted) break;
      if (!ok && requests.length > 1) {
        for (const skipped of requests.slice(i + 1)) await this.skip(skipped, requests[i]);
        break;
      }
    }
  }

  private async runOne(
    notebook: vscode.NotebookDocument,
    cell: vscode.NotebookCell,
    env: Environment,
    abort: AbortController,
  ): Promise<boolean> {
    const execution = this.controller.createNotebookCellExecution(cell);
    execution.executionOrder = ++this.order;
    const cancel = execution.token.onCancellationRequested(() => abort.abort());
    execution.start(Date.now());
    await execution.clearOutput();
    let result: RunResult;
    try {
      result = (await runCell(cell.document.getText(), this.context(notebook, env, abort.signal))).result;
    } catch (e) {
      result = failure(
        'internal',
        'Unexpected error',
        this.deps.engine.redactor.redact(e instanceof Error ? e.message : String(e)),
        { hint: 'This is a bug in Akkuro Notebooks; please report it with the cell text (without secrets).' },
      );
    } finally {
      cancel.dispose();
    }
    await execution.replaceOutput(resultOutput(result));
    const ok = result.outcome === 'passed';
    execution.end(ok, Date.now());
    this.deps.cellRuns.record(cell, env.name, result);
    return ok;
  }

  private context(notebook: vscode.NotebookDocument, env: Environment, signal: AbortSignal): RunContext {
    const { engine, credentials, confirmations, fullResponses } = this.deps;
    const config = vscode.workspace.getConfiguration('akkuro', notebook.uri);
    return {
      environment: env,
      http: engine.http,
      tokens: engine.tokens,
      redactor: engine.redactor,
      parseCell: engine.parseCell,
      credentials: (e) => credentials.lookup(e),
      responses: this.deps.notebooks.responsesFor(notebook.uri, env.name),
      ...(typeof notebook.metadata?.apiVersion === 'string'
        ? { notebookApiVersion: notebook.metadata.apiVersion as string }
        : {}),
      readBodyFile: (path) => readBodyFile(notebook.uri, path),
      confirm: (r) => confirmations.request(r.environment, r.method, r.url),
      keepFullBody: (body, contentType) => fullResponses.keep(body, contentType),
      authenticateAction: (e) => ({
        title: `Authenticate "${e.name}"`,
        command: 'akkuro.authenticate',
        args: [{ environment: e.name }],
      }),
      signal,
      userAgent: USER_AGENT,
      limits: {
        timeoutMs: config.get<number>('requestTimeout', DEFAULT_LIMITS.timeoutMs / 1000) * 1000,
        previewBytes: config.get<number>('responsePreviewSize', DEFAULT_LIMITS.previewBytes / 1024) * 1024,
        maxBodyBytes: config.get<number>('maxBodySize', DEFAULT_LIMITS.maxBodyBytes / 1048576) * 1048576,
      },
    };
  }

  private async skip(cell: vscode.NotebookCell, failed: vscode.NotebookCell): Promise<void> {
    const execution = this.controller.createNotebookCellExecution(cell);
    execution.start(Date.now());
    await execution.replaceOutput(
      new vscode.NotebookCellOutput([
        vscode.NotebookCellOutputItem.text(
          `Not run: cell ${failed.index + 1} failed above, and later cells may depend on it.`,
        ),
      ]),
    );
    execution.end(undefined, Date.now());
  }

  private async finish(cell: vscode.NotebookCell, result: RunResult): Promise<void> {
    const execution = this.controller.createNotebookCellExecution(cell);
    execution.start(Date.now());
    await execution.replaceOutput(resultOutput(result));
    execution.end(false, Date.now());
  }

  dispose(): void {
    this.subscription.dispose();
    this.controller.dispose();
  }
}

/** Reads a `bodyFile:` relative to the notebook, refusing paths that leave the notebook's workspace folder. */
async function readBodyFile(notebookUri: vscode.Uri, path: string): Promise<Buffer> {
  if (notebookUri.scheme === 'untitled') throw new Error('save the notebook first, so relative paths have a folder');
  const root = vscode.workspace.getWorkspaceFolder(notebookUri)?.uri ?? vscode.Uri.joinPath(notebookUri, '..');
  const target = vscode.Uri.joinPath(notebookUri, '..', path);
  if (!(target.path === root.path || target.path.startsWith(root.path.endsWith('/') ? root.path : `${root.path}/`)))
    throw new Error(`it is outside ${root.path}; body files must be inside the workspace folder`);
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(target));
  } catch {
    throw new Error(`no such file: ${target.path}`);
  }
}
