// Turns the raw samples of bench/run.mjs into the table of targets (PASS/MISS) and prints it.
import { kb, median, ms, ratio, table } from './stats.mjs';

const TARGET_RUNNER_SEQUENTIAL = 1.2;
const TARGET_ADDED_MS_PER_REQUEST = 0.1;
const TARGET_LARGE = 1.3;
const TARGET_RSS = 1.3;
const TARGET_NOTEBOOK_MS = 50;
// 900 KB since the OpenAPI loader and Ajv (issue 15) joined the bundle; they are evaluated only when specs are used.
// 960 KB since the access model (issue 13: clients, labels, their commands and messages) added about 38 KB.
const TARGET_EXTENSION_BYTES = 960 * 1024;

export function printResults(results) {
  const rows = [];
  const add = (measure, baseline, subject, r, target, pass) =>
    rows.push({
      measure,
      baseline,
      subject,
      ratio: r,
      target,
      result: pass === undefined ? 'info' : pass ? 'PASS' : 'MISS',
    });
  const requests = (name) => results.workloads.find((w) => w.name === name).lanes.reduce((a, b) => a + b, 0);

  for (const w of results.workloads) {
    const p = results.processes[w.name];
    const b = median(p.baseline.map((s) => s.wallMs));
    const r = median(p.runner.map((s) => s.wallMs));
    const target = w.name === 'sequential' ? TARGET_RUNNER_SEQUENTIAL : w.name === 'large' ? TARGET_LARGE : undefined;
    add(
      `runner process: ${w.title}`,
      ms(b),
      ms(r),
      ratio(r / b),
      target ? `≤ ${target}×` : '',
      target ? r / b <= target : undefined,
    );
  }
  for (const w of results.workloads) {
    const p = results.processes[w.name];
    const b = median(p.baseline.map((s) => s.cpuMs));
    const r = median(p.runner.map((s) => s.cpuMs));
    add(`  client CPU (user+sys): ${w.name}`, ms(b), ms(r), ratio(r / b), '', undefined);
  }
  for (const [name, s] of Object.entries(results.inProcess.samples)) {
    const b = median(s.baseline);
    const c = median(s.core);
    const added = (c - b) / requests(name);
    if (name === 'large')
      add(
        `core in-process: ${name} (20 × 1 MB)`,
        ms(b),
        ms(c),
        ratio(c / b),
        `≤ ${TARGET_LARGE}×`,
        c / b <= TARGET_LARGE,
      );
    add(
      `core in-process: ${name}, wall time added per request`,
      ms(b / requests(name)),
      ms(c / requests(name)),
      `+${added.toFixed(3)} ms`,
      `≤ +${TARGET_ADDED_MS_PER_REQUEST} ms`,
      name === 'sequential' ? added <= TARGET_ADDED_MS_PER_REQUEST : undefined,
    );
    const bCpu = median(s.baselineCpu) / requests(name);
    const cCpu = median(s.coreCpu) / requests(name);
    add(
      `core in-process: ${name}, client CPU per request`,
      ms(bCpu),
      ms(cCpu),
      `+${(cCpu - bCpu).toFixed(3)} ms`,
      '',
      undefined,
    );
  }
  const tokens = Object.values(results.processes).flatMap((p) => p.tokenRequests);
  add(
    'token requests per runner run (all runs)',
    '1',
    `${Math.min(...tokens)}–${Math.max(...tokens)}`,
    '',
    'exactly 1',
    tokens.every((t) => t === 1),
  );
  for (const w of results.workloads) {
    const p = results.processes[w.name];
    const b = median(p.baseline.map((s) => s.maxRssKb));
    const r = median(p.runner.map((s) => s.maxRssKb));
    add(
      `peak RSS: ${w.name}`,
      `${(b / 1024).toFixed(1)} MB`,
      `${(r / 1024).toFixed(1)} MB`,
      ratio(r / b),
      `≤ ${TARGET_RSS}×`,
      r / b <= TARGET_RSS,
    );
  }
  const nb = results.inProcess.notebook;
  const canonical = median(nb.canonicalMs);
  const yaml = median(nb.yamlMs);
  add(
    '1,000-cell notebook parse + serialise (as saved)',
    '',
    ms(canonical),
    '',
    `< ${TARGET_NOTEBOOK_MS} ms`,
    canonical < TARGET_NOTEBOOK_MS,
  );
  add(
    '1,000-cell notebook parse + serialise (hand-edited: YAML reader)',
    '',
    ms(yaml),
    '',
    `< ${TARGET_NOTEBOOK_MS} ms`,
    yaml < TARGET_NOTEBOOK_MS,
  );
  for (const [name, bytes] of Object.entries(results.bundles)) {
    if (bytes === undefined) add(`bundle ${name} (minified)`, '', 'not built', '', '', undefined);
    else
      add(
        `bundle ${name} (minified)`,
        '',
        kb(bytes),
        '',
        name === 'extension' ? '< 960 KB' : '',
        name === 'extension' ? bytes < TARGET_EXTENSION_BYTES : undefined,
      );
  }
  process.stdout.write(
    `\n${table(
      ['measurement', 'baseline', 'akkuro', 'ratio', 'target', 'result'],
      rows.map((r) => [r.measure, r.baseline, r.subject, r.ratio, r.target, r.result]),
    )}\n`,
  );
  process.stdout.write(
    `\nMedians of ${results.rounds} interleaved runs; Node ${results.node}, ${results.cpus} CPUs; sandbox in its own process.\n`,
  );
  return rows;
}
