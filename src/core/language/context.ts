import { HTTP_METHODS } from '../request/cell';
import { cellLines, keyPath, lineAt, topLevelKeys, type CellLine } from './cellLines';

/**
 * What is being typed at a cursor in a request cell. `start`/`end` bound the word under the cursor
 * (what a completion replaces); `prefix` is the part of it before the cursor.
 */
export type CursorContext =
  | ({ kind: 'template'; expr: string; closed: boolean } & Span)
  | ({ kind: 'key'; present: string[]; hasColon: boolean; flow: boolean } & Span)
  | ({ kind: 'url'; method: string } & Span)
  | ({ kind: 'value'; key: string } & Span)
  | ({ kind: 'headerName'; present: string[]; hasColon: boolean; flow: boolean } & Span)
  | ({ kind: 'headerValue'; header: string } & Span)
  | ({ kind: 'expectKey'; present: string[]; hasColon: boolean; flow: boolean } & Span)
  | ({ kind: 'expectPath'; present: string[]; hasColon: boolean; flow: boolean } & Span)
  | ({ kind: 'expectHeader'; present: string[]; hasColon: boolean; flow: boolean } & Span)
  | ({
      kind: 'operator';
      target: 'status' | 'duration' | 'header' | 'body';
      present: string[];
      hasColon: boolean;
      flow: boolean;
    } & Span)
  | ({ kind: 'operatorValue'; operator: string } & Span)
  /** A key under `query:` or `body:` (at any depth; `-` stands for a list entry), e.g. path ['address']. */
  | ({
      kind: 'field';
      section: 'query' | 'body';
      path: string[];
      present: string[];
      hasColon: boolean;
      flow: boolean;
    } & Span)
  /** The value of a key under `query:` or `body:`; `path` ends with that key. */
  | ({ kind: 'fieldValue'; section: 'query' | 'body'; path: string[] } & Span)
  /** A key of `paginate:` or `repeat:` (block or flow style). */
  | ({
      kind: 'sequenceKey';
      owner: 'paginate' | 'repeat';
      present: string[];
      hasColon: boolean;
      flow: boolean;
    } & Span)
  /** The value of a key of `paginate:` or `repeat:` (`every: 5s`). */
  | ({ kind: 'sequenceValue'; owner: 'paginate' | 'repeat'; key: string } & Span)
  | ({ kind: 'none'; reason: 'comment' | 'block-scalar' | 'unknown' } & Span);

export interface Span {
  prefix: string;
  start: number;
  end: number;
}

