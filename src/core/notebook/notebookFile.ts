import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { readCanonicalNotebook } from './canonicalNotebook';
import { diagnosticAt, nearest, type Diagnostic } from '../text/diagnostic';
import { API_VERSION_PATTERN } from '../environments/environment';
import { Reporter, yamlErrorDiagnostic, type Range } from './notebookReporter';
import { doubleQuoted, headerScalar, literalBlock } from './yamlScalar';
import type { CellKind, NotebookCell, NotebookFile } from './notebookTypes';

export const NOTEBOOK_FORMAT_VERSION = 1;
export type ParseNotebookResult = { ok: true; notebook: NotebookFile } | { ok: false; diagnostics: Diagnostic[] };

const TOP_KEYS = ['akkuro-notebook', 'environment', 'client', 'label', 'apiVersion', 'cells'];
const CELL_KINDS: readonly CellKind[] = ['markdown', 'request'];
const CELL_INDENT = '      ';

/** The canonical text of a notebook: deterministic, one line per text line where possible, ends with one LF. */
export function serializeNotebookFile(notebook: NotebookFile): string {
  // Joined once at the end: a flat string compares and re-reads faster than a rope built with `+=`.
  const parts = [`akkuro-notebook: ${NOTEBOOK_FORMAT_VERSION}\n`];
  if (notebook.environment !== undefined) parts.push(`environment: ${headerScalar(notebook.environment)}\n`);
  if (notebook.client !== undefined) parts.push(`client: ${headerScalar(notebook.client)}\n`);
  if (notebook.label !== undefined) parts.push(`label: ${headerScalar(notebook.label)}\n`);
  if (notebook.apiVersion !== undefined) parts.push(`apiVersion: ${headerScalar(notebook.apiVersion)}\n`);
  parts.push(notebook.cells.length === 0 ? 'cells: []\n' : 'cells:\n');
  const last = notebook.cells.length - 1;
  notebook.cells.forEach((cell, i) => {
    const layout = { indent: CELL_INDENT, indentIndicator: 2, allowKeep: i !== last };
    const scalar = cell.text === '' ? '""' : (literalBlock(cell.text, layout) ?? doubleQuoted(cell.text, CELL_INDENT));
    parts.push(`  - ${cell.kind}: ${scalar}\n`);
  });
  return parts.join('');
}

/** Reads a notebook file; a file that is not a notebook gives positioned diagnostics, never an empty notebook. */
export function parseNotebookFile(text: string): ParseNotebookResult {
  const candidate = readCanonicalNotebook(text, CELL_INDENT);
  if (candidate && isValidHeader(candidate) && serializeNotebookFile(candidate) === text) {
    return { ok: true, notebook: candidate };
  }
  return parseNotebookYaml(text);
}

function isValidHeader(notebook: NotebookFile): boolean {
  return notebook.apiVersion === undefined || API_VERSION_PATTERN.test(notebook.apiVersion);
}

export function sameNotebook(a: NotebookFile, b: NotebookFile): boolean {
  return (
    a.environment === b.environment &&
    a.client === b.client &&
    a.label === b.label &&
    a.apiVersion === b.apiVersion &&
    a.cells.length === b.cells.length &&
    a.cells.every((cell, i) => cell.kind === b.cells[i].kind && cell.text === b.cells[i].text)
  );
}

/** The text to write: `original` itself when it parses to a notebook equal to `notebook`, else the canonical form. */
export function textToSave(notebook: NotebookFile, original: string | undefined): string {
  if (original !== undefined) {
    const parsed = parseNotebookFile(original);
    if (parsed.ok && sameNotebook(parsed.notebook, notebook)) return original;
  }
  return serializeNotebookFile(notebook);
}

/**
 * Reads a notebook file of any YAML layout (comments, flow style, quoted text, CRLF, a BOM) with the
 * `yaml` library. `parseNotebookFile` uses it for everything but its own canonical output.
 */
