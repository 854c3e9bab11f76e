import * as nodePath from 'node:path';
import type { SpecEntry } from '../environments/environment';
import { expandSpecGlob, type ListDir } from './specFiles';
import { SpecIndex } from './specIndex';
import { loadSpecFile, type ReadText } from './specLoad';
import type { ApiSpec } from './specModel';

export interface SpecFileSystem {
  readText: ReadText;
  list: ListDir;
}

/** A `specs:` entry that gave nothing usable: one message for the environments file, at the entry. */
export interface SpecEntryProblem {
  entry: SpecEntry;
  message: string;
}

export interface LoadedSpecs {
  index: SpecIndex;
  problems: SpecEntryProblem[];
}

/**
 * The OpenAPI documents an environment's `specs:` names, loaded. A broken or unreadable document is one
 * problem on its entry and is left out; the others still serve hints and checks.
 */
export async function loadEnvironmentSpecs(
  entries: readonly SpecEntry[],
  environmentsFileDir: string,
  fs: SpecFileSystem,
): Promise<LoadedSpecs> {
  const specs: ApiSpec[] = [];
  const problems: SpecEntryProblem[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const files = await expandSpecGlob(entry.pattern, environmentsFileDir, fs.list);
    if (files.length === 0) {
      problems.push({
        entry,
        message: `"${entry.pattern}" matches no file next to the environments file; download the OpenAPI documents there or fix the path.`,
      });
      continue;
    }
    const failed: string[] = [];
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      const shown = nodePath.relative(environmentsFileDir, file).split(nodePath.sep).join('/');
      const loaded = await loadSpecFile(file, shown, fs.readText);
      if (loaded.ok) specs.push(loaded.spec);
      else failed.push(loaded.message);
    }
    if (failed.length)
      problems.push({
        entry,
        message: `${failed.length === 1 ? 'An OpenAPI document' : `${failed.length} OpenAPI documents`} could not be used, so hints and schema checks leave ${failed.length === 1 ? 'it' : 'them'} out: ${failed.join('; ')}`,
      });
  }
  return { index: new SpecIndex(specs), problems };
}
