import { SANDBOX_BROKER_KEY, SANDBOX_LABEL, SANDBOX_TENANTS } from './demoCredentials';
import { demoClientLines, parseSandboxArgs, USAGE } from './mainArgs';
import { startSandbox } from './server';

/** `npm run sandbox`: start the sandbox, print how to use it, stop cleanly on Ctrl+C. */
async function main(argv: readonly string[]): Promise<number | undefined> {
  const parsed = parseSandboxArgs(argv);
  if (parsed.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    console.error(parsed.message);
    return 2;
  }
  const sandbox = await startSandbox(parsed.options);
  console.log(`Akkuro Lending sandbox listening on ${sandbox.url}`);
  console.log(`  tenant (broker key):  ${SANDBOX_BROKER_KEY}`);
  console.log(`  white labels:         ${(SANDBOX_TENANTS[SANDBOX_BROKER_KEY] ?? []).join(', ')}`);
  console.log(`  token:                GET ${sandbox.url}/authentication/token/${SANDBOX_BROKER_KEY}/${SANDBOX_LABEL}`);
  console.log('Demo clients (client id / secret, public demo values):');
  console.log(demoClientLines());
  console.log('Press Ctrl+C to stop.');
  const stop = (signal: string) => {
    console.log(`\n${signal}: stopping the sandbox.`);
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return undefined;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) {
      process.exitCode = code;
    }
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
