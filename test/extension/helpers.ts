import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/contract/response';
import type { SandboxStats } from '../../src/sandbox/server';
import { RESPONSE_MIME } from '../../src/contract/ids';

export { RESPONSE_MIME };
export const EXTENSION_ID = 'akkuro-notebooks.akkuro-notebooks';

export interface TestApi {
  confirmations: {
    respondWith(answer: ((r: { kind: string; environment: string }) => boolean) | undefined): void;
    asked: ReadonlyArray<{ kind: string; environment: string; method?: string; requests?: number; message?: string }>;
  };
  sandbox(): { url: string; stats(): SandboxStats } | undefined;
  statusText(): string | undefined;
  /** The items of a cell's status bar (its name, the run its output shows, the history). */
  cellStatus(cell: vscode.NotebookCell): Array<{ text: string; tooltip: string }>;
  /** The status bar item's background theme colour id, e.g. statusBarItem.warningBackground; undefined for none. */
  statusBackground(): string | undefined;
  /** The extension's log folder (context.logUri), where its log output channel writes. */
  logDir: string;
  notebookFileProblems: {
    failures: ReadonlyArray<{ uri: string; message: string; actions: string[] }>;
    answerWith(action: string | undefined): void;
  };
  storedSecret(env: string): Thenable<string | undefined>;
  /** Requests per client and UTC day (global state); restart starts over as a new window session. */
  usage: {
    count(env: string, client: string): number;
    flush(): Promise<void>;
    restart(session: string): Promise<void>;
  };
  history: {
    file(): vscode.Uri | undefined;
    flush(): Promise<void>;
    size(): number;
    /** Forgets the runs in memory and reads the stored history back, as a new window's activation does. */
    reload(): Promise<number>;
  };
  /** Whether the OpenAPI libraries (dist/openapiLibraries.js) have been loaded into the extension host. */
  openApiLoaded(): boolean;
  tests: {
    controller: vscode.TestController;
    run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void>;
    reported: Array<{ id: string; state: string; messages: vscode.TestMessage[] }> | undefined;
  };
}

export async function api(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in the test host`);
  return ext.activate();
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host has no workspace folder');
  return folder.uri.fsPath;
}

/** Writes a notebook (or any file) into the workspace and returns its URI. */
export function writeFile(relative: string, text: string): vscode.Uri {
  const file = path.join(workspaceDir(), relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

export async function openNotebook(uri: vscode.Uri): Promise<vscode.NotebookDocument> {
  const doc = await vscode.workspace.openNotebookDocument(uri);
  await vscode.window.showNotebookDocument(doc);
  return doc;
}

export function notebookText(
  cells: Array<{ kind?: 'markdown' | 'request'; text: string }>,
  environment?: string,
): string {
  const body = cells.map((c) => `  - ${c.kind ?? 'request'}: ${JSON.stringify(c.text)}\n`).join('');
  return `akkuro-notebook: 1\n${environment ? `environment: ${environment}\n` : ''}cells:\n${body}`;
}

export async function runCells(doc: vscode.NotebookDocument, start: number, end = start + 1): Promise<void> {
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start, end }], document: doc.uri });
}

export async function runAll(doc: vscode.NotebookDocument): Promise<void> {
  await vscode.commands.executeCommand('notebook.execute', doc.uri);
}

/** The renderer's JSON item of a cell's output, parsed, with its text/plain fallback. */
export function result(doc: vscode.NotebookDocument, index: number): { model: RunResult; text: string } | undefined {
  const output = doc.cellAt(index).outputs[0];
  if (!output) return undefined;
  const json = output.items.find((i) => i.mime === RESPONSE_MIME);
  const text = output.items.find((i) => i.mime === 'text/plain');
  assert.ok(
    json,
    `cell ${index} output has no ${RESPONSE_MIME} item (mimes: ${output.items.map((i) => i.mime).join(', ')})`,
  );
  assert.ok(text, `cell ${index} output has no text/plain fallback`);
  return {
    model: JSON.parse(new TextDecoder().decode(json.data)) as RunResult,
    text: new TextDecoder().decode(text.data),
  };
}

export function plainOutput(doc: vscode.NotebookDocument, index: number): string {
  const item = doc.cellAt(index).outputs[0]?.items.find((i) => i.mime === 'text/plain');
  return item ? new TextDecoder().decode(item.data) : '';
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Focuses a cell's text editor in its notebook (edit mode), with the cursor at `at` when given. */
export async function editCell(cell: vscode.NotebookCell, at?: vscode.Position): Promise<vscode.TextEditor> {
  await vscode.window.showNotebookDocument(cell.notebook, {
    selections: [new vscode.NotebookRange(cell.index, cell.index + 1)],
  });
  await vscode.commands.executeCommand('notebook.cell.edit');
  const editor = await waitFor('the cell editor to have focus', () => {
    const active = vscode.window.activeTextEditor;
    return active?.document === cell.document ? active : undefined;
  });
  if (at) editor.selection = new vscode.Selection(at, at);
  return editor;
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Every file under a folder whose content contains any of the needles (node_modules skipped). */
export function filesContaining(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(p);
      } else if (entry.isFile()) {
        const content = fs.readFileSync(p, 'latin1');
        if (needles.some((n) => n && content.includes(n))) hits.push(p);
      }
    }
  };
  walk(dir);
  return hits;
}

/**
 * Answers the real quick pick that `pending` (a command) opens: presses "accept" (after moving `next` items
 * down) every 300 ms until the command settles, so a slow workbench that shows the pick late is no problem.
 * Pressing while no quick pick is open does nothing.
 */
export async function answerQuickPick<T>(pending: Thenable<T>, next = 0, timeoutMs = 20_000): Promise<T> {
  let settled = false;
  const done = Promise.resolve(pending).finally(() => (settled = true));
  for (const started = Date.now(); !settled && Date.now() - started < timeoutMs;) {
    await new Promise((r) => setTimeout(r, 300));
    if (settled) break;
    for (let i = 0; i < next; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  return done;
}
