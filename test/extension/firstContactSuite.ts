// The first-contact suite entry, bundled by esbuild.mjs into out/test/extension/firstContact.js. It runs
// in its own window on an empty, untrusted workspace, so the extension starts inactive and in Restricted Mode.
import { runMochaSuites } from '../host/mochaRun';

export function run(): Promise<void> {
  return runMochaSuites(
    () => {
      require('./firstContact.test');
    },
    { timeoutMs: 30_000 },
  );
}
