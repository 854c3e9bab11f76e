import { isAlias, isMap, isScalar, isSeq, type YAMLError } from 'yaml';
import { diagnosticAt, type Diagnostic } from '../text/diagnostic';

/**
 * How problems in a notebook file are placed and worded: yaml library errors turned into messages a
 * user can act on, and a collector that positions and describes nodes for the notebook reader.
 */

export function yamlErrorDiagnostic(text: string, error: YAMLError): Diagnostic {
  const [start, end] = errorRange(text, error);
  const message =
    error.code === 'DUPLICATE_KEY'
      ? `Duplicate key "${text.slice(start, end)}": each key may appear only once in a mapping. Remove or rename one of them.`
      : error.code === 'MULTIPLE_DOCS'
        ? 'This file holds more than one YAML document (a `---` or `...` line at the start of a line). A notebook is one document: remove that line, or indent it if it belongs to a cell text.'
        : error.code === 'TAB_AS_INDENT'
          ? 'YAML syntax error: tabs cannot indent YAML. Indent this line with spaces.'
          : `YAML syntax error: ${error.message.replace(/\.?$/, '.')} Check the indentation and quoting here; cell text is safest as a block (\`request: |\` with the text indented below it).`;
  return diagnosticAt(text, start, end, error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax', message);
}

/**
 * The yaml library reports an unclosed quote where the file ends and a duplicate key by its first
 * character; the opening quote and the whole key show the user what to fix.
 */
function errorRange(text: string, error: YAMLError): Range {
  const [start, end] = error.pos;
  const quote = error.code === 'MISSING_CHAR' ? /closing (["'])/.exec(error.message)?.[1] : undefined;
  const from = quote ? text.lastIndexOf(quote, Math.max(0, start - 1)) : error.code === 'DUPLICATE_KEY' ? start : -1;
  if (from < 0) return [start, end];
  const line = /^[^\r\n]*/.exec(text.slice(from, from + 1000))?.[0] ?? '';
  const length = quote
    ? line.length
    : (/^("(?:[^"\\]|\\.)*"|'[^']*'|[^:]*?)\s*:/.exec(line)?.[1].length ?? end - start);
  return [from, from + Math.max(1, length)];
}

export type Range = readonly [number, number];

export class Reporter {
  constructor(
    readonly text: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  error(range: Range, code: string, message: string, fix?: Diagnostic['fix']): void {
    this.diagnostics.push(diagnosticAt(this.text, range[0], range[1], code, message, fix ? { fix } : {}));
  }

  /** Where a node is, falling back to `near` when the node is missing or empty (`key:` with no value). */
  rangeOf(node: unknown, near: Range = [0, 0]): Range {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range && range[1] > range[0] ? [range[0], range[1]] : near;
  }

  /** A short, quotable description of a node for messages. */
  describe(node: unknown): string {
    if (isMap(node)) return 'a mapping';
    if (isSeq(node)) return 'a list';
    if (node == null || (isScalar(node) && node.value === null)) return 'nothing';
    if (!isScalar(node)) return isAlias(node) ? 'an alias (`*name`)' : 'an unsupported value';
    const [start, end] = this.rangeOf(node);
    const source = this.text.slice(start, end);
    return `\`${source.length > 40 ? `${source.slice(0, 40)}…` : source}\``;
  }
}
