import { createCellParser, type CellParser } from '../core/cellParser';
import type { Environment } from '../core/environments';
import { Redactor } from '../core/redact';
import type { CredentialLookup } from '../core/run';
import { HttpClient } from '../core/send';
import { requestToken } from '../core/token';
import { TokenCache } from '../core/tokenCache';
import { USER_AGENT } from '../core/version';
import { credentialsFor, registerEnvironmentSecrets, type ProcessEnv } from './credentials';

/** What every notebook of one run shares: one Redactor, one HTTP client, one token cache. */
export interface RunServices {
  redactor: Redactor;
  http: HttpClient;
  tokens: TokenCache;
  credentials: (env: Environment) => Promise<CredentialLookup>;
  userAgent: string;
  /** Parses each distinct cell text once per run. */
  parseCell: CellParser;
  close(): Promise<void>;
}

export function createRunServices(processEnv: ProcessEnv): RunServices {
  const redactor = new Redactor();
  registerEnvironmentSecrets(redactor, processEnv);
  const http = new HttpClient();
  const tokens = new TokenCache({
    fetch: (target, creds) =>
      requestToken(target, creds, { dispatcher: http.dispatcher, userAgent: `${USER_AGENT} cli` }),
    onToken: (token) => redactor.add(token.token),
  });
  // Looked up once per environment: every cell asks, and the process environment does not change during a run.
  const lookups = new Map<string, CredentialLookup>();
  return {
    redactor,
    http,
    tokens,
    credentials: async (env) => {
      let lookup = lookups.get(env.name);
      if (!lookup) {
        const found = credentialsFor(env, processEnv);
        if (found.ok) redactor.addCredentials(found.credentials.clientId, found.credentials.clientSecret);
        // The plan refused to start without credentials, so "missing" cannot happen in a run that started.
        lookup = found.ok ? { kind: 'ok', credentials: found.credentials } : { kind: 'missing' };
        lookups.set(env.name, lookup);
      }
      return lookup;
    },
    userAgent: `${USER_AGENT} cli`,
    parseCell: createCellParser(),
    close: () => http.close(),
  };
}
