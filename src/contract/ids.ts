/**
 * The ids that package.json contributes and that code, the renderer and tests refer to. They live here
 * once; `test/unit/contract-ids.test.ts` checks them against package.json, so a rename cannot half-land.
 */
export const NOTEBOOK_TYPE = 'akkuro-notebook';
export const REQUEST_LANGUAGE = 'akkuro-request';
export const RENDERER_ID = 'akkuro-response-renderer';
export const CONTROLLER_ID = 'akkuro-notebook-requests';
/** The custom MIME type of a request output: a RunResult as JSON, drawn by the renderer. */
export const RESPONSE_MIME = 'application/vnd.akkuro.response+json';
export const STATUS_BAR_ID = 'akkuro.environment';
/** The Testing view's controller: notebooks and their request cells with `expect:`. */
export const TEST_CONTROLLER_ID = 'akkuro-notebook-tests';

export const COMMANDS = {
  authenticate: 'akkuro.authenticate',
  signOut: 'akkuro.signOut',
  selectEnvironment: 'akkuro.selectEnvironment',
  newNotebook: 'akkuro.newNotebook',
  openEnvironmentsFile: 'akkuro.openEnvironmentsFile',
  copyAsCurl: 'akkuro.copyAsCurl',
  pasteCurl: 'akkuro.pasteCurl',
  showTokenDetails: 'akkuro.showTokenDetails',
  openFullResponse: 'akkuro.openFullResponse',
  startSandbox: 'akkuro.startSandbox',
  stopSandbox: 'akkuro.stopSandbox',
  environmentMenu: 'akkuro.environmentMenu',
  newRequestFromOperation: 'akkuro.newRequestFromOperation',
  showRunHistory: 'akkuro.showRunHistory',
  compareWithPrevious: 'akkuro.compareWithPrevious',
  compareWithEnvironment: 'akkuro.compareWithEnvironment',
  pinAsExpectation: 'akkuro.pinAsExpectation',
  clearRunHistory: 'akkuro.clearRunHistory',
  selectLabel: 'akkuro.selectLabel',
  selectClient: 'akkuro.selectClient',
  useClient: 'akkuro.useClient',
  draftCredentialsRequest: 'akkuro.draftCredentialsRequest',
  showLog: 'akkuro.showLog',
  openExample: 'akkuro.openExample',
  copyCiCommand: 'akkuro.copyCiCommand',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
