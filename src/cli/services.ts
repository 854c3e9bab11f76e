import { createRunEngine, type CredentialLookup, type RunEngine } from '../core/engine';
import { credentialsFor, environmentSecrets, type ProcessEnv } from './credentials';

/**
 * The runner's RunEngine (core/engine.ts): credentials from the process environment only, looked up once
 * per environment and client (every cell asks, and the environment does not change during a run). Every client
 * secret of the process environment is known to the Redactor before anything runs.
 */
export function createRunnerEngine(processEnv: ProcessEnv): RunEngine {
  const lookups = new Map<string, CredentialLookup>();
  const engine = createRunEngine({
    userAgentSuffix: 'cli',
    credentials: async (env, client) => {
      const key = `${env.name}\0${client.name}`;
      let lookup = lookups.get(key);
      if (!lookup) {
        const found = credentialsFor(env, processEnv, client);
        // The plan refused to start without the credentials of every client it saw a cell need, so "missing"
        // only happens for a client that a {{template}} path picked at run time; the failure names it.
        lookup = found.ok ? { kind: 'ok', credentials: found.credentials } : { kind: 'missing' };
        lookups.set(key, lookup);
      }
      return lookup;
    },
  });
  for (const secret of environmentSecrets(processEnv)) engine.registerCredentials(secret);
  return engine;
}
