// The extension-host half of `npm run bench`, bundled by bench/run.mjs next to the production build and run
// in code-server like the extension's test suite (test/host/). It measures what only a real VS Code shows:
// activation, Run All of a long notebook (interleaved with the runner process on the same notebook) and the
// language features on a long notebook. Results go to the JSON file named by AKKURO_BENCH_OUT.
import { runMochaSuites } from '../../test/host/mochaRun';

export function run(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after mocha's globals exist, like test/extension/suite.ts
  return runMochaSuites(() => require('./hostBench'), { timeoutMs: 0 });
}
