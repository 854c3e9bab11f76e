import * as vscode from 'vscode';
import type { RunResult } from '../../contract/response';
import { expectLocation } from '../../core/expect/expectLocation';

/**
 * Why a cell's test failed, as the Testing view shows it: one message per failed check, with expected and
 * actual for its diff view and the location of the check's line in the cell; a failure to run is one message.
 */
export function testMessages(cell: vscode.NotebookCell, result: RunResult): vscode.TestMessage[] {
  const text = cell.document.getText();
  const at = (target: string) => {
    const range = expectLocation(text, target);
    return range
      ? new vscode.Location(
          cell.document.uri,
          new vscode.Range(cell.document.positionAt(range.start), cell.document.positionAt(range.end)),
        )
      : new vscode.Location(cell.document.uri, new vscode.Position(0, 0));
  };
  if (result.kind === 'failure') {
    const message = new vscode.TestMessage(
      [`${result.title}: ${result.message}`, result.hint].filter(Boolean).join('\n'),
    );
    const first = result.diagnostics?.[0];
    message.location = first
      ? new vscode.Location(cell.document.uri, cell.document.positionAt(first.offset))
      : new vscode.Location(cell.document.uri, new vscode.Position(0, 0));
    return [message];
  }
  return result.assertions
    .filter((a) => !a.passed)
    .map((a) => {
      const message = vscode.TestMessage.diff(a.message, show(a.expected), show(a.actual));
      message.location = at(a.target);
      return message;
    });
}

function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
