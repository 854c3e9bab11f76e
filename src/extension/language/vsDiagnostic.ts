import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/text/diagnostic';

/** A core diagnostic as VS Code shows it: its range in the text, severity, code (for quick fixes) and source. */
export function vsDiagnostic(
  d: Diagnostic,
  positionAt: (offset: number) => vscode.Position,
  source = 'Akkuro',
): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(
    new vscode.Range(positionAt(d.offset), positionAt(d.endOffset)),
    d.message,
    d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diag.source = source;
  diag.code = d.code;
  return diag;
}
