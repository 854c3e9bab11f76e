/**
 * JSON paths as people write them in `expect:` and `{{name.body...}}`: `$.items[0].name`, `$["a b"]`.
 * The renderer may import only types from the core, so this mirrors the canonical form of the core's
 * `formatPath`: dot form for plain keys, a double-quoted bracket (JSON string escapes) for anything else.
 */
export type PathSegment = string | number;

// Keys that read unambiguously after a dot; keys starting with a digit or `-` would look like indexes.
const PLAIN_KEY = /^[\p{L}_][\p{L}\p{N}_-]*$/u;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (PLAIN_KEY.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
