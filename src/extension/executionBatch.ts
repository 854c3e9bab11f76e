import type * as vscode from 'vscode';

/** A cell that answers within this shows no spinner: its whole execution is sent in the next batch. */
const SHOW_RUNNING_MS = 150;
/** Finished cells wait at most this long before they are sent; a single cell's output shows after this. */
const BATCH_MS = 40;
/** ...or until this many are waiting. */
const BATCH_CELLS = 50;
/** A running cell's progress line is replaced at most this often. */
const PROGRESS_MS = 200;

interface Finished {
  cell: vscode.NotebookCell;
  order: number;
  startedAt: number;
  endedAt: number;
  output: vscode.NotebookCellOutput;
  /** Undefined for a cell that was not run (it ends neither passed nor failed). */
  ok: boolean | undefined;
}

/**
 * The cell executions of one run, as the workbench sees them. Each cell execution is five messages (create,
 * execution order, start, output, end), and the workbench applies each as an edit of the notebook that it
 * then mirrors to every extension host: for a Run All of short requests that work, not the requests, was
 * the time. So a cell that answers quickly is reported after the fact, with its real start and end times,
 * together with the other cells that finished in the same few milliseconds; only a cell that takes a while
 * is shown running (spinner, old output cleared) while it runs. Nothing waits for the workbench: VS Code
 * queues the edits and sends them when an execution ends.
 */
export class ExecutionBatch {
  private readonly finished: Finished[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly controller: vscode.NotebookController,
    private readonly onCancel: () => void,
    private readonly progressOutput?: (message: string) => vscode.NotebookCellOutput,
  ) {}

  /**
   * Runs one cell's work; returns whether it passed. Its output is sent once, when it is done; while a slow cell
   * runs, what it reports (`progress`: waiting for Retry-After, polling, paging) shows as its output.
   */
  async run(
    cell: vscode.NotebookCell,
    order: number,
    work: (
      progress: (message: string) => void,
    ) => Promise<{ output: vscode.NotebookCellOutput; ok: boolean | undefined }>,
  ): Promise<boolean | undefined> {
    const startedAt = Date.now();
    let running: vscode.NotebookCellExecution | undefined;
    let latest: string | undefined;
    let shown: string | undefined;
    let lastShownAt = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const showProgress = () => {
      pending = undefined;
      if (!running || !this.progressOutput || latest === undefined || latest === shown) return;
      shown = latest;
      lastShownAt = Date.now();
      void running.replaceOutput(this.progressOutput(latest)).then(undefined, ignore);
    };
    const show = setTimeout(() => {
      this.flush();
      running = this.open(cell, order, startedAt);
      if (latest !== undefined) showProgress();
      else void running.clearOutput().then(undefined, ignore);
    }, SHOW_RUNNING_MS);
    const progress = (message: string) => {
      latest = message;
      if (!running || pending) return;
      pending = setTimeout(showProgress, Math.max(0, PROGRESS_MS - (Date.now() - lastShownAt)));
    };
    const { output, ok } = await work(progress);
    clearTimeout(show);
    clearTimeout(pending);
    const endedAt = Date.now();
    if (running) {
      this.flush();
      finish(running, output, ok, endedAt);
    } else {
      this.finished.push({ cell, order, startedAt, endedAt, output, ok });
      if (this.finished.length >= BATCH_CELLS) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
    }
    return ok;
  }

  /**
   * Sends every finished cell now (the run ended, or a slow cell must show after them). Their outputs go as one
   * edit: the group's first execution replaces every cell's output (an execution may write to other cells), and
   * it ends first, which sends them, so each cell's output is there before its execution ends.
   */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // A cell deleted while the run went on has nowhere to show its output.
    const group = this.finished.splice(0).filter((f) => f.cell.index >= 0);
    const executions = group.map((f) => this.open(f.cell, f.order, f.startedAt));
    const carrier = executions[0];
    for (const f of group) void carrier.replaceOutput(f.output, f.cell).then(undefined, ignore);
    group.forEach((f, i) => executions[i].end(f.ok, f.endedAt));
  }

  private open(cell: vscode.NotebookCell, order: number, startedAt: number): vscode.NotebookCellExecution {
    const execution = this.controller.createNotebookCellExecution(cell);
    execution.executionOrder = order;
    execution.token.onCancellationRequested(this.onCancel);
    execution.start(startedAt);
    return execution;
  }
}

function finish(
  execution: vscode.NotebookCellExecution,
  output: vscode.NotebookCellOutput,
  ok: boolean | undefined,
  at: number,
): void {
  void execution.replaceOutput(output).then(undefined, ignore);
  execution.end(ok, at);
}

/** An output edit that fails because the cell was deleted meanwhile: there is nothing to show it in. */
function ignore(): void {}
