// Measurements inside the extension host (see suite.ts). No asserts on timings: every figure is written to
// the file the spec names and judged by bench/results.mjs. A run that does not do what it should (a failed cell, an
// extension that was already active) is an error, so a broken measurement never passes for a fast one.
import { spawn } from 'node:child_process';
import { Session } from 'node:inspector';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contract/ids';

const EXTENSION_ID = 'akkuro-notebooks.akkuro-notebooks';
const QUIET_START_MS = 10_000;

export interface HostBenchSpec {
  out: string;
  clientId: string;
  clientSecret: string;
  rounds: number;
  /** The Run All notebook, written into the workspace after activation was measured. */
  runAllNotebook: string;
  /** Runs the same notebook with the runner process, for the ratio: `node cli.js run <file> --env local`. */
  runner: { node: string; cli: string; env: Record<string, string> };
  languageNotebook: string;
  /** 0-based index of the request cell that completion and the edit target. */
  languageCell: number;
}

interface TestApi {
  confirmations?: { respondWith(answer: (() => boolean) | undefined): void };
  languageTimings?: () => { diagnosticsMs: number[]; cellsChecked: number[]; completionMs: number[] };
}

interface HostResults {
  activationMs: number;
  activationEvents: string;
  runAll: { cells: number; firstMs: number; extensionMs: number[]; runnerMs: number[] };
  language: {
    cells: number;
    completionMs: number[];
    completionProviderMs: number[];
    completionItems: number;
    editToDiagnosticsMs: number[];
    diagnosticsComputeMs: number[];
    cellsCheckedPerEdit: number[];
  };
}

describe('extension host benchmark', () => {
  it('measures activation, Run All and the language features', async () => {
    const spec = JSON.parse(fs.readFileSync(process.env.AKKURO_BENCH_SPEC ?? '', 'utf8')) as HostBenchSpec;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!folder) throw new Error('the bench host has no workspace folder');
    const results = {} as HostResults;

    const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
    if (!ext) throw new Error(`${EXTENSION_ID} is not installed in the bench host`);
    if (ext.isActive) throw new Error('the extension was already active: activation cannot be measured');
    // Built-in extensions activate as the window opens, on the same thread: let them finish, so the time
    // measured is ours (loading the bundle and running activate()), not theirs.
    await settle(QUIET_START_MS);
    const stopActivation = await profile('activation');
    const t0 = performance.now();
    const api = await ext.activate();
    results.activationMs = performance.now() - t0;
    await stopActivation();
    results.activationEvents = JSON.stringify(ext.packageJSON.activationEvents ?? []);

    results.runAll = await measureRunAll(spec, folder, api);
    // AKKURO_BENCH_RUN_ALL_ONLY=1 keeps a workbench profile (AKKURO_HOST_PROFILE) about Run All.
    if (!process.env.AKKURO_BENCH_RUN_ALL_ONLY) results.language = await measureLanguage(spec, folder, api);
    fs.writeFileSync(spec.out, JSON.stringify(results));
  });
});