export function parseNotebookYaml(text: string): ParseNotebookResult {
  if (/^\uFEFF?[ \t\r\n]*$/.test(text)) return { ok: true, notebook: { cells: [] } };
  try {
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, version: '1.2' });
    if (doc.errors.length > 0) return { ok: false, diagnostics: doc.errors.map((e) => yamlErrorDiagnostic(text, e)) };
    const diagnostics: Diagnostic[] = [];
    const notebook = readNotebook(new Reporter(text, diagnostics), doc.contents);
    return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, notebook };
  } catch (e) {
    // The yaml library is not expected to throw; if it ever does, the file must still open as an error.
    const reason = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      diagnostics: [
        diagnosticAt(
          text,
          0,
          0,
          'unreadable',
          `This file could not be read as YAML (${reason}). Check it in a text editor.`,
        ),
      ],
    };
  }
}

function keyName(key: unknown): string | undefined {
  return isScalar(key) && key.value !== null && typeof key.value !== 'object' ? String(key.value) : undefined;
}

function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function readNotebook(report: Reporter, contents: unknown): NotebookFile {
  const notebook: NotebookFile = { cells: [] };
  if (!isMap(contents)) {
    report.error(
      report.rangeOf(contents),
      'not-a-notebook',
      `This is not a notebook: the file should be a mapping that starts with \`akkuro-notebook: ${NOTEBOOK_FORMAT_VERSION}\` followed by \`cells:\`, but it holds ${report.describe(contents)}.`,
    );
    return notebook;
  }
  let hasVersion = false;
  for (const pair of contents.items) {
    const name = keyName(pair.key);
    const keyRange = report.rangeOf(pair.key);
    const valueRange = report.rangeOf(pair.value, keyRange);
    if (name === 'akkuro-notebook') {
      hasVersion = true;
      readVersion(report, pair.value, valueRange);
    } else if (name === 'environment') {
      notebook.environment = stringValue(pair.value);
      if (notebook.environment === undefined) {
        report.error(
          valueRange,
          'bad-environment',
          `\`environment\` must be the name of an environment from akkuro-environments.yaml, found ${report.describe(pair.value)}. Remove the line to leave the notebook unpinned.`,
        );
      }
    } else if (name === 'client' || name === 'label') {
      notebook[name] = stringValue(pair.value);
      if (!notebook[name]) {
        report.error(
          valueRange,
          `bad-${name}`,
          `\`${name}\` must be the name of a ${name === 'client' ? 'client' : 'white label'} of the environment (akkuro-environments.yaml), found ${report.describe(pair.value)}. Remove the line to let each request choose.`,
        );
      }
    } else if (name === 'apiVersion') {
      notebook.apiVersion = stringValue(pair.value);
      if (notebook.apiVersion === undefined || !API_VERSION_PATTERN.test(notebook.apiVersion)) {
        report.error(
          valueRange,
          'bad-api-version',
          `\`apiVersion\` must look like YYYY.Major.Minor (for example 2025.1.0), found ${report.describe(pair.value)}.`,
        );
      }
    } else if (name === 'cells') {
      notebook.cells = readCells(report, pair.value, valueRange);
    } else {
      unknownKey(report, name, keyRange, TOP_KEYS, 'at the top of a notebook');
    }
  }
  if (!hasVersion) {
    const at = report.rangeOf(contents)[0];
    report.error(
      [at, at],
      'missing-format-version',
      `This file has no \`akkuro-notebook: ${NOTEBOOK_FORMAT_VERSION}\` line, which marks it as a notebook. Add it as the first line.`,
      {
        title: `Add akkuro-notebook: ${NOTEBOOK_FORMAT_VERSION}`,
        replacement: `akkuro-notebook: ${NOTEBOOK_FORMAT_VERSION}\n`,
      },
    );
  }
  return notebook;
}

function readVersion(report: Reporter, node: unknown, range: Range): void {
  const version = isScalar(node) ? node.value : undefined;
  if (version === NOTEBOOK_FORMAT_VERSION) return;
  if (typeof version === 'number' && Number.isInteger(version) && version > NOTEBOOK_FORMAT_VERSION) {
    report.error(
      range,
      'newer-format',
      `This notebook uses file format ${version}: it was written by a newer version of Akkuro Notebooks; update the extension to open it.`,
    );
    return;
  }
  report.error(
    range,
    'bad-format-version',
    `\`akkuro-notebook\` must be the file format version ${NOTEBOOK_FORMAT_VERSION}, found ${report.describe(node)}.`,
    {
      title: `Set the format version to ${NOTEBOOK_FORMAT_VERSION}`,
      replacement: String(NOTEBOOK_FORMAT_VERSION),
    },
  );
}

