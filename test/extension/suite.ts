// The extension-host suite entry, bundled by esbuild.mjs into out/test/extension/suite.js.
import { runMochaSuites } from '../host/mochaRun';

export function run(): Promise<void> {
  return runMochaSuites(
    () => {
      require('./lazyOpenApi.test');
      require('./notebook.test');
      require('./environments.test');
      require('./language.test');
      require('./contract.test');
      require('./checks.test');
      require('./compareKeep.test');
      require('./compareLabels.test');
      require('./access.test');
      require('./workspaceDefault.test');
      require('./notebookFile.test');
      require('./walkthrough.test');
      require('./log.test');
      require('./quota.test');
    },
    { timeoutMs: 30_000 },
  );
}
