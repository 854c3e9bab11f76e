/** What drawing code may ask of its surroundings; index.ts builds it from the renderer context. */
export interface RenderHost {
  /** Puts text on the clipboard; resolves false when that failed. */
  copy(text: string): Promise<boolean>;
  /** Absent when the webview cannot message the extension (e.g. an exported notebook). */
  openFullResponse?: (fullBodyId: string) => void;
  runCommand?: (command: string, args?: unknown[]) => void;
}