const METHODS: readonly string[] = HTTP_METHODS;
const TEMPLATE_WORD = /[A-Za-z0-9_$\-\]["'.]/;
const WORD = /[^\s:#,{}[\]"']/;

export function cursorContext(text: string, offset: number): CursorContext {
  const lines = cellLines(text);
  const line = lineAt(lines, offset);
  const before = text.slice(line.start, offset);
  const template = templateAt(text, line, offset, before);
  if (template) return template;
  if (line.commentStart !== undefined && offset > line.commentStart) return none(offset, 'comment');
  if (line.inBlockScalar) return none(offset, 'block-scalar');
  if (line.comment) return none(offset, 'comment');

  const path = keyPath(lines, line);
  const inValue = line.colon !== undefined && offset > line.colon;
  if (inValue) {
    const flow = flowAt(text, line, offset);
    if (!flow) return valueContext(path, line.key!, text, line, offset);
    const flowPath = [...path, line.key!, ...flow.path];
    return flow.valueKey !== undefined ? valueKind(flowPath, flow.valueKey, flow) : keyed(flowPath, flow);
  }
  if (offset < line.start + line.indent + (line.dash ? 2 : 0) && !line.blank) return none(offset, 'unknown');
  const span = wordSpan(text, offset, line.start + line.indent + (line.dash ? 2 : 0), line.colon ?? line.end, WORD);
  const hasColon = line.colon !== undefined;
  const effectivePath = line.blank ? pathForBlank(lines, line, offset) : path;
  return keyContext(effectivePath, { ...span, hasColon, flow: false }, lines, line);
}

function templateAt(text: string, line: CellLine, offset: number, before: string): CursorContext | undefined {
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.indexOf('}}', open) >= 0) return undefined;
  if (line.commentStart !== undefined && line.start + open > line.commentStart) return undefined;
  let exprStart = line.start + open + 2;
  while (text[exprStart] === ' ' && exprStart < offset) exprStart++;
  let end = offset;
  while (end < line.end && TEMPLATE_WORD.test(text[end]) && !text.startsWith('}}', end)) end++;
  const after = text.slice(offset, line.end);
  const close = after.indexOf('}}');
  const reopen = after.indexOf('{{');
  return {
    kind: 'template',
    expr: text.slice(exprStart, offset),
    closed: close >= 0 && (reopen < 0 || close < reopen),
    prefix: text.slice(exprStart, offset),
    start: exprStart,
    end,
  };
}

/** A blank line's key path depends on how far the cursor is indented. */
function pathForBlank(lines: readonly CellLine[], line: CellLine, offset: number): string[] {
  const column = offset - line.start;
  for (let i = line.index - 1; i >= 0; i--) {
    const l = lines[i];
    if (l.blank || l.comment || l.inBlockScalar) continue;
    if (l.indent < column) return [...keyPath(lines, l), l.key ?? '-'];
    if (l.indent === column) return keyPath(lines, l);
  }
  return [];
}

type KeySpan = Span & { hasColon: boolean; flow: boolean };

function keyContext(path: string[], span: KeySpan, lines: readonly CellLine[], line: CellLine): CursorContext {
  const siblings = (): string[] =>
    lines
      .filter((l) => l !== line && l.key !== undefined && !l.inBlockScalar && samePath(keyPath(lines, l), path))
      .map((l) => l.key!);
  if (path.length === 0)
    return {
      kind: 'key',
      present: topLevelKeys(lines)
        .filter((l) => l !== line)
        .map((l) => l.key!),
      ...span,
    };
  return keyed(path, { ...span, present: siblings() });
}

function keyed(path: string[], span: KeySpan & { present: string[] }): CursorContext {
  const present = span.present;
  const s: KeySpan = {
    prefix: span.prefix,
    start: span.start,
    end: span.end,
    hasColon: span.hasColon,
    flow: span.flow,
  };
  const [top, second, third] = path;
  if (path.length === 1 && top === 'headers') return { kind: 'headerName', present, ...s };
  if (path.length === 1 && (top === 'paginate' || top === 'repeat'))
    return { kind: 'sequenceKey', owner: top, present, ...s };
  // `until:` is written like `expect: body:`: JSON paths, then operators.
  if (top === 'repeat' && second === 'until') {
    if (path.length === 2) return { kind: 'expectPath', present, ...s };
    if (path.length === 3 && third !== undefined)
      return { kind: 'operator', target: third === 'status' ? 'status' : 'body', present, ...s };
  }
  if (top === 'query' || top === 'body') return { kind: 'field', section: top, path: path.slice(1), present, ...s };
  if (top === 'expect') {
    if (path.length === 1) return { kind: 'expectKey', present, ...s };
    if (path.length === 2 && second === 'body') return { kind: 'expectPath', present, ...s };
    if (path.length === 2 && second === 'headers') return { kind: 'expectHeader', present, ...s };
    if (path.length === 2 && (second === 'status' || second === 'duration'))
      return { kind: 'operator', target: second, present, ...s };
    if (path.length === 3 && (second === 'body' || second === 'headers') && third !== undefined)
      return { kind: 'operator', target: second === 'body' ? 'body' : 'header', present, ...s };
  }
  return { kind: 'none', reason: 'unknown', prefix: s.prefix, start: s.start, end: s.end };
}

function valueContext(path: string[], key: string, text: string, line: CellLine, offset: number): CursorContext {
  const quoted = text[line.valueStart] === '"' || text[line.valueStart] === "'";
  const start = Math.min(line.valueStart + (quoted ? 1 : 0), offset);
  let end = Math.max(line.valueEnd, offset);
  if (quoted && text[end - 1] === text[line.valueStart] && end - 1 >= offset) end--;
  return valueKind(path, key, { prefix: text.slice(start, offset), start, end });
}

function valueKind(path: string[], key: string, span: Span): CursorContext {
  if (path.length === 0 && METHODS.includes(key)) return { kind: 'url', method: key, ...span };
  if (path.length === 0) return { kind: 'value', key, ...span };
  if (path.length === 1 && path[0] === 'headers') return { kind: 'headerValue', header: key, ...span };
  if (path[0] === 'expect' && path.length >= 2) return { kind: 'operatorValue', operator: key, ...span };
  if (path.length === 1 && (path[0] === 'paginate' || path[0] === 'repeat'))
    return { kind: 'sequenceValue', owner: path[0], key, ...span };
  if (path[0] === 'repeat' && path[1] === 'until' && path.length >= 3)
    return { kind: 'operatorValue', operator: key, ...span };
  if (path[0] === 'query' || path[0] === 'body')
    return { kind: 'fieldValue', section: path[0], path: [...path.slice(1), key], ...span };
  return { kind: 'none', reason: 'unknown', ...span };
}

/**
 * Inside a one-line flow mapping (`headers: { Accept: applic| }`, `expect: { body: { $.a: { ty| } } }`):
 * the keys of the open mappings before the cursor, and whether the cursor is on a key or a value.
 */
function flowAt(
  text: string,
  line: CellLine,
  offset: number,
): (KeySpan & { path: string[]; present: string[]; valueKey?: string }) | undefined {
  const frames: Array<{ owner?: string; keys: string[] }> = [];
  let segmentStart = line.valueStart;
  let quote: string | undefined;
  for (let i = line.valueStart; i < offset; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{') {
      frames.push({ owner: segmentKey(text.slice(segmentStart, i)), keys: [] });
      segmentStart = i + 1;
    } else if (c === '}') {
      frames.pop();
      segmentStart = i + 1;
    } else if (c === ',' && frames.length > 0) {
      const k = segmentKey(text.slice(segmentStart, i));
      if (k !== undefined) frames[frames.length - 1].keys.push(k);
      segmentStart = i + 1;
    }
  }
  if (frames.length === 0 || quote) return undefined;
  const path = frames.slice(1).map((f) => f.owner ?? '-');
  const present = frames[frames.length - 1].keys;
  const segment = text.slice(segmentStart, offset);
  const colon = /^\s*(["']?)(.*?)\1\s*:(?:\s+|$)/.exec(segment);
  if (colon && segment.length >= colon[0].length && /:\s/.test(segment + ' ')) {
    const valueStart = segmentStart + colon[0].length;
    const open = text[valueStart] === '"' || text[valueStart] === "'" ? 1 : 0;
    const span = wordSpan(text, offset, valueStart + open, line.valueEnd, /[^,}"']/);
    return { ...span, hasColon: true, flow: true, path, present, valueKey: colon[2].trim() };
  }
  const lead = /^\s*["']?/.exec(segment)![0].length;
  const span = wordSpan(text, offset, segmentStart + lead, line.valueEnd, WORD);
  return { ...span, hasColon: /^[^,}]*:/.test(text.slice(offset, line.valueEnd)), flow: true, path, present };
}

function segmentKey(segment: string): string | undefined {
  const m = /^\s*(["']?)(.*?)\1\s*:(?:\s|$)/.exec(segment);
  return m ? m[2].trim() : undefined;
}

function wordSpan(text: string, offset: number, min: number, max: number, word: RegExp): Span {
  let start = offset;
  while (start > min && word.test(text[start - 1])) start--;
  let end = offset;
  while (end < max && word.test(text[end])) end++;
  return { prefix: text.slice(start, offset), start, end };
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function none(offset: number, reason: 'comment' | 'block-scalar' | 'unknown'): CursorContext {
  return { kind: 'none', reason, prefix: '', start: offset, end: offset };
}
