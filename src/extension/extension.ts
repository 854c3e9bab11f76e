import * as vscode from 'vscode';
import { Authenticator, type AuthenticateArgs } from './authenticate';
import { CellRuns } from './cellRuns';
import { registerCompareAndKeep } from './compareAndKeep';
import { Confirmations } from './confirmations';
import { RequestController } from './controller';
import { CredentialStore } from './credentials';
import { createWindowEngine } from './engine';
import { EnvironmentCommands } from './environmentCommands';
import { EnvironmentService } from './environmentService';
import { FullResponses } from './fullResponses';
import { registerNotebookCommands } from './notebookCommands';
import { NotebookEnvironments } from './notebookEnvironments';
import { NotebookFileProblems } from './notebookFileProblems';
import { SandboxService } from './sandboxService';
import { RequestLog } from './requestLog';
import { RequestUsage } from './requestUsage';
import { QuotaGuard } from './quotaGuard';
import { registerRestrictedModeHint } from './restrictedMode';
import { registerSerializer } from './serializer';
import { CellDiagnostics } from './language/cellDiagnostics';
import { CellScopes } from './language/cellScopes';
import { NotebookHeaderProblems } from './language/headerDiagnostics';
import { registerCompletionAndHover } from './language/completionHover';
import { registerCurlCommands } from './language/curlCommands';
import { EnvironmentStatusBar } from './statusBar';
import { ContractSpecs } from './contract/contractSpecs';
import { registerNewRequestCommand } from './contract/newRequestCommand';
import { AccessCommands } from './accessCommands';
import { registerDraftCredentialsRequest } from './draftCredentialsRequest';
import { registerWalkthrough } from './walkthrough';
import { COMMANDS } from '../contract/ids';
import { STORAGE_KEYS } from './storageKeys';

export function activate(context: vscode.ExtensionContext) {
  // The engine asks the credential store, which uses the engine's token cache: the lookup is only called later.
  const window = createWindowEngine((env, client) => credentials.lookup(env, client));
  const engine = window.engine;
  const sandbox = new SandboxService();
  const environments = new EnvironmentService(sandbox);
  const notebooks = new NotebookEnvironments(environments, context.workspaceState);
  const credentials = new CredentialStore(context.secrets, context.globalState, engine);
  const fullResponses = new FullResponses(engine.redactor);
  const confirmations = new Confirmations(context.extensionMode === vscode.ExtensionMode.Test);
  const cellRuns = new CellRuns(engine.redactor);
  const authenticator = new Authenticator(engine, environments, credentials);
  const usage = new RequestUsage(engine, context.globalState);
  const quota = new QuotaGuard(engine, usage, confirmations);
  const header = new NotebookHeaderProblems();
  const statusBar = new EnvironmentStatusBar(engine, notebooks, credentials, usage, header);
  const contract = new ContractSpecs(environments);
  const scopes = new CellScopes(notebooks, contract);
  const diagnostics = new CellDiagnostics(scopes, header);
  const controller = new RequestController({
    engine,
    notebooks,
    fullResponses,
    confirmations,
    cellRuns,
    contract,
    quota,
  });
  const keep = registerCompareAndKeep({ context, cellRuns, controller, notebooks, confirmations });
  const fileProblems = new NotebookFileProblems(context.extensionMode === vscode.ExtensionMode.Test);
  const completionMs: number[] = [];
  context.subscriptions.push(
    window.disposable,
    new RequestLog(engine),
    usage,
    sandbox,
    environments,
    notebooks,
    credentials,
    cellRuns,
    statusBar,
    header,
    fileProblems,
    scopes,
    registerSerializer((text, problems) => fileProblems.loadFailed(text, problems)),
    controller,
    ...keep.disposables,
    registerRestrictedModeHint(),
    vscode.commands.registerCommand(COMMANDS.authenticate, (args?: AuthenticateArgs) => authenticator.run(args)),
    ...new EnvironmentCommands(engine, notebooks, credentials, authenticator).register(),
    ...new AccessCommands(notebooks).register(),
    registerDraftCredentialsRequest(engine, notebooks),
    ...registerNotebookCommands(fullResponses, sandbox),
    contract,
    diagnostics,
    contract.onDidChange(() => vscode.workspace.notebookDocuments.forEach((nb) => diagnostics.refreshNotebook(nb))),
    registerNewRequestCommand(notebooks, contract),
    ...registerCompletionAndHover(scopes, completionMs),
    ...registerCurlCommands(engine, notebooks, scopes),
    ...registerWalkthrough(engine, notebooks, context.extensionUri),
  );
  // Only the extension's own tests get a handle on confirmations and the sandbox counters.
  return context.extensionMode === vscode.ExtensionMode.Test
    ? {
        confirmations: confirmations.testing(),
        notebookFileProblems: fileProblems.testing(),
        logDir: context.logUri.fsPath,
        sandbox: () => sandbox.running,
        statusText: () => statusBar.text,
        cellStatus: (cell: vscode.NotebookCell) =>
          cellRuns.provideCellStatusBarItems(cell).map((i) => ({ text: i.text, tooltip: String(i.tooltip ?? '') })),
        statusBackground: () => statusBar.background,
        storedSecret: (env: string) => context.secrets.get(`${STORAGE_KEYS.credentialPrefix}${env}`),
        ...keep.testing,
        languageTimings: () => ({ ...diagnostics.timings, completionMs }),
        // Whether dist/openapiLibraries.js (json-schema-ref-parser, Ajv) has been required yet.
        openApiLoaded: () => Object.keys(require.cache).some((k) => k.endsWith('openapiLibraries.js')),
        usage: {
          count: (env: string, client: string) => usage.count(env, client),
          flush: () => usage.flush(),
          restart: (session: string) => usage.restart(session),
        },
      }
    : {};
}

export function deactivate(): void {}
