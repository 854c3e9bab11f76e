import * as vscode from 'vscode';
import { COMMANDS, RESPONSE_MIME } from '../contract/ids';
import type { ResponseModel } from '../contract/response';
import { VolatileRule } from '../core/compare/volatile';
import { expectFromResponse, type PinMode } from '../core/expect/expectFromResponse';
import { writeExpect } from '../core/expect/expectWriter';
import type { CellRuns } from './cellRuns';
import { isRecord, targetCell } from './cellTarget';
import type { NotebookEnvironments } from './notebookEnvironments';

/**
 * "Pin Response as Expectation": writes an `expect:` block from the response the cell shows (values, or
 * types only) as one edit of the cell's text, which Undo takes back in one step.
 */
export function registerPinExpectation(cellRuns: CellRuns, notebooks: NotebookEnvironments): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.pinAsExpectation, async (arg?: unknown) => {
    const cell = targetCell(arg, cellRuns);
    if (!cell) return tell('Select a request cell that has run to pin its response.');
    const response = shownResponse(cell);
    if (!response)
      return tell('This cell shows no response to pin: run it first (a failed request has nothing to pin).');
    const text = cell.document.getText();
    const mode = isRecord(arg) && (arg.mode === 'values' || arg.mode === 'types') ? arg.mode : await pickMode(text);
    if (!mode) return undefined;
    const { environments } = await notebooks.environments.setFor(cell.notebook.uri);
    const rule = VolatileRule.of(environments.find((e) => e.name === response.environment.name));
    const pinned = expectFromResponse(response, mode, rule);
    const written = writeExpect(text, pinned.value);
    if (!written.ok) return tell(written.message);
    const { splice } = written;
    const edit = new vscode.WorkspaceEdit();
    const range = new vscode.Range(cell.document.positionAt(splice.start), cell.document.positionAt(splice.end));
    edit.replace(cell.document.uri, range, splice.text);
    if (!(await vscode.workspace.applyEdit(edit)))
      return tell('The cell changed while the expectation was written; try again.');
    const fields = Object.keys(pinned.value.body ?? {}).length;
    void vscode.window.showInformationMessage(
      [
        `Pinned status ${pinned.value.status}${fields ? ` and ${fields === 1 ? '1 body field' : `${fields} body fields`}` : ''} as expectations (${mode === 'values' ? 'values; ids and timestamps by type' : 'types only'}). Undo takes it back.`,
        ...pinned.notes,
      ].join(' '),
    );
    return written.cellText;
  });
}

function shownResponse(cell: vscode.NotebookCell): ResponseModel | undefined {
  for (const output of cell.outputs) {
    const item = output.items.find((i) => i.mime === RESPONSE_MIME);
    if (!item) continue;
    try {
      const value = JSON.parse(new TextDecoder().decode(item.data)) as { kind?: unknown };
      if (value.kind === 'response') return value as ResponseModel;
    } catch {
      // Not ours to read.
    }
  }
  return undefined;
}

async function pickMode(text: string): Promise<PinMode | undefined> {
  const replacing = /^[ \t]*expect[ \t]*:/m.test(text);
  const verb = replacing ? 'Replace the expect: block with' : 'Pin';
  const picked = await vscode.window.showQuickPick(
    [
      {
        label: `${verb} values`,
        mode: 'values' as const,
        detail: 'The status and the body fields with their values; ids, timestamps and volatile fields by their type',
      },
      { label: `${verb} types only`, mode: 'types' as const, detail: 'The status and the type of each body field' },
    ],
    {
      title: 'Pin Response as Expectation',
      placeHolder: replacing ? 'The cell already has expect: it is replaced' : undefined,
    },
  );
  return picked?.mode;
}

function tell(message: string): undefined {
  void vscode.window.showInformationMessage(message);
  return undefined;
}
