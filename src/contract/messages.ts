/**
 * Messages the renderer posts to the extension through `RendererContext.postMessage`.
 * The extension side imports these types and must check each message with `isRendererMessage`
 * before acting on it: the webview is a separate, less trusted context.
 */
export interface OpenFullResponseMessage {
  type: 'openFullResponse';
  /** The `fullBodyId` of the `ResponseModel` whose complete body should open in an editor. */
  fullBodyId: string;
}

export interface CopyMessage {
  type: 'copy';
  /** Text for the extension to write to the clipboard (webviews cannot always reach it themselves). */
  text: string;
}

export interface RunCommandMessage {
  type: 'runCommand';
  /** A `FailureModel.action.command`; the extension should only run its own commands. */
  command: string;
  args?: unknown[];
}

export type RendererMessage = OpenFullResponseMessage | CopyMessage | RunCommandMessage;

export function isRendererMessage(value: unknown): value is RendererMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'openFullResponse':
      return typeof m.fullBodyId === 'string' && m.fullBodyId.length > 0;
    case 'copy':
      return typeof m.text === 'string';
    case 'runCommand':
      return typeof m.command === 'string' && m.command.length > 0 && (m.args === undefined || Array.isArray(m.args));
    default:
      return false;
  }
}
