import type { CellKind, NotebookCell, NotebookFile } from './notebookTypes';
import { readDoubleQuoted, readHeaderScalar } from './yamlScalar';

/**
 * A fast reader for the exact layout `serializeNotebookFile` writes, about ten times quicker than a
 * full YAML parse on large notebooks. It is a guess, not a parser: it returns a candidate or
 * `undefined`, and `parseNotebookFile` accepts the candidate only if serialising it gives back the
 * input byte for byte. Since writing then reading any notebook round-trips (the property tests prove
 * it through the YAML reader), an accepted candidate is exactly what the YAML reader would return;
 * a mistake here can only cost speed, never correctness.
 */
export function readCanonicalNotebook(text: string, cellIndent: string): NotebookFile | undefined {
  const reader = new LineReader(text);
  if (reader.line() !== 'akkuro-notebook: 1') return undefined;
  const notebook: NotebookFile = { cells: [] };
  let line = reader.line();
  if (line?.startsWith('environment: ')) {
    notebook.environment = readHeaderScalar(line.slice('environment: '.length));
    if (notebook.environment === undefined) return undefined;
    line = reader.line();
  }
  for (const key of ['client', 'label'] as const) {
    if (!line?.startsWith(`${key}: `)) continue;
    notebook[key] = readHeaderScalar(line.slice(key.length + 2));
    if (!notebook[key]) return undefined;
    line = reader.line();
  }
  if (line?.startsWith('apiVersion: ')) {
    notebook.apiVersion = readHeaderScalar(line.slice('apiVersion: '.length));
    if (notebook.apiVersion === undefined) return undefined;
    line = reader.line();
  }
  if (line === 'cells: []') return reader.atEnd() ? notebook : undefined;
  if (line !== 'cells:') return undefined;
  while (!reader.atEnd()) {
    const cell = readCell(reader, cellIndent);
    if (!cell) return undefined;
    notebook.cells.push(cell);
  }
  return notebook;
}

function readCell(reader: LineReader, cellIndent: string): NotebookCell | undefined {
  const kind: CellKind | undefined = reader.skip('  - markdown: ')
    ? 'markdown'
    : reader.skip('  - request: ')
      ? 'request'
      : undefined;
  if (!kind) return undefined;
  if (reader.peek() === '"') {
    const quoted = readDoubleQuoted(reader.text, reader.pos, cellIndent);
    if (!quoted || reader.text.charCodeAt(quoted.end) !== 10) return undefined;
    reader.pos = quoted.end + 1;
    return { kind, text: quoted.value };
  }
  const header = reader.line();
  const chomping = header?.match(/^\|(?:\d)?([-+]?)$/)?.[1];
  if (chomping === undefined) return undefined;
  const lines: string[] = [];
  while (!reader.atEnd() && (reader.peek() === '\n' || reader.text.startsWith(cellIndent, reader.pos))) {
    const line = reader.line();
    if (line === undefined) return undefined;
    lines.push(line.slice(cellIndent.length));
  }
  const body = lines.join('\n');
  const text = chomping === '+' ? body + '\n' : body.replace(/\n+$/, '') + (chomping === '' ? '\n' : '');
  return { kind, text };
}

class LineReader {
  pos = 0;
  constructor(readonly text: string) {}

  /** The next line without its LF; `undefined` when no complete line is left. */
  line(): string | undefined {
    const end = this.text.indexOf('\n', this.pos);
    if (end < 0) return undefined;
    const line = this.text.slice(this.pos, end);
    this.pos = end + 1;
    return line;
  }

  skip(prefix: string): boolean {
    if (!this.text.startsWith(prefix, this.pos)) return false;
    this.pos += prefix.length;
    return true;
  }

  peek(): string {
    return this.text.charAt(this.pos);
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }
}
