// The body of an extension-host suite's `run()`: VS Code loads the suite module and awaits `run()`; a
// rejection becomes extension-host exit code 1. Mocha is created here rather than by a CLI, so the
// `bdd` globals must be installed by hand before the test modules are required.
import Mocha from 'mocha';
import { format } from 'node:util';

export interface MochaRunOptions {
  /** Per-test timeout; extension-host tests drive real UI, so the default is generous. */
  timeoutMs?: number;
  /** Only run tests whose full title matches; `AKKURO_TEST_GREP` in the environment wins. */
  grep?: string;
}

export function runMochaSuites(load: () => void, options: MochaRunOptions = {}): Promise<void> {
  const restoreReporter = tagReporterOutput(process.env.AKKURO_HOST_LOG_TAG);
  return runSuites(load, options).finally(restoreReporter);
}

function runSuites(load: () => void, options: MochaRunOptions): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: options.timeoutMs ?? 20_000 });
  const grep = process.env.AKKURO_TEST_GREP || options.grep;
  if (grep) mocha.grep(grep);

  mocha.suite.emit('pre-require', globalThis, 'extension-host-suite', mocha);
  try {
    load();
  } catch (error) {
    return Promise.reject(reported(`Loading the test modules failed: ${explain(error)}`));
  }
  mocha.suite.emit('post-require', globalThis, 'extension-host-suite', mocha);

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} test${failures === 1 ? '' : 's'} failed`));
        else if (runner.total === 0)
          reject(
            reported(grep ? `No test matched grep "${grep}"` : 'No tests were loaded: load() required no test module'),
          );
        else resolve();
      });
    } catch (error) {
      reject(reported(`Mocha could not run: ${explain(error)}`));
    }
  });
}

// The `spec` reporter writes through Mocha.reporters.Base.consoleLog into the extension host's console,
// which the workbench hands, with every line of its own chatter, to codeAutomationLog. The code-server
// runner sets AKKURO_HOST_LOG_TAG so it can pick out the reporter's lines. console.* itself cannot be
// wrapped: the extension host pins it with a no-op setter. Desktop VS Code needs no tag.
function tagReporterOutput(tag: string | undefined): () => void {
  if (!tag) return () => {};
  const base = Mocha.reporters.Base as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => original.call(console, tag + format(...args));
  return () => {
    base.consoleLog = original;
  };
}

// Failures the spec reporter never sees still belong in the test output, not only in the host's log.
function reported(message: string): Error {
  (Mocha.reporters.Base as { consoleLog: (...args: unknown[]) => void }).consoleLog(message);
  return new Error(message);
}

function explain(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
