import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SANDBOX_ENVIRONMENT } from '../core/environments/environment';
import { SANDBOX_API_VERSIONS } from '../core/environments/sandboxIdentity';
import type { ContractContext } from '../core/openapi/contractCheck';
import { loadEnvironmentSpecs } from '../core/openapi/environmentSpecs';
import { SchemaValidator } from '../core/openapi/schemaValidate';
import { SpecIndex } from '../core/openapi/specIndex';
import { loadSpecText } from '../core/openapi/specLoad';
import type { ApiSpec } from '../core/openapi/specModel';
import type { ReadyNotebook } from './runNotebooks';

/**
 * The contract of each environment of the run: the sandbox's own document (fetched from the running sandbox,
 * one per api-version) or the environment's `specs:` files. Problems are notes; they never stop the run.
 */
export async function loadContracts(
  notebooks: readonly ReadyNotebook[],
  checkSchema: boolean,
  notes: string[],
): Promise<Map<string, ContractContext>> {
  const out = new Map<string, ContractContext>();
  const validator = new SchemaValidator();
  for (const nb of notebooks) {
    const env = nb.environment;
    if (out.has(env.name)) continue;
    if (env.name === SANDBOX_ENVIRONMENT && env.builtin) {
      out.set(env.name, {
        index: new SpecIndex(await sandboxSpecs(env.baseUrl, notes)),
        validator,
        checkAll: checkSchema,
      });
      continue;
    }
    if (!env.specs?.length || !nb.environmentsFile) {
      const unavailable = `Environment "${env.name}" lists no OpenAPI documents: add "specs: [specs/*.yaml]" to it (or to the top of ${path.basename(nb.environmentsFile ?? 'akkuro-environments.yaml')}).`;
      if (checkSchema) notes.push(`--check-schema: ${unavailable}`);
      out.set(env.name, { index: new SpecIndex([]), validator, checkAll: checkSchema, unavailable });
      continue;
    }
    const dir = path.dirname(nb.environmentsFile);
    const loaded = await loadEnvironmentSpecs(env.specs, dir, {
      readText: (file) => readFile(file, 'utf8'),
      list: async (d) =>
        (await readdir(d, { withFileTypes: true })).map((e) => ({ name: e.name, directory: e.isDirectory() })),
    });
    const file = path.basename(nb.environmentsFile);
    for (const p of loaded.problems)
      notes.push(`${file} line ${p.entry.line}, column ${p.entry.column} (specs "${p.entry.pattern}"): ${p.message}`);
    // Listed but none usable: say so, rather than that the environment lists none.
    const unavailable = loaded.index.empty
      ? `None of the OpenAPI documents that "specs:" lists for environment "${env.name}" could be used (${loaded.problems.length ? 'see the notes about ' : 'fix '}the "specs:" entries of ${file}).`
      : undefined;
    if (unavailable && checkSchema) notes.push(`--check-schema: ${unavailable}`);
    out.set(env.name, {
      index: loaded.index,
      validator,
      checkAll: checkSchema,
      ...(unavailable ? { unavailable } : {}),
    });
  }
  return out;
}

async function sandboxSpecs(baseUrl: string, notes: string[]): Promise<ApiSpec[]> {
  const specs: ApiSpec[] = [];
  for (const version of SANDBOX_API_VERSIONS) {
    const source = `${baseUrl}/__sandbox/openapi.yaml?api-version=${version}`;
    try {
      const res = await fetch(source, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`status ${res.status}`);
      const loaded = await loadSpecText(await res.text(), `sandbox ${version}`);
      if (loaded.ok) specs.push(loaded.spec);
      else notes.push(`The sandbox's OpenAPI document for ${version} is not usable: ${loaded.message}`);
    } catch (e) {
      notes.push(`Could not read the sandbox's OpenAPI document ${source}: ${(e as Error).message}`);
    }
  }
  return specs;
}
