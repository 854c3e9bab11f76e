// Runs inside one Node process (bundled by bench/run.mjs): plain undici vs the core's runCell on the
// same workloads, interleaved, and the notebook file parse + serialise timing. Prints JSON.
import { performance } from 'node:perf_hooks';
import { createRunnerEngine } from '../src/cli/services';
import { parseEnvironmentsFile } from '../src/core/environments/environmentsFile';
import { parseNotebookFile, serializeNotebookFile } from '../src/core/notebook/notebookFile';
import type { NotebookFile } from '../src/core/notebook/notebookTypes';
import { runCell, type RunContext } from '../src/core/run/run';
// @ts-expect-error: a plain ES module without types, shared with the baseline process
import { runBaseline } from './baselineClient.mjs';

const WARMUP_RUNS = 3;

interface Workload {
  name: string;
  path: string;
  headers: Record<string, string>;
  lanes: number[];
}
interface Spec {
  sandboxUrl: string;
  clientId: string;
  clientSecret: string;
  apiVersion: string;
  rounds: number;
  workloads: Workload[];
  notebookCells: number;
}

export function cellText(w: Pick<Workload, 'path' | 'headers'>): string {
  const headers = Object.entries(w.headers);
  return `GET: ${w.path}${headers.length ? `\nheaders:\n${headers.map(([k, v]) => `  ${k}: "${v}"`).join('\n')}` : ''}\n`;
}

async function runCore(spec: Spec, w: Workload): Promise<{ totalMs: number; failures: number }> {
  const env = parseEnvironmentsFile(
    `environments:\n  local:\n    baseUrl: ${spec.sandboxUrl}\n    brokerKey: demo-bank\n    labelReferenceId: demo-label\n    apiVersion: ${spec.apiVersion}\n`,
  ).file.environments[0];
  const engine = createRunnerEngine({
    AKKURO_LOCAL_CLIENT_ID: spec.clientId,
    AKKURO_LOCAL_CLIENT_SECRET: spec.clientSecret,
  });
  const text = cellText(w);
  let failures = 0;
  const started = performance.now();
  const lane = async (count: number) => {
    const ctx: RunContext = { engine, environment: env, responses: new Map() };
    for (let i = 0; i < count; i++) {
      const { result } = await runCell(text, ctx);
      if (result.outcome !== 'passed') failures++;
    }
  };
  await Promise.all(w.lanes.map(lane));
  const totalMs = performance.now() - started;
  await engine.close();
  return { totalMs, failures };
}

/** A realistic 1,000-cell notebook: request cells with bodies and expectations, and markdown between them. */
export function bigNotebook(cells: number): NotebookFile {
  const out: NotebookFile = { environment: 'uat-eu', apiVersion: '2025.1.0', cells: [] };
  for (let i = 0; i < cells; i++) {
    out.cells.push(
      i % 4 === 0
        ? { kind: 'markdown', text: `## Step ${i}\n\nCreate a counterparty, then check it.\n` }
        : {
            kind: 'request',
            text: `name: party${i}\nPOST: /counterparty-management/counterparties\nheaders:\n  X-Request-Id: "{{$uuid}}"\nbody:\n  name: Jane Doe ${i}\n  type: person\nexpect:\n  status: 201\n  body:\n    $.name: Jane Doe ${i}\n`,
          },
    );
  }
  return out;
}

function notebookTimings(cells: number, rounds: number): { canonicalMs: number[]; yamlMs: number[] } {
  const text = serializeNotebookFile(bigNotebook(cells));
  // A hand-edited file (a comment at the top) is not in canonical layout and goes through the YAML reader.
  const edited = `# edited by hand\n${text}`;
  const time = (input: string) => {
    const t = performance.now();
    const parsed = parseNotebookFile(input);
    if (!parsed.ok || parsed.notebook.cells.length !== cells) throw new Error('the benchmark notebook did not parse');
    serializeNotebookFile(parsed.notebook);
    return performance.now() - t;
  };
  time(text);
  time(edited);
  const canonicalMs: number[] = [];
  const yamlMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    canonicalMs.push(time(text));
    yamlMs.push(time(edited));
  }
  return { canonicalMs, yamlMs };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]) as Spec;
  const baselineSpec = (w: Workload) => ({
    baseUrl: spec.sandboxUrl,
    brokerKey: 'demo-bank',
    labelReferenceId: 'demo-label',
    clientId: spec.clientId,
    clientSecret: spec.clientSecret,
    apiVersion: spec.apiVersion,
    path: w.path,
    headers: w.headers,
    lanes: w.lanes,
  });
  const samples: Record<string, { baseline: number[]; core: number[]; baselineCpu: number[]; coreCpu: number[] }> = {};
  for (const w of spec.workloads) {
    samples[w.name] = { baseline: [], core: [], baselineCpu: [], coreCpu: [] };
    // Warm-up: JIT, connection setup paths, sandbox caches; not counted. One warm-up run left the rounds on the
    // JIT's slope (the core's 500 GETs fell from ~200 to ~110 ms over five rounds, so the median was a warm-up
    // figure): three runs of each reach the steady state this row is about. Cold cost is the runner-process rows'.
    for (let i = 0; i < WARMUP_RUNS; i++) {
      await runBaseline(baselineSpec(w));
      await runCore(spec, w);
    }
  }
  for (let round = 0; round < spec.rounds; round++) {
    for (const w of spec.workloads) {
      const order = round % 2 === 0 ? ['baseline', 'core'] : ['core', 'baseline'];
      for (const who of order as Array<'baseline' | 'core'>) {
        // CPU time is measured too: on a busy machine it is steadier than wall time, and the client's
        // CPU is what the runner adds (the sandbox's work is the same for both).
        const cpu = process.cpuUsage();
        const r =
          who === 'baseline'
            ? ((await runBaseline(baselineSpec(w))) as { totalMs: number; failures: number })
            : await runCore(spec, w);
        const used = process.cpuUsage(cpu);
        if (r.failures) throw new Error(`${who} ${w.name}: ${r.failures} requests failed`);
        samples[w.name][who].push(r.totalMs);
        samples[w.name][`${who}Cpu`].push((used.user + used.system) / 1000);
      }
    }
  }
  process.stdout.write(
    JSON.stringify({ samples, notebook: notebookTimings(spec.notebookCells, Math.max(spec.rounds, 9)) }),
  );
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