function readCells(report: Reporter, node: unknown, range: Range): NotebookCell[] {
  if (!isSeq(node)) {
    report.error(
      range,
      'bad-cells',
      `\`cells\` must be a list of cells (\`- markdown: |\` or \`- request: |\`), or \`cells: []\` for none; found ${report.describe(node)}.`,
    );
    return [];
  }
  const cells: NotebookCell[] = [];
  node.items.forEach((item, index) => {
    const cell = readCell(report, item, report.rangeOf(item, range), index + 1);
    if (cell) cells.push(cell);
  });
  return cells;
}

function readCell(report: Reporter, node: unknown, range: Range, number: number): NotebookCell | undefined {
  if (!isMap(node)) {
    report.error(
      range,
      'bad-cell',
      `Cell ${number} must be a mapping with one key, \`markdown\` or \`request\` (for example \`- request: |\`); found ${report.describe(node)}.`,
    );
    return undefined;
  }
  const kinds: Array<{ kind: CellKind; value: unknown; keyRange: Range }> = [];
  const others: string[] = [];
  for (const pair of node.items) {
    const name = keyName(pair.key);
    const keyRange = report.rangeOf(pair.key, range);
    if (name === 'markdown' || name === 'request') {
      kinds.push({ kind: name, value: pair.value, keyRange });
    } else {
      others.push(name ?? '?');
      // The usual cause is cell text indented no deeper than its key, which YAML reads as a sibling key.
      const indentHint =
        kinds.length === 1
          ? ` If this line belongs to the ${kinds[0].kind} text, indent it further than \`${kinds[0].kind}:\`.`
          : '';
      unknownKey(
        report,
        name,
        keyRange,
        CELL_KINDS,
        `in cell ${number} (a cell has exactly one key: markdown or request)`,
        indentHint,
      );
    }
  }
  if (kinds.length !== 1) {
    if (kinds.length > 1 || others.length === 0) {
      const found = [...kinds.map((k) => k.kind), ...others];
      report.error(
        kinds[1]?.keyRange ?? range,
        'bad-cell',
        `Cell ${number} must have exactly one of \`markdown\` or \`request\`; found ${found.length ? found.map((k) => `\`${k}\``).join(' and ') : 'no keys'}. ${kinds.length > 1 ? 'Split it into one cell per text.' : 'Add `markdown: |` or `request: |` with the text indented below.'}`,
      );
    }
    return undefined;
  }
  const { kind, value, keyRange } = kinds[0];
  const text = stringValue(value);
  if (text === undefined) {
    report.error(
      report.rangeOf(value, keyRange),
      'bad-cell-text',
      `The ${kind} text of cell ${number} must be text, found ${report.describe(value)}. Write it as a block: \`${kind}: |\` with the text on the lines below, indented (or \`${kind}: ""\` for an empty cell).`,
    );
    return undefined;
  }
  return { kind, text };
}

function unknownKey(
  report: Reporter,
  name: string | undefined,
  range: Range,
  valid: readonly string[],
  where: string,
  extra = '',
): void {
  if (name === undefined) {
    report.error(
      range,
      'unknown-key',
      `Keys ${where} are plain names; valid keys are ${valid.map((k) => `\`${k}\``).join(', ')}.${extra}`,
    );
    return;
  }
  const suggestion = nearest(name, valid);
  const hint = suggestion
    ? `did you mean \`${suggestion}\`?`
    : `valid keys are ${valid.map((k) => `\`${k}\``).join(', ')}.`;
  report.error(
    range,
    'unknown-key',
    `Unknown key \`${name}\` ${where}; ${hint}${extra}`,
    suggestion ? { title: `Change to ${suggestion}`, replacement: suggestion } : undefined,
  );
}
