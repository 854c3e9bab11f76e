import * as vscode from 'vscode';
import type { Environment } from '../../core/environments/environment';
import { SANDBOX_API_VERSIONS } from '../../core/environments/sandboxIdentity';
import type { LoadedSpecs } from '../../core/openapi/environmentSpecs';
import type { SpecIndex } from '../../core/openapi/specIndex';
import type { ContractContext } from '../../core/openapi/contractCheck';
import type { SchemaValidator } from '../../core/openapi/schemaValidate';
import { sandboxOpenApi } from '../../sandbox/openapi/document';
import type { EnvironmentService } from '../environmentService';

/**
 * The OpenAPI documents of each environment, loaded on first use and kept until a spec or the environments
 * file changes. The loader (json-schema-ref-parser) and Ajv are imported only then, so activation stays light.
 * A broken document is one diagnostic on its `specs:` entry in the environments file; cells never break.
 */
export class ContractSpecs implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<SpecIndex>>();
  private readonly problems = vscode.languages.createDiagnosticCollection('akkuro-specs');
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private validator?: Promise<SchemaValidator>;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly environments: EnvironmentService) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json}');
    const reset = (uri: vscode.Uri) => {
      if (uri.path.includes('/node_modules/') || uri.path.includes('/.git/')) return;
      this.cache.clear();
      this.problems.clear();
      this.changed.fire();
    };
    this.subscriptions = [
      this.problems,
      this.changed,
      watcher,
      watcher.onDidChange(reset),
      watcher.onDidCreate(reset),
      watcher.onDidDelete(reset),
      environments.onDidChange(() => {
        this.cache.clear();
        this.problems.clear();
        this.changed.fire();
      }),
    ];
  }

  /** The specs of the environment a notebook uses; undefined when it has none. */
  async indexFor(notebookUri: vscode.Uri, env: Environment): Promise<SpecIndex | undefined> {
    const file = env.builtin ? undefined : await this.environments.fileFor(notebookUri);
    if (!env.builtin && (!file || !env.specs?.length)) return undefined;
    const key = `${file?.toString() ?? 'builtin'}#${env.name}`;
    let index = this.cache.get(key);
    if (!index) this.cache.set(key, (index = env.builtin ? this.sandbox() : this.load(file!, env)));
    const loaded = await index;
    return loaded.empty ? undefined : loaded;
  }

  /** What a run needs for `expect: { schema: true }`. */
  async contextFor(notebookUri: vscode.Uri, env: Environment): Promise<ContractContext> {
    const index = await this.indexFor(notebookUri, env);
    this.validator ??= import('../../core/openapi/schemaValidate').then((m) => new m.SchemaValidator());
    const validator = await this.validator;
    const { SpecIndex } = await import('../../core/openapi/specIndex');
    return index
      ? { index, validator }
      : {
          index: new SpecIndex([]),
          validator,
          unavailable: `Environment "${env.name}" lists no OpenAPI documents (or none could be read): add "specs: [specs/*.yaml]" to it in akkuro-environments.yaml.`,
        };
  }

  /** The sandbox's own documents, the ones it serves at /__sandbox/openapi.yaml, without needing it running. */
  private async sandbox(): Promise<SpecIndex> {
    const [{ loadSpecText }, { SpecIndex }] = await Promise.all([
      import('../../core/openapi/specLoad'),
      import('../../core/openapi/specIndex'),
    ]);
    const specs = [];
    for (const v of SANDBOX_API_VERSIONS) {
      const loaded = await loadSpecText(JSON.stringify(sandboxOpenApi(v)), `sandbox ${v}`);
      if (loaded.ok) specs.push(loaded.spec);
    }
    return new SpecIndex(specs);
  }

  private async load(file: vscode.Uri, env: Environment): Promise<SpecIndex> {
    const { loadEnvironmentSpecs } = await import('../../core/openapi/environmentSpecs');
    const dir = vscode.Uri.joinPath(file, '..');
    const loaded: LoadedSpecs = await loadEnvironmentSpecs(env.specs ?? [], dir.fsPath, {
      readText: async (p) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(p))),
      list: async (p) =>
        (await vscode.workspace.fs.readDirectory(vscode.Uri.file(p))).map(([name, type]) => ({
          name,
          directory: (type & vscode.FileType.Directory) !== 0,
        })),
    });
    this.report(file, loaded);
    return loaded.index;
  }

  private report(file: vscode.Uri, loaded: LoadedSpecs): void {
    const existing = (this.problems.get(file) ?? []).filter((d) => !loaded.problems.some((p) => sameRange(d, p.entry)));
    const added = loaded.problems.map((p) => {
      const range = new vscode.Range(
        p.entry.line - 1,
        p.entry.column - 1,
        p.entry.line - 1,
        p.entry.column - 1 + (p.entry.endOffset - p.entry.offset),
      );
      const d = new vscode.Diagnostic(range, p.message, vscode.DiagnosticSeverity.Warning);
      d.source = 'Akkuro';
      d.code = 'spec-unusable';
      return d;
    });
    this.problems.set(file, [...existing, ...added]);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

function sameRange(d: vscode.Diagnostic, entry: { line: number; column: number }): boolean {
  return d.range.start.line === entry.line - 1 && d.range.start.character === entry.column - 1;
}
