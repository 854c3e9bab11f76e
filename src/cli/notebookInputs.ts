import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostic } from '../core/text/diagnostic';
import { parseNotebookFile } from '../core/notebook/notebookFile';
import type { NotebookFile } from '../core/notebook/notebookTypes';

export const NOTEBOOK_EXTENSION = '.akkuro-nb';
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

export interface NotebookInput {
  /** Relative to the current directory when inside it, for messages and reports. */
  path: string;
  absolutePath: string;
  notebook: NotebookFile;
}

export type NotebookInputs = { ok: true; notebooks: NotebookInput[] } | { ok: false; errors: string[] };

/**
 * Reads every notebook named on the command line (folders are searched for *.akkuro-nb) and parses it.
 * All problems are collected, so one run shows every broken file at once, each with its positions.
 */
export function readNotebookInputs(inputs: readonly string[], cwd: string): NotebookInputs {
  const errors: string[] = [];
  const files: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    let isFolder: boolean;
    try {
      isFolder = statSync(absolute).isDirectory();
    } catch (e) {
      errors.push(`Cannot read notebook ${input}: ${reason(e)}.`);
      continue;
    }
    if (!isFolder) {
      files.push(absolute);
      continue;
    }
    const found = findNotebooks(absolute);
    if (found.length === 0) errors.push(`No ${NOTEBOOK_EXTENSION} files in folder ${input}.`);
    files.push(...found);
  }
  const notebooks: NotebookInput[] = [];
  const seen = new Set<string>();
  for (const absolutePath of files) {
    if (seen.has(absolutePath)) continue;
    seen.add(absolutePath);
    const shown = displayPath(absolutePath, cwd);
    let text: string;
    try {
      text = readFileSync(absolutePath, 'utf8');
    } catch (e) {
      errors.push(`Cannot read notebook ${shown}: ${reason(e)}.`);
      continue;
    }
    const parsed = parseNotebookFile(text);
    if (!parsed.ok) {
      const problems = parsed.diagnostics.filter((d) => d.severity === 'error');
      errors.push(
        `${shown} is not a valid notebook (${problems.length === 1 ? '1 problem' : `${problems.length} problems`}):\n${problems.map((d) => `  ${formatDiagnostic(d, shown)}`).join('\n')}`,
      );
      continue;
    }
    notebooks.push({ path: shown, absolutePath, notebook: parsed.notebook });
  }
  return errors.length ? { ok: false, errors } : { ok: true, notebooks };
}

export function displayPath(absolutePath: string, cwd: string): string {
  const rel = path.relative(cwd, absolutePath);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absolutePath;
}

function findNotebooks(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) walk(full);
      else if (entry.isFile() && entry.name.endsWith(NOTEBOOK_EXTENSION)) out.push(full);
    }
  };
  walk(folder);
  return out;
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file or folder';
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'EISDIR') return 'it is a folder';
  return err.message ?? String(e);
}
