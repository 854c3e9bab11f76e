import { parseRequestCell } from '../request/cell';
import { formatDiagnostic } from '../text/diagnostic';
import { prepareRequest } from '../request/prepare';
import { evaluateTemplates } from '../request/variables';
import { toCurl } from './curl';
import type { CellScope } from './languageTypes';
import { tokenDecision } from '../auth/tokenRule';

export interface CurlForCellOptions {
  multiline?: boolean;
  /** The owner's Redactor, so registered secrets never reach the clipboard. */
  redact?: (text: string) => string;
  userAgent?: string;
}

export type CurlForCellResult = { ok: true; command: string; notices: string[] } | { ok: false; message: string };

/**
 * "Copy Request as cURL": the cell resolved exactly as a run would resolve it in the active
 * environment (templates, api-version, body), with `$AKKURO_TOKEN` where the token would go.
 */
export async function curlForCell(
  text: string,
  scope: CellScope,
  options: CurlForCellOptions = {},
): Promise<CurlForCellResult> {
  const env = scope.environment;
  if (!env)
    return {
      ok: false,
      message: 'No active environment: choose one first, so the URL and api-version can be resolved.',
    };
  const parsed = parseRequestCell(text);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (!parsed.cell || errors.length)
    return { ok: false, message: `Fix the cell first:\n${errors.map((d) => formatDiagnostic(d)).join('\n')}` };
  const cell = parsed.cell;
  const evaluated = evaluateTemplates(text, cell.templates, {
    environmentName: env.name,
    variables: env.variables,
    responses: scope.responses,
  });
  if (evaluated.diagnostics.length)
    return {
      ok: false,
      message: `Some variables cannot be resolved yet:\n${evaluated.diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`,
    };
  let bodyFile: string | undefined;
  // The file is named in the command (curl reads it), so its bytes are not needed here; the extension
  // still decides the Content-Type, as in a run.
  const readBodyFile = async (path: string) => {
    bodyFile = path;
    return Buffer.alloc(0);
  };
  const prepared = await prepareRequest({
    cell,
    text,
    values: evaluated.values,
    environment: env,
    notebookApiVersion: scope.notebookApiVersion,
    userAgent: options.userAgent ?? 'akkuro-notebooks',
    readBodyFile,
  });
  if (!prepared.ok)
    return {
      ok: false,
      message: prepared.bodyFileError ?? prepared.diagnostics.map((d) => formatDiagnostic(d)).join('\n'),
    };
  const req = prepared.request;
  const token = tokenDecision(cell.auth, env, req.origin);
  const notices = [...req.notes];
  if (token.attached)
    notices.push('The token is written as $AKKURO_TOKEN: set that shell variable before running the command.');
  else notices.push(token.reason.replace(/^no token/, 'No token in the command'));
  if (bodyFile !== undefined)
    notices.push(`The body is read from "${bodyFile}": run the command from the notebook's folder.`);
  const command = toCurl(req, {
    tokenAttached: token.attached,
    multiline: options.multiline,
    bodyFile,
    redact: options.redact,
  });
  return { ok: true, command, notices };
}
