import { SANDBOX_CLIENTS } from './demoCredentials';
import type { SandboxOptions } from './server';
import { TOKEN_RESPONSE_FORMS, type TokenResponseForm } from './tokenEndpoint';

export type ParsedArgs =
  { kind: 'help' } | { kind: 'run'; options: SandboxOptions } | { kind: 'error'; message: string };

export const USAGE = `Usage: npm run sandbox -- [options]

Starts the local Akkuro Lending sandbox on 127.0.0.1.

Options:
  --port <n>            port to listen on (default 0: a free port)
  --token-ttl <seconds> access token lifetime (default 300)
  --latency <ms>        delay added to every API response (default 0)
  --token-form <form>   token response shape: ${TOKEN_RESPONSE_FORMS.join(', ')} (default access_token)
  --rate-limit <n>/<s>  per client: at most n API requests per s seconds, e.g. 5/10
                        (default off); over it: 429 with Retry-After
  --daily-quota <n>     per client: at most n API requests per UTC day (default off)
  --migration-reads <n> reads before a migration moves from Pending to Completed
                        (default 3)
  --quiet               do not log requests
  --help                show this help

Demo clients (public sandbox values):
${demoClientLines()}`;

/** One line per demo client: id / secret, what it may do, and its name in the built-in "sandbox" environment. */
export function demoClientLines(): string {
  return SANDBOX_CLIENTS.map(
    (c) =>
      `  ${c.clientId} / ${c.clientSecret}: ${c.purpose}${c.environmentName ? ` (client "${c.environmentName}" of the "sandbox" environment)` : ''}`,
  ).join('\n');
}

/** Parses the sandbox's command line; every mistake names the flag and what it expects. */
export function parseSandboxArgs(argv: readonly string[]): ParsedArgs {
  const options: SandboxOptions = { quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--help':
      case '-h':
        return { kind: 'help' };
      case '--quiet':
        options.quiet = true;
        break;
      case '--port': {
        const n = integer(value(), 0, 65535);
        if (n === undefined) {
          return error('--port needs a port number from 0 to 65535 (0 picks a free port).');
        }
        options.port = n;
        break;
      }
      case '--token-ttl': {
        const n = integer(value(), 1, 7 * 24 * 3600);
        if (n === undefined) {
          return error('--token-ttl needs a lifetime in whole seconds, at least 1 (e.g. --token-ttl 60).');
        }
        options.tokenTtlSeconds = n;
        break;
      }
      case '--latency': {
        const n = integer(value(), 0, 10 * 60 * 1000);
        if (n === undefined) {
          return error('--latency needs a delay in milliseconds, 0 or more (e.g. --latency 150).');
        }
        options.latencyMs = n;
        break;
      }
      case '--rate-limit': {
        const m = /^(\d+)\/(\d+)s?$/.exec(value() ?? '');
        const requests = m ? integer(m[1], 1, 1_000_000) : undefined;
        const windowSeconds = m ? integer(m[2], 1, 24 * 3600) : undefined;
        if (requests === undefined || windowSeconds === undefined) {
          return error('--rate-limit needs <requests>/<seconds>, each at least 1 (e.g. --rate-limit 5/10).');
        }
        options.rateLimit = { requests, windowSeconds };
        break;
      }
      case '--daily-quota': {
        const n = integer(value(), 1, 100_000_000);
        if (n === undefined) {
          return error('--daily-quota needs a number of requests per client and UTC day, at least 1.');
        }
        options.dailyQuota = n;
        break;
      }
      case '--migration-reads': {
        const n = integer(value(), 1, 1000);
        if (n === undefined) {
          return error('--migration-reads needs a number of reads from 1 to 1000.');
        }
        options.migrationReads = n;
        break;
      }
      case '--token-form': {
        const form = value();
        if (!form || !(TOKEN_RESPONSE_FORMS as readonly string[]).includes(form)) {
          return error(`--token-form needs one of ${TOKEN_RESPONSE_FORMS.join(', ')}.`);
        }
        options.tokenResponseForm = form as TokenResponseForm;
        break;
      }
      default:
        return error(`Unknown option "${arg}".`);
    }
  }
  return { kind: 'run', options };
}

function error(message: string): ParsedArgs {
  return { kind: 'error', message: `${message} Run with --help for usage.` };
}

function integer(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) {
    return undefined;
  }
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}
