import { isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { parseVolatilePattern, type VolatilePattern } from '../compare/volatilePath';
import { describeNode, type Entry } from '../yaml/yamlNodes';

type Report = (node: Node | null | undefined, code: string, message: string) => void;

/**
 * `volatile: [$.createdAt, $..referenceId]` of an environment: the response fields that comparing masks and
 * pinning checks by type. A bad pattern is reported at the character where reading it stopped.
 */
export function readVolatileKey(e: Entry, report: Report): VolatilePattern[] | undefined {
  if (!e.value || !isSeq(e.value)) {
    report(
      e.value ?? e.keyNode,
      'env-volatile',
      `"volatile" must be a list of JSON paths, e.g. volatile: [$.createdAt, $..referenceId], but it is ${describeNode(e.value)}.`,
    );
    return undefined;
  }
  const patterns: VolatilePattern[] = [];
  for (const item of e.value.items as Array<Node | null>) {
    const source = item && isScalar(item) && typeof item.value === 'string' ? item.value : undefined;
    if (source === undefined) {
      report(
        item ?? e.keyNode,
        'env-volatile',
        `Each volatile path is a text such as $.createdAt, not ${describeNode(item)}.`,
      );
      continue;
    }
    const parsed = parseVolatilePattern(source);
    if (parsed.ok) patterns.push(parsed.pattern);
    else
      report(
        characterOf(item as Scalar, parsed.index),
        'env-volatile-path',
        `Volatile path "${source}": ${parsed.message}.`,
      );
  }
  return patterns;
}

/** A one-character span inside a scalar, so the diagnostic points at the character, not the whole path. */
function characterOf(node: Scalar, index: number): Node {
  const [start] = node.range ?? [0];
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  const at = start + quoted + index;
  return { range: [at, at + 1, at + 1] } as unknown as Node;
}
