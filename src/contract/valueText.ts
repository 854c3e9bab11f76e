/**
 * A value as one short line for people: JSON (`"Jane"`, `200`, `{"a":1}`), cut to `max` characters with a
 * trailing `…`, and `missing` for undefined. The renderer's assertions, the runner's reports and the differences
 * of a comparison all show values this way.
 */
export function valueText(v: unknown, max: number, missing = '(missing)'): string {
  if (v === undefined) return missing;
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    // A value that JSON cannot hold (a cycle, a BigInt) still shows as something.
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
