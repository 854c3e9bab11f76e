import { escapeControls } from '../core/text/escapeControls';
import { VERSION } from '../core/version';
import { parseCommandLine, USAGE } from './args';
import { DIFF_USAGE, parseDiffCommandLine } from './diffArgs';
import { diffCommand } from './diffCommand';
import { EXIT, runCommand } from './runCommand';
import { tuneTiering } from './tiering';

/** The `akkuro-nb` entry: parse the command line, run, and exit with the code that tells CI what happened. */
async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'diff') return diff(argv.slice(1));
  const command = parseCommandLine(argv);
  switch (command.kind) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return EXIT.passed;
    case 'version':
      process.stdout.write(`${VERSION}\n`);
      return EXIT.passed;
    case 'error':
      process.stderr.write(`akkuro-nb: ${escapeControls(command.message, '\n')}\n`);
      return EXIT.badInput;
    case 'run':
      return runCommand(command.options, processIo());
  }
}

async function diff(argv: readonly string[]): Promise<number> {
  const command = parseDiffCommandLine(argv);
  if (command.kind === 'help') process.stdout.write(`${DIFF_USAGE}\n`);
  if (command.kind === 'error') process.stderr.write(`akkuro-nb: ${escapeControls(command.message, '\n')}\n`);
  return command.kind === 'diff'
    ? diffCommand(command.options, processIo())
    : command.kind === 'help'
      ? EXIT.passed
      : EXIT.badInput;
}

function processIo() {
  const interrupt = new AbortController();
  // The first Ctrl+C cancels in-flight requests and still prints the summary; a second one exits at once.
  process.once('SIGINT', () => {
    interrupt.abort();
    process.once('SIGINT', () => process.exit(EXIT.interrupted));
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: interrupt.signal,
  };
}

tuneTiering();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`akkuro-nb: unexpected error: ${escapeControls(message, '\n')}\n`);
    process.exitCode = EXIT.failed;
  },
);
