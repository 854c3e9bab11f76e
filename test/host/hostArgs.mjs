// The command line shared by both extension-test runners (code-server here, desktop VS Code elsewhere).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

export const USAGE = `usage: node <runner> --extension <abs dir with package.json> --tests <abs path of the compiled suite .js exporting run()>
       --workspace <abs dir> [--timeout <seconds, default 180>] [--screenshot-dir <dir>] [--keep] [--verbose]
       [--workspace-trust]
  --timeout  seconds for starting code-server, loading the workbench and running the suite
  --workspace-trust  open the workspace untrusted (Restricted Mode) and serve the tests' UI requests
             (trust the workspace, read the UI and the console; see uiRequests.mjs; code-server runner only)
  --keep     keep the scratch folder (code-server.log, mocha.log, workbench.log, browser-console.log)
  --verbose  also print the workbench's own log lines`;

/**
 * @returns {{ extension: string, tests: string, workspace: string, timeoutSeconds: number, screenshotDir: string, keep: boolean, verbose: boolean, workspaceTrust: boolean } | { help: string } | string}
 *   the options, the usage text asked for with --help, or an error message that says what to fix
 */
export function parseHostArgs(argv, { screenshotDir }) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        extension: { type: 'string' },
        tests: { type: 'string' },
        workspace: { type: 'string' },
        timeout: { type: 'string', default: '180' },
        'screenshot-dir': { type: 'string', default: screenshotDir },
        keep: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        'workspace-trust': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    return `${error.message}\n${USAGE}`;
  }
  if (values.help) return { help: USAGE };
  const problems = [];
  for (const name of ['extension', 'tests', 'workspace']) {
    if (!values[name]) problems.push(`--${name} is required`);
    else if (!path.isAbsolute(values[name])) problems.push(`--${name} must be an absolute path, got ${values[name]}`);
    else if (!fs.existsSync(values[name])) problems.push(`--${name} ${values[name]} does not exist`);
  }
  if (
    values.extension &&
    fs.existsSync(values.extension) &&
    !fs.existsSync(path.join(values.extension, 'package.json'))
  ) {
    problems.push(`--extension ${values.extension} has no package.json`);
  }
  if (values.tests && fs.existsSync(values.tests) && !fs.statSync(values.tests).isFile()) {
    problems.push(`--tests ${values.tests} must be the compiled suite file (e.g. out/test/extension/suite.js)`);
  }
  if (values.workspace && fs.existsSync(values.workspace) && !fs.statSync(values.workspace).isDirectory()) {
    problems.push(`--workspace ${values.workspace} must be a folder`);
  }
  const timeoutSeconds = Number(values.timeout);
  if (!(timeoutSeconds > 0)) problems.push(`--timeout must be a positive number of seconds, got ${values.timeout}`);
  if (problems.length > 0) return `${problems.join('\n')}\n${USAGE}`;
  return {
    extension: values.extension,
    tests: values.tests,
    workspace: values.workspace,
    timeoutSeconds,
    screenshotDir: path.resolve(values['screenshot-dir']),
    keep: values.keep,
    verbose: values.verbose,
    workspaceTrust: values['workspace-trust'],
  };
}
