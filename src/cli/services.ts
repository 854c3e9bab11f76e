import { createRunEngine, type CredentialLookup, type RunEngine } from '../core/engine';
import { credentialsFor, registerEnvironmentSecrets, type ProcessEnv } from './credentials';

/**
 * The runner's RunEngine (core/engine.ts): credentials from the process environment only, looked up once
 * per environment (every cell asks, and the environment does not change during a run). Every client
 * secret of the process environment is known to the Redactor before anything runs.
 */
export function createRunnerEngine(processEnv: ProcessEnv): RunEngine {
  const lookups = new Map<string, CredentialLookup>();
  const engine = createRunEngine({
    userAgentSuffix: 'cli',
    credentials: async (env) => {
      let lookup = lookups.get(env.name);
      if (!lookup) {
        const found = credentialsFor(env, processEnv);
        // The plan refused to start without credentials, so "missing" cannot happen in a run that started.
        lookup = found.ok ? { kind: 'ok', credentials: found.credentials } : { kind: 'missing' };
        lookups.set(env.name, lookup);
      }
      return lookup;
    },
  });
  registerEnvironmentSecrets(engine.redactor, processEnv);
  return engine;
}
