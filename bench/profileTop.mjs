// Prints where a .cpuprofile spent its time: self time per function, and the share of idle and GC.
// Usage: node bench/profileTop.mjs <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas;
let total = 0;
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const f = n.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  const d = dt[i] ?? 0;
  total += d;
  self.set(key, (self.get(key) ?? 0) + d);
});
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg) || 25);
process.stdout.write(`${(total / 1000).toFixed(0)} ms sampled\n`);
for (const [k, us] of rows)
  process.stdout.write(
    `${(us / 1000).toFixed(1).padStart(8)} ms  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}\n`,
  );
