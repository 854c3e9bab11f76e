import * as vscode from 'vscode';
import type { RunResult } from '../contract/response';
import { compareRuns, type Comparison } from '../core/compare/compareRuns';
import type { VolatileRule } from '../core/compare/volatile';

export const COMPARE_SCHEME = 'akkuro-compare';
/** Documents of the newest comparisons kept for the diff editors that may still show them. */
const KEPT = 40;

export interface CompareSide {
  /** Shown in the diff editor's title and the document's name, e.g. `uat-eu 09:26:53`. */
  title: string;
  result: RunResult;
}

/**
 * Read-only, in-memory documents of normalised runs (`akkuro-compare:` URIs) and the diff editor on two of
 * them. Responses never reach a file: the documents live in this map, the newest few only.
 */
export class CompareDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, this);
  private next = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.path) ??
      '// This comparison is no longer in memory (only the newest ones are kept). Compare the runs again.\n'
    );
  }

  /** Opens VS Code's diff editor on the two runs, normalised; returns what was compared. */
  async show(left: CompareSide, right: CompareSide, rule: VolatileRule, title: string): Promise<CompareShown> {
    const comparison = compareRuns(left.result, right.result, rule);
    const n = ++this.next;
    const leftUri = this.keep(`/${n}/left/${fileName(left.title)}.json`, comparison.left);
    const rightUri = this.keep(`/${n}/right/${fileName(right.title)}.json`, comparison.right);
    await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, title, { preview: true });
    if (comparison.equal)
      void vscode.window.setStatusBarMessage('$(check) The runs match once ids and timestamps are masked', 4000);
    return { comparison, left: leftUri, right: rightUri, title };
  }

  private keep(path: string, text: string): vscode.Uri {
    this.texts.set(path, text);
    while (this.texts.size > KEPT * 2) this.texts.delete(this.texts.keys().next().value!);
    return vscode.Uri.from({ scheme: COMPARE_SCHEME, path });
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}

export interface CompareShown {
  comparison: Comparison;
  left: vscode.Uri;
  right: vscode.Uri;
  title: string;
}

function fileName(title: string): string {
  return title.replace(/[^\w.@-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
}
