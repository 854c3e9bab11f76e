import { API_VERSION_PATTERN } from '../environments/environment';
import { matchPath, type PathMatch } from './pathTemplate';
import type { ApiSpec, Operation } from './specModel';

/** The specs that apply to one api-version, and why, for hovers and the "no spec for this version" hint. */
export interface SpecChoice {
  specs: ApiSpec[];
  /** The version whose specs were chosen; undefined when the specs apply to every version. */
  version?: string;
  /** Every api-version some spec describes, newest first. */
  available: string[];
}

export interface OperationMatch extends PathMatch {
  operation: Operation;
  spec: ApiSpec;
}

/**
 * The loaded specs of one environment, by version. A spec whose `info.version` is an api-version
 * (year.major.minor) describes that version only; one with another kind of version (`1.0.0`) describes
 * every version, since nothing says which it is.
 */
export class SpecIndex {
  constructor(readonly specs: readonly ApiSpec[]) {}

  get empty(): boolean {
    return this.specs.length === 0;
  }

  /** The specs for the version a cell sends: an exact match, else (no version sent) the newest. */
  forVersion(apiVersion: string | undefined): SpecChoice {
    const versioned = this.specs.filter((s) => API_VERSION_PATTERN.test(s.version));
    const unversioned = this.specs.filter((s) => !API_VERSION_PATTERN.test(s.version));
    const available = [...new Set(versioned.map((s) => s.version))].sort(compareVersions).reverse();
    const version = apiVersion ?? available[0];
    const exact = version === undefined ? [] : versioned.filter((s) => s.version === version);
    return { specs: [...exact, ...unversioned], ...(exact.length ? { version } : {}), available };
  }

  /** The operation a method and path are, among the specs of one version: the most literal template wins. */
  find(method: string, path: string, apiVersion: string | undefined): OperationMatch | undefined {
    let best: OperationMatch | undefined;
    for (const m of this.matchPath(path, apiVersion))
      if (m.operation.method === method.toUpperCase() && (!best || m.score > best.score)) best = m;
    return best;
  }

  /** Every operation whose template matches the path, whatever its method. */
  matchPath(path: string, apiVersion: string | undefined): OperationMatch[] {
    const out: OperationMatch[] = [];
    for (const spec of this.forVersion(apiVersion).specs)
      for (const operation of spec.operations) {
        const m = matchPath(operation.path, path);
        if (m) out.push({ ...m, operation, spec });
      }
    const top = Math.max(...out.map((m) => m.score));
    return out.filter((m) => m.score === top);
  }

  operations(apiVersion: string | undefined): Array<{ operation: Operation; spec: ApiSpec }> {
    return this.forVersion(apiVersion).specs.flatMap((spec) =>
      spec.operations.map((operation) => ({ operation, spec })),
    );
  }
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
