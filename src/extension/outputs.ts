import * as vscode from 'vscode';
import { formatResultText } from '../core/text/plainText';
import { type RunResult } from '../contract/response';
import { RESPONSE_MIME } from '../contract/ids';

/** Every result becomes one output: the renderer's item and a readable text fallback. */
export function resultOutput(result: RunResult): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput(
    [
      vscode.NotebookCellOutputItem.json(result, RESPONSE_MIME),
      vscode.NotebookCellOutputItem.text(formatResultText(result)),
    ],
    { akkuro: true },
  );
}

export function failure(
  category: Extract<RunResult, { kind: 'failure' }>['category'],
  title: string,
  message: string,
  extra: Partial<Extract<RunResult, { kind: 'failure' }>> = {},
): RunResult {
  return {
    kind: 'failure',
    outcome: 'failed',
    category,
    title,
    message,
    startedAt: new Date().toISOString(),
    ...extra,
  };
}
