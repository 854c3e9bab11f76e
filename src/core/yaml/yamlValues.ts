import { type Document, isCollection, isMap, isScalar, type Node, visit } from 'yaml';
import { diagnosticAt, type Diagnostic } from '../text/diagnostic';
import { entries, nodeAt } from './yamlNodes';

/**
 * YAML features that change a value behind the writer's back, handled where values are read: tags
 * other than the plain ones (`!!binary` became a Buffer dump, `!foo` was silently dropped) are refused,
 * and aliases are resolved where values are data (body, lines, expect), with a limit against alias
 * bombs; elsewhere they are refused. Each problem is positioned and says what to write instead.
 */

/**
 * Alias expansions allowed per value (the yaml library's own default): enough for any hand-written
 * reuse, far below the billions of nodes a nested "alias bomb" of a few lines expands to.
 */
export const MAX_ALIAS_COUNT = 100;

/** Tags that only say what the value already is: text, numbers, booleans, null, lists and mappings. */
const PLAIN_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'seq', 'map'].map((t) => `tag:yaml.org,2002:${t}`).concat('!'),
);

/** A value as plain data; when it cannot be, `message` says why (none when an alias problem already did). */
export type ValueOf = (node: Node) => { ok: true; value: unknown } | { ok: false; message?: string };

/** A value as plain data, its aliases resolved within the limit. */
export function valueReader(doc: Document.Parsed): ValueOf {
  return (node) => {
    try {
      return { ok: true, value: node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT }) };
    } catch (e) {
      if (!(e instanceof ReferenceError)) throw e;
      // The library's other ReferenceError is an alias without an anchor, which aliasProblems reports at the alias.
      if (!/alias count/i.test(e.message)) return { ok: false };
      return {
        ok: false,
        message: `This value expands its aliases more than ${MAX_ALIAS_COUNT} times (aliases of aliases grow exponentially): write the repeated parts out, or use fewer aliases.`,
      };
    }
  };
}

/**
 * Other errors inside a refused tag or alias are consequences of it ("must be a text" for a `*name` in
 * a header): only the cause is shown.
 */
export function withoutConsequences(diagnostics: Diagnostic[], causes: readonly Diagnostic[]): Diagnostic[] {
  if (!causes.length) return diagnostics;
  return diagnostics.filter(
    (d) => causes.includes(d) || !causes.some((c) => d.offset >= c.offset && d.offset < c.endOffset),
  );
}

/** Tags that are not plain, anywhere in the document. */
export function tagProblems(text: string, doc: Document.Parsed): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Node(_key, node) {
      if (!node.tag || PLAIN_TAGS.has(node.tag) || !node.range) return;
      const [start, end] = tagRange(text, node.range[0]) ?? node.range;
      const written = text.slice(start, end);
      out.push(
        diagnosticAt(
          text,
          start,
          Math.max(end, node.range[1]),
          'yaml-tag',
          `The YAML tag ${written} is not supported: a value is sent as written (text, number, true/false, null, list or mapping). Remove the tag${node.tag === 'tag:yaml.org,2002:binary' ? ', or use bodyFile: for binary data' : ''}.`,
        ),
      );
    },
  });
  return out;
}

/**
 * Aliases the cell cannot use: outside the keys whose values are data, with no anchor before them, or
 * inside the very value they name (which would never end).
 */
export function aliasProblems(
  text: string,
  doc: Document.Parsed,
  root: Node,
  dataKeys: readonly string[],
): Diagnostic[] {
  if (!isMap(root)) return [];
  const out: Diagnostic[] = [];
  for (const e of entries(root)) {
    if (!e.value) continue;
    const allowed = dataKeys.includes(e.key);
    visit(e.value, {
      Alias(_key, alias) {
        const target = alias.resolve(doc);
        const message = !allowed
          ? `Aliases (${alias.toString()}) are resolved only in ${dataKeys.slice(0, -1).join(', ')} and ${dataKeys.at(-1)}: write the value of "${e.key}" here.`
          : !target
            ? `No anchor &${alias.source} before this alias: define the value with &${alias.source} above, or write it here.`
            : contains(target, alias)
              ? `The alias ${alias.toString()} is inside the value it names, which would repeat forever: write the value out.`
              : undefined;
        if (message) out.push(nodeAt(text, alias, 'yaml-alias', message));
      },
    });
  }
  return out;
}

function contains(outer: Node, inner: Node): boolean {
  if (!isCollection(outer) && !isScalar(outer)) return false;
  const [a, b] = outer.range ?? [0, 0];
  const [c, d] = inner.range ?? [-1, -1];
  return c >= a && d <= b;
}

/** The tag as written before a node (`!!binary`, `!foo`, `!<tag:…>`): the library's range starts after it. */
function tagRange(text: string, nodeStart: number): [number, number] | undefined {
  const before = text.slice(Math.max(0, nodeStart - 200), nodeStart);
  const m = /(!<[^>]*>|![\w!.~%/:#-]*)(?:\s+&[^\s]+)?\s*$/.exec(before);
  if (!m) return undefined;
  const start = nodeStart - before.length + m.index;
  return [start, start + m[1].length];
}
