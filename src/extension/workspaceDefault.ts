import * as vscode from 'vscode';
import type { EnvironmentService } from './environmentService';

const SETTING = 'defaultEnvironment';

/**
 * Select Environment with no notebook open: the choice that makes sense then is the workspace default
 * (`akkuro.defaultEnvironment` in the workspace settings), which every notebook without a pin and
 * without a choice of its own uses.
 */
export async function chooseWorkspaceDefault(
  environments: EnvironmentService,
  name?: string,
): Promise<string | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage(
      'Open an Akkuro notebook (.akkuro-nb) to choose its environment, or a folder to choose the default of its notebooks.',
    );
    return undefined;
  }
  const set = await environments.setFor(undefined);
  const config = vscode.workspace.getConfiguration('akkuro');
  const current = config.inspect<string>(SETTING)?.workspaceValue || config.get<string>(SETTING) || undefined;
  if (!name) {
    const picked = await vscode.window.showQuickPick(
      set.environments.map((e) => ({
        label: `${e.protected ? '$(warning) ' : ''}${e.name}`,
        description: e.brokerKey ? `${e.brokerKey}/${e.labelReferenceId}` : e.builtin ? 'local simulator' : '',
        detail: `${e.builtin ? 'local sandbox' : e.baseUrl}${e.protected ? ' · PROTECTED' : ''}${e.name === current ? ' · current default' : ''}`,
        name: e.name,
      })),
      {
        title: 'Akkuro: Default Environment of this Workspace',
        placeHolder:
          'No notebook is open: notebooks that pin no environment and that you have not switched will use this one',
      },
    );
    name = picked?.name;
  }
  if (!name) return undefined;
  if (!set.environments.some((e) => e.name === name)) {
    void vscode.window.showErrorMessage(
      `No environment "${name}". Known: ${set.environments.map((e) => e.name).join(', ')}.`,
    );
    return undefined;
  }
  await config.update(SETTING, name, vscode.ConfigurationTarget.Workspace);
  void vscode.window.showInformationMessage(
    `Notebooks in this workspace now use "${name}" unless they pin an environment or you switch them (workspace setting akkuro.defaultEnvironment).`,
  );
  return name;
}