async function measureRunAll(spec: HostBenchSpec, folder: string, api: TestApi): Promise<HostResults['runAll']> {
  const file = path.join(folder, 'runall.akkuro-nb');
  fs.writeFileSync(file, spec.runAllNotebook);
  const doc = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
  await vscode.window.showNotebookDocument(doc);
  const signIn = await vscode.commands.executeCommand<{ ok: boolean; message: string }>(COMMANDS.authenticate, {
    environment: 'local',
    clientId: spec.clientId,
    clientSecret: spec.clientSecret,
    notebook: doc.uri.toString(),
  });
  if (!signIn?.ok) throw new Error(`authenticating "local" failed: ${signIn?.message}`);
  api.confirmations?.respondWith(() => true);
  const cells = doc.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code).length;

  const runAll = async (): Promise<number> => {
    const started = performance.now();
    await vscode.commands.executeCommand('notebook.execute', doc.uri);
    const ms = performance.now() - started;
    const failed = doc
      .getCells()
      .filter((c) => c.kind === vscode.NotebookCellKind.Code && !c.executionSummary?.success);
    if (failed.length) throw new Error(`Run All: ${failed.length} of ${cells} cells did not pass`);
    return ms;
  };
  const runner = () => runnerProcess(spec, file, folder);

  const stopFirst = await profile('first-run-all');
  const firstMs = await runAll();
  await stopFirst();
  await runner();
  const extensionMs: number[] = [];
  const runnerMs: number[] = [];
  for (let round = 0; round < spec.rounds; round++) {
    for (const who of round % 2 === 0 ? ['runner', 'extension'] : ['extension', 'runner']) {
      if (who === 'runner') runnerMs.push(await runner());
      else extensionMs.push(await runAll());
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  return { cells, firstMs, extensionMs, runnerMs };
}

/** Wall time of one runner process on the notebook, spawn to exit, like the bench's own runner rows. */
function runnerProcess(spec: HostBenchSpec, file: string, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(spec.runner.node, [spec.runner.cli, 'run', file, '--env', 'local'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...spec.runner.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`the runner exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

async function measureLanguage(spec: HostBenchSpec, folder: string, api: TestApi): Promise<HostResults['language']> {
  const file = path.join(folder, 'language.akkuro-nb');
  fs.writeFileSync(file, spec.languageNotebook);
  const doc = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
  await vscode.window.showNotebookDocument(doc);
  const requests = doc.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
  const cell = requests[spec.languageCell];
  // The whole notebook is checked once when it opens; wait for that before timing single edits.
  await waitFor(() => requests.every((c) => vscode.languages.getDiagnostics(c.document.uri) !== undefined), 30_000);
  await settle(1000);

  const completionMs: number[] = [];
  const providerBefore = api.languageTimings?.().completionMs.length ?? 0;
  let completionItems = 0;
  const text = cell.document.getText();
  const at = cell.document.positionAt(text.indexOf('{{') + 2);
  for (let i = 0; i < Math.max(9, spec.rounds * 2); i++) {
    const started = performance.now();
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      cell.document.uri,
      at,
    );
    completionMs.push(performance.now() - started);
    completionItems = list.items.length;
  }

  const editToDiagnosticsMs: number[] = [];
  const before = api.languageTimings?.().diagnosticsMs.length ?? 0;
  for (let i = 0; i < Math.max(5, spec.rounds); i++) {
    // Alternately break and repair a key: each edit changes the cell's diagnostics, so the change is observable.
    const broken = i % 2 === 0;
    const line = cell.document.lineAt(0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(cell.document.uri, line.range, broken ? `nmae${line.text.slice(4)}` : `name${line.text.slice(4)}`);
    const changed = diagnosticsChange(cell.document.uri);
    const started = performance.now();
    await vscode.workspace.applyEdit(edit);
    await changed;
    editToDiagnosticsMs.push(performance.now() - started);
  }
  const timings = api.languageTimings?.();
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return {
    cells: requests.length,
    completionMs,
    completionProviderMs: timings?.completionMs.slice(providerBefore) ?? [],
    completionItems,
    editToDiagnosticsMs,
    diagnosticsComputeMs: timings?.diagnosticsMs.slice(before) ?? [],
    cellsCheckedPerEdit: timings?.cellsChecked.slice(before) ?? [],
  };
}

/**
 * With AKKURO_BENCH_PROFILE=<dir>, a CPU profile of the extension host (this process) for the step, opened in
 * Chrome DevTools or read with bench/profileTop.mjs. Profiling slows the step: figures of a profiled run are not
 * comparable.
 */
async function profile(name: string): Promise<() => Promise<void>> {
  const dir = process.env.AKKURO_BENCH_PROFILE;
  if (!dir) return async () => {};
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return async () => {
    const { profile: p } = (await post('Profiler.stop')) as { profile: unknown };
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(p));
    session.disconnect();
  };
}

function diagnosticsChange(uri: vscode.Uri): Promise<void> {
  return new Promise((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) {
        sub.dispose();
        resolve();
      }
    });
  });
}

async function waitFor(probe: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error('timed out waiting for the notebook to be checked');
    await settle(50);
  }
}

function settle(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
