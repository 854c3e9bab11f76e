import * as vscode from 'vscode';
import { vsDiagnostic } from './language/vsDiagnostic';
import { environmentsFileCandidates } from '../core/environments/environmentLookup';
import { ENVIRONMENTS_FILE_NAME, SANDBOX_ENVIRONMENT, type Environment } from '../core/environments/environment';
import { parseEnvironmentsFile } from '../core/environments/environmentsFile';
import { sandboxEnvironment } from '../core/environments/sandboxEnvironment';
import type { SandboxService } from './sandboxService';

export interface EnvironmentSet {
  /** The environments file that applies, when there is one. */
  file?: vscode.Uri;
  /** The built-in sandbox first, then the file's environments (those without errors). */
  environments: Environment[];
  defaultEnvironment?: string;
  /** Error count of the file, so the UI can say the list may be incomplete. */
  errors: number;
  /** Environments the file defines with errors (left out of `environments` until fixed). */
  unusable?: string[];
}

const SANDBOX_PLACEHOLDER = 'http://127.0.0.1';

/**
 * Finds `akkuro-environments.yaml` from a notebook's folder up to its workspace folder, keeps it parsed,
 * reloads it when it changes and shows its problems as diagnostics in the file.
 */
export class EnvironmentService implements vscode.Disposable {
  private readonly parsed = new Map<string, Promise<Omit<EnvironmentSet, 'file'>>>();
  /**
   * Where the lookup ended, per starting folder inside a workspace folder (the watcher sees those files appear and
   * go). Each probe is a file-system call through the workbench: several per lookup, slow in a busy window, and
   * completion, hover and every run look the file up.
   */
  private readonly located = new Map<string, Promise<vscode.Uri | undefined>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('akkuro-environments');
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly sandbox: SandboxService) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${ENVIRONMENTS_FILE_NAME}`);
    const reload = (uri: vscode.Uri) => this.reload(uri);
    this.subscriptions.push(
      watcher,
      watcher.onDidChange(reload),
      watcher.onDidCreate(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidSaveTextDocument((d) => d.uri.path.endsWith(`/${ENVIRONMENTS_FILE_NAME}`) && reload(d.uri)),
      sandbox.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.located.clear();
        this.changed.fire();
      }),
      this.diagnostics,
    );
  }

  /** Forgets what was read of `uri` and where lookups ended: it was written, created or deleted. */
  reload(uri: vscode.Uri): void {
    this.located.clear();
    this.parsed.delete(uri.toString());
    this.diagnostics.delete(uri);
    this.changed.fire();
  }

  /**
   * The environments file for a notebook, by core's one lookup rule: from the notebook's folder up to its
   * workspace folder (an untitled notebook starts at the first workspace folder). `fresh` looks again now (a
   * command that opens or writes the file must not trust a lookup the watcher has not caught up with yet).
   */
  fileFor(notebookUri: vscode.Uri | undefined, fresh = false): Promise<vscode.Uri | undefined> {
    const folder = notebookUri && vscode.workspace.getWorkspaceFolder(notebookUri);
    const root = folder?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const start = notebookUri && notebookUri.scheme !== 'untitled' ? vscode.Uri.joinPath(notebookUri, '..') : root;
    if (!start) return Promise.resolve(undefined);
    const sameScheme = root && root.scheme === start.scheme && root.authority === start.authority;
    const stop = sameScheme ? root.path : undefined;
    // Outside every workspace folder no watcher reports a new or deleted file: look again each time.
    if (!folder && start !== root) return this.locate(start, stop);
    const key = `${start.toString()}\0${stop ?? ''}`;
    let found = fresh ? undefined : this.located.get(key);
    if (!found) this.located.set(key, (found = this.locate(start, stop)));
    return found;
  }

  private async locate(start: vscode.Uri, stop: string | undefined): Promise<vscode.Uri | undefined> {
    for (const candidate of environmentsFileCandidates(start.path, stop)) {
      const uri = start.with({ path: candidate });
      if (await exists(uri)) return uri;
    }
    return undefined;
  }

  async setFor(notebookUri: vscode.Uri | undefined): Promise<EnvironmentSet> {
    const sandbox = sandboxEnvironment(this.sandbox.url ?? SANDBOX_PLACEHOLDER);
    const file = await this.fileFor(notebookUri);
    if (!file) return { environments: [sandbox], errors: 0 };
    const parsed = await this.load(file);
    return {
      file,
      environments: [sandbox, ...parsed.environments],
      ...(parsed.defaultEnvironment ? { defaultEnvironment: parsed.defaultEnvironment } : {}),
      errors: parsed.errors,
      ...(parsed.unusable ? { unusable: parsed.unusable } : {}),
    };
  }

  /** An environment ready to run against: the sandbox is started first when needed. */
  async resolve(notebookUri: vscode.Uri | undefined, name: string): Promise<Environment | undefined> {
    if (name === SANDBOX_ENVIRONMENT) {
      if (!this.sandbox.url && vscode.workspace.getConfiguration('akkuro').get<boolean>('sandbox.autoStart', true))
        await this.sandbox.start();
      return this.sandbox.url ? sandboxEnvironment(this.sandbox.url) : undefined;
    }
    return (await this.setFor(notebookUri)).environments.find((e) => e.name === name);
  }

  private load(file: vscode.Uri) {
    const key = file.toString();
    let p = this.parsed.get(key);
    if (!p) {
      p = (async () => {
        let text: string;
        try {
          text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
        } catch {
          return { environments: [], errors: 1 };
        }
        const { file: parsed, diagnostics } = parseEnvironmentsFile(text);
        const doc = { positionAt: positionAtFactory(text) };
        this.diagnostics.set(
          file,
          diagnostics.map((d) => vsDiagnostic(d, doc.positionAt)),
        );
        return {
          environments: parsed.environments,
          ...(parsed.defaultEnvironment ? { defaultEnvironment: parsed.defaultEnvironment } : {}),
          errors: diagnostics.filter((d) => d.severity === 'error').length,
          ...(parsed.unusable?.length ? { unusable: parsed.unusable } : {}),
        };
      })();
      this.parsed.set(key, p);
    }
    return p;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Offsets → positions for text that is not open in an editor. */
export function positionAtFactory(text: string): (offset: number) => vscode.Position {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return new vscode.Position(lo, offset - starts[lo]);
  };
}
