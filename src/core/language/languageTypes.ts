import type { Environment } from '../environments/environment';
import type { AccessPreferences } from '../environments/accessChoice';
import type { NamedResponse } from '../request/variables';
import type { SpecIndex } from '../openapi/specIndex';
import type { Diagnostic } from '../text/diagnostic';

/**
 * What the editor knows around one request cell: the active environment and what the rest of the
 * notebook says. Every language feature takes the cell text plus this, so the VS Code providers only
 * translate positions and items.
 */
/** Names of request cells: a Set, or a view of the notebook's index that copies nothing. */
export interface NameSet extends Iterable<string> {
  has(name: string): boolean;
}

export interface CellScope {
  /** The notebook's active environment; features that need it say so when it is missing. */
  environment?: Environment;
  /** `name:` of the request cells above this one. */
  earlierNames: NameSet;
  /** `name:` of the request cells below this one, so a reference to them can say "move it above". */
  laterNames?: NameSet;
  /** The last response of each named cell in the active environment. */
  responses: ReadonlyMap<string, NamedResponse>;
  /** The notebook file's `apiVersion:`; it sits between the cell's and the environment's. */
  notebookApiVersion?: string;
  /** `apiVersion` values written in other cells, most used first. */
  apiVersions?: readonly string[];
  /** URLs of the other cells' method lines, in notebook order. */
  paths?: readonly string[];
  /** The environment's OpenAPI documents; hints and checks from the contract need them. */
  contract?: SpecIndex;
  /** The notebook file's `client:`/`label:` and the user's choice for the notebook (the status bar). */
  access?: AccessPreferences;
}

/** Replace the cell text in [start, end) with `newText`. Offsets are UTF-16, like the core's diagnostics. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix most people want; editors may apply it with one key. */
  preferred?: boolean;
}

export type CompletionKind =
  'key' | 'method' | 'path' | 'variable' | 'builtin' | 'response' | 'field' | 'header' | 'value' | 'operator';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** Text to insert instead of the label; a VS Code snippet (`${1:x}`, `$0`) when `snippet` is set. */
  insertText?: string;
  snippet?: boolean;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** What the editor matches the typed text against, when it differs from the label. */
  filterText?: string;
  sortText?: string;
  /** Open completion again after inserting (e.g. after `GET: /` or `{{party.`). */
  retrigger?: boolean;
  /** Offsets into the cell text of the text this item replaces. */
  replaceStart: number;
  replaceEnd: number;
}

export interface HoverResult {
  /** Markdown. */
  contents: string;
  start: number;
  end: number;
}

/** A problem in a request cell, with the edits that fix it when the fix is obvious. */
export interface CellDiagnostic extends Omit<Diagnostic, 'fix'> {
  fixes: QuickFix[];
}

/** What the other request cells of a notebook say about one cell (notebookFacts.ts, notebookIndex.ts). */
export type NotebookFacts = Pick<CellScope, 'earlierNames' | 'laterNames' | 'apiVersions' | 'paths'>;
