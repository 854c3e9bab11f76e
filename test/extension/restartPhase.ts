import * as fs from 'node:fs';
import * as path from 'node:path';
import { workspaceDir } from './helpers';

/** What the restart suite's first run leaves for the second, in the workspace (which the reload keeps). */
export interface Marker {
  session: string;
  pid: number;
  used: number;
}

export function markerFile(): string {
  return path.join(workspaceDir(), 'restart-marker.json');
}

/** `before` the window's reload, or `after` it (the first run left its marker). */
export function restartPhase(): 'before' | 'after' {
  return fs.existsSync(markerFile()) ? 'after' : 'before';
}
