/** Keys under which the extension keeps state in VS Code (secrets, memento, context), in one place. */
export const STORAGE_KEYS = {
  /**
   * SecretStorage: `akkuro.credentials/<environment>` holds the client id, secret and binding of an environment
   * without `clients:`; `akkuro.credentials/<environment>/<client>` those of one declared client.
   */
  credentialPrefix: 'akkuro.credentials/',
  /** globalState: the environments that have stored credentials (SecretStorage cannot list its keys). */
  credentialIndex: 'akkuro.credentialEnvironments',
  /** workspaceState: each notebook's last chosen environment. */
  notebookChoices: 'akkuro.notebookEnvironments',
  /** A file in the extension's workspace storage (`context.storageUri`): the run history, when kept across sessions. */
  runHistoryFile: 'run-history.json',
  /** workspaceState: each notebook's chosen white label and client, per environment (`<uri>\n<env>`). */
  notebookAccess: 'akkuro.notebookAccess',
  /**
   * globalState: `akkuro.requestUsage/<session id>` holds one window session's requests per client for the UTC day
   * (`{ day, counts: { "<environment>/<client>": n } }`); the day's use is the sum over today's records.
   */
  requestUsagePrefix: 'akkuro.requestUsage/',
} as const;

export const CONTEXT_KEYS = {
  sandboxRunning: 'akkuro.sandboxRunning',
  /** Walkthrough steps: a request got a response from the sandbox; a token came for an environment of the user's. */
  ranOnSandbox: 'akkuro.walkthrough.ranOnSandbox',
  authenticated: 'akkuro.walkthrough.authenticated',
} as const;
