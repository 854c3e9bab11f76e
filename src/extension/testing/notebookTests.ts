import * as vscode from 'vscode';
import { NOTEBOOK_TYPE, TEST_CONTROLLER_ID } from '../../contract/ids';
import type { RunResult } from '../../contract/response';
import type { CellOutcome, RequestController } from '../controller';
import { cellTestsOf, createCellItem, indexOfTest } from './testItems';
import { testMessages } from './testMessages';

export type TestState = 'passed' | 'failed' | 'errored' | 'skipped';
export interface ReportedTest {
  id: string;
  state: TestState;
  messages: vscode.TestMessage[];
}

const NOTEBOOKS = '**/*.akkuro-nb';
const REFRESH_MS = 300;

/**
 * The Testing view's side of notebooks: each notebook with its request cells that have `expect:` as tests.
 * A run goes through the notebook's own controller (`notebook.cell.execute`: its queue, its environment, its
 * confirmations); running a whole notebook runs all its request cells in order, like Run All.
 */
export class NotebookTests implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController(TEST_CONTROLLER_ID, 'Akkuro Notebooks');
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** What runs reported, for the extension's own tests (kept in test mode only). */
  readonly reported: ReportedTest[] | undefined;

  constructor(
    private readonly requests: RequestController,
    testMode: boolean,
  ) {
    this.reported = testMode ? [] : undefined;
    this.controller.resolveHandler = (item) => (item ? Promise.resolve() : this.discover());
    this.controller.refreshHandler = () => this.discover();
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (r, t) => this.run(r, t), true);
    const watcher = vscode.workspace.createFileSystemWatcher(NOTEBOOKS);
    const later = (uri: vscode.Uri) => this.later(uri);
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate(later),
      watcher.onDidChange(later),
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())),
      vscode.workspace.onDidOpenNotebookDocument((d) => d.notebookType === NOTEBOOK_TYPE && later(d.uri)),
      vscode.workspace.onDidCloseNotebookDocument((d) => d.notebookType === NOTEBOOK_TYPE && later(d.uri)),
      // Text and cells, not outputs: a run must not rebuild the items it reports on.
      vscode.workspace.onDidChangeNotebookDocument(
        (e) =>
          e.notebook.notebookType === NOTEBOOK_TYPE &&
          (e.contentChanges.length > 0 || e.cellChanges.some((c) => c.document !== undefined)) &&
          later(e.notebook.uri),
      ),
    );
  }

  /** Lists every notebook of the workspace. */
  async discover(): Promise<void> {
    const files = await vscode.workspace.findFiles(NOTEBOOKS, '**/node_modules/**');
    const seen = new Set(files.map((f) => f.toString()));
    this.controller.items.forEach((item) => !seen.has(item.id) && this.controller.items.delete(item.id));
    await Promise.all(files.map((f) => this.update(f)));
  }

  /** Re-reads one notebook's tests; a notebook without any is not listed. */
  async update(uri: vscode.Uri): Promise<void> {
    if (uri.scheme === 'untitled') return;
    const tests = await cellTestsOf(uri);
    if (!tests?.length) {
      this.controller.items.delete(uri.toString());
      return;
    }
    const item =
      this.controller.items.get(uri.toString()) ??
      this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
    const children = tests.map((t) => createCellItem(this.controller, uri, t));
    if (item.children.size !== children.length || children.some((c) => !sameItem(c, item.children.get(c.id))))
      item.children.replace(children);
    this.controller.items.add(item);
  }

  private later(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.update(uri);
      }, REFRESH_MS),
    );
  }

  async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    try {
      for (const [notebook, { whole, tests }] of this.plan(request)) {
        if (token.isCancellationRequested) tests.forEach((t) => this.report(run, t, 'skipped'));
        else await this.runNotebook(run, vscode.Uri.parse(notebook), whole, tests, token);
      }
    } finally {
      run.end();
    }
  }

  /** Per notebook: the tests to report, and whether the whole notebook was asked for (then it runs like Run All). */
  private plan(request: vscode.TestRunRequest): Map<string, { whole: boolean; tests: vscode.TestItem[] }> {
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const roots: vscode.TestItem[] = [];
    if (request.include) roots.push(...request.include);
    else this.controller.items.forEach((i) => roots.push(i));
    const plan = new Map<string, { whole: boolean; tests: vscode.TestItem[] }>();
    for (const root of roots) {
      if (excluded.has(root.id)) continue;
      const isNotebook = !root.parent;
      const notebook = isNotebook ? root.id : root.parent!.id;
      const entry = plan.get(notebook) ?? { whole: false, tests: [] };
      if (isNotebook) {
        entry.whole = excluded.size === 0 || ![...excluded].some((id) => id.startsWith(`${root.id}#`));
        root.children.forEach((c) => !excluded.has(c.id) && entry.tests.push(c));
      } else entry.tests.push(root);
      plan.set(notebook, entry);
    }
    return plan;
  }

  private async runNotebook(
    run: vscode.TestRun,
    uri: vscode.Uri,
    whole: boolean,
    tests: vscode.TestItem[],
    token: vscode.CancellationToken,
  ): Promise<void> {
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    const cells = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    const byTest = new Map(
      tests.map((t) => [
        t,
        notebook.cellCount > (indexOfTest(t.id) ?? Infinity) ? notebook.cellAt(indexOfTest(t.id)!) : undefined,
      ]),
    );
    const toRun = whole
      ? cells
      : [...new Set([...byTest.values()].filter((c): c is vscode.NotebookCell => !!c))].sort(
          (a, b) => a.index - b.index,
        );
    for (const t of tests) run.started(t);
    const outcomes = new Map<vscode.NotebookCell, CellOutcome>();
    const listening = this.requests.onDidFinishCell((o) => o.cell.notebook === notebook && outcomes.set(o.cell, o));
    const ranges = toRun.map((c) => ({ start: c.index, end: c.index + 1 }));
    const cancelling = token.onCancellationRequested(
      () => void vscode.commands.executeCommand('notebook.cell.cancel', { ranges, document: uri }),
    );
    try {
      await vscode.window.showNotebookDocument(notebook, { preserveFocus: true, preview: false });
      await vscode.commands.executeCommand('notebook.cell.execute', { ranges, document: uri });
    } finally {
      listening.dispose();
      cancelling.dispose();
    }
    for (const [test, cell] of byTest) {
      const outcome = cell && outcomes.get(cell);
      if (!cell)
        this.report(run, test, 'errored', [
          new vscode.TestMessage('This cell is no longer in the notebook; refresh the tests.'),
        ]);
      else if (!outcome)
        this.report(run, test, 'skipped', [
          new vscode.TestMessage(token.isCancellationRequested ? 'Cancelled.' : 'Not run.'),
        ]);
      else if ('notRun' in outcome) this.report(run, test, 'skipped', [new vscode.TestMessage(outcome.notRun)]);
      else this.reportResult(run, test, cell, outcome.result);
    }
  }

  private reportResult(run: vscode.TestRun, test: vscode.TestItem, cell: vscode.NotebookCell, result: RunResult): void {
    const duration = result.kind === 'response' ? result.timings.totalMs : result.timings?.totalMs;
    if (result.outcome === 'passed') this.report(run, test, 'passed', [], duration);
    else
      this.report(run, test, result.kind === 'response' ? 'failed' : 'errored', testMessages(cell, result), duration);
  }

  private report(
    run: vscode.TestRun,
    test: vscode.TestItem,
    state: TestState,
    messages: vscode.TestMessage[] = [],
    duration?: number,
  ): void {
    if (state === 'passed') run.passed(test, duration);
    else if (state === 'failed') run.failed(test, messages, duration);
    else if (state === 'errored') run.errored(test, messages, duration);
    else run.skipped(test);
    this.reported?.push({ id: test.id, state, messages });
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const s of this.subscriptions) s.dispose();
    this.controller.dispose();
  }
}

function sameItem(a: vscode.TestItem, b: vscode.TestItem | undefined): boolean {
  return (
    !!b &&
    a.label === b.label &&
    a.uri?.toString() === b.uri?.toString() &&
    (a.range === b.range || (!!a.range && !!b.range && a.range.isEqual(b.range)))
  );
}
