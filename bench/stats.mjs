// Small numeric and table helpers for bench/run.mjs.

export function median(values) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function ms(v) {
  return Number.isFinite(v) ? (v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ms`) : '—';
}

export function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function ratio(v) {
  return Number.isFinite(v) ? `${v.toFixed(2)}×` : '—';
}

/** A plain-text table: header row, rule, rows; columns padded to their widest cell. */
export function table(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const line = (r) =>
    r
      .map((c, i) => String(c ?? '').padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
