/**
 * JSON paths as people write them in `expect:` and `{{name.body...}}`: `$.items[0].name`, `$["a b"]`.
 * One canonical form for the core (messages, completion) and the renderer (copy path): dot form for
 * plain keys, a double-quoted bracket (JSON string escapes) for anything else. The core's parsePath
 * reads every path written here back to the same segments.
 */
export type PathSegment = string | number;

// Keys that read unambiguously after a dot; keys starting with a digit or `-` would look like indexes.
const PLAIN_KEY = /^[\p{L}_][\p{L}\p{N}\p{M}_-]*$/u;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (PLAIN_KEY.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
