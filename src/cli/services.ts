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
  close(): Promise<void>;
}

export function createRunServices(processEnv: ProcessEnv): RunServices {
  const redactor = new Redactor();
  registerEnvironmentSecrets(redactor, processEnv);
  const http = new HttpClient();
  const tokens = new TokenCache({
    fetch: (target, creds) => requestToken(target, creds, { dispatcher: http.dispatcher, userAgent: `${USER_AGENT} cli` }),
    onToken: (token) => redactor.add(token.token),
  });
  return {
    redactor,
    http,
    tokens,
    credentials: async (env) => {
      const found = credentialsFor(env, processEnv);
      // The plan refused to start without credentials; "missing" here means the environment changed under us.
      if (!found.ok) return { kind: 'missing' };
      redactor.addCredentials(found.credentials.clientId, found.credentials.clientSecret);
      return { kind: 'ok', credentials: found.credentials };
    },
    userAgent: `${USER_AGENT} cli`,
    close: () => http.close(),
  };
}
