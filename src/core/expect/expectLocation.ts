/**
 * Where in a cell's text the check behind an assertion result is written: `status` → the `status:` key,
 * `header content-type` → that key under `headers:`, `body $.items[0].name` → the path key under `body:`.
 * Used to point a failed test at its line; falls back to the `expect:` key, then to nothing.
 */
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { formatPath } from '../../contract/jsonPathFormat';
import { parsePath } from '../request/jsonPath';
import { parseYaml } from '../yaml/yamlNodes';

export function expectLocation(cellText: string, target: string): { start: number; end: number } | undefined {
  const { doc } = parseYaml(cellText);
  if (!isMap(doc.contents)) return undefined;
  const expect = pairOf(doc.contents, (k) => k === 'expect');
  if (!expect) return undefined;
  const found = isMap(expect.value) ? findTarget(expect.value, target) : undefined;
  return rangeOf(found ?? expect);
}

function findTarget(expect: YAMLMap, target: string): Pair<Node, Node> | undefined {
  if (target === 'status' || target === 'duration') return pairOf(expect, (k) => k === target);
  const header = /^header (.+)$/.exec(target);
  if (header) {
    const headers = pairOf(expect, (k) => k === 'headers');
    const name = header[1].toLowerCase();
    const inner =
      headers && isMap(headers.value) ? pairOf(headers.value, (k) => k.trim().toLowerCase() === name) : undefined;
    return inner ?? headers;
  }
  const body = /^body (.+)$/.exec(target);
  if (body) {
    const bodyPair = pairOf(expect, (k) => k === 'body');
    const inner =
      bodyPair && isMap(bodyPair.value)
        ? pairOf(bodyPair.value, (k) => {
            const parsed = parsePath(k);
            return parsed.ok && formatPath(parsed.segments) === body[1];
          })
        : undefined;
    return inner ?? bodyPair;
  }
  // A check that could not be compiled: `expect body $.x` names its place by the keys written.
  const problem = /^expect (\S+)(?: (.+))?$/.exec(target);
  if (problem) {
    const outer = pairOf(expect, (k) => k === problem[1]);
    const inner = problem[2] && outer && isMap(outer.value) ? pairOf(outer.value, (k) => k === problem[2]) : undefined;
    return inner ?? outer;
  }
  return undefined;
}

function pairOf(map: YAMLMap, match: (key: string) => boolean): Pair<Node, Node> | undefined {
  return map.items.find((p) => isScalar(p.key) && match(String(p.key.value))) as Pair<Node, Node> | undefined;
}

function rangeOf(pair: Pair<Node, Node>): { start: number; end: number } | undefined {
  const start = pair.key.range?.[0];
  if (start === undefined) return undefined;
  return { start, end: pair.key.range![1] };
}
