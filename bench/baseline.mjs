// The baseline process: `node baseline.mjs <spec-json>` runs the plain undici client once, like the
// runner process runs a notebook. bench/run.mjs bundles it the way esbuild bundles the runner, so both
// processes start from a single file.
import { runBaseline } from './baselineClient.mjs';

runBaseline(JSON.parse(process.argv[2])).then(
  (result) => {
    if (result.failures) {
      process.stderr.write(`baseline: ${result.failures} requests failed\n`);
      process.exitCode = 1;
    }
  },
  (error) => {
    process.stderr.write(`baseline: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
