import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { JSONSchema } from './libraries';
import { openApiLibraries } from './loadLibraries';
import { buildSpec } from './specBuild';
import type { ApiSpec } from './specModel';

/** Reads a local file; the faces pass their own (node:fs, VS Code's workspace.fs). Specs never come from the network. */
export type ReadText = (absolutePath: string) => Promise<string>;

export type SpecLoad = { ok: true; spec: ApiSpec } | { ok: false; message: string };

/**
 * Loads one OpenAPI document from a local file, pulling `$ref`s to other local files into one bundled
 * document. `source` is how people will see it named. Remote `$ref`s are refused: a spec must not make the
 * editor or a CI run reach out to a host nobody chose.
 */
export async function loadSpecFile(absolutePath: string, source: string, read: ReadText): Promise<SpecLoad> {
  return bundle(absolutePath, undefined, source, read);
}

/** Loads a document whose text is already at hand (the sandbox's own, fetched by the runner). */
export async function loadSpecText(text: string, source: string, read?: ReadText): Promise<SpecLoad> {
  let root: unknown;
  try {
    root = parseText(text, source);
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  return bundle('/spec.yaml', root, source, read ?? (() => Promise.reject(new Error('no other files'))));
}

async function bundle(path: string, root: unknown, source: string, read: ReadText): Promise<SpecLoad> {
  const { $RefParser } = await openApiLibraries();
  const parser = new $RefParser();
  const textParser = {
    order: 1,
    allowEmpty: false,
    canParse: true,
    parse: (file: { url: string; data: string | Buffer }) =>
      parseText(typeof file.data === 'string' ? file.data : file.data.toString('utf8'), shortName(file.url)),
  };
  const options = {
    parse: { json: false, yaml: false, text: false, binary: false, openapi: textParser },
    resolve: {
      external: true,
      http: false,
      file: false,
      local: {
        order: 1,
        canRead: true,
        read: async (file: { url: string }) => {
          if (/^https?:/i.test(file.url))
            throw new Error(`$ref to ${file.url}: only local files are read; download it next to the spec`);
          const absolute = file.url.startsWith('file:') ? fileURLToPath(file.url) : decodeURIComponent(file.url);
          try {
            return await read(absolute);
          } catch (e) {
            const shown = nodePath.relative(nodePath.dirname(path), absolute) || absolute;
            const code = (e as NodeJS.ErrnoException).code;
            throw new Error(
              `cannot read ${shown}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message}`,
              { cause: e },
            );
          }
        },
      },
    },
    continueOnError: false,
    mutateInputSchema: false,
  };
  try {
    const document =
      root === undefined
        ? await parser.bundle(path, options as never)
        : await parser.bundle(path, root as JSONSchema, options as never);
    const built = buildSpec(document, source);
    return built.ok ? built : { ok: false, message: `${source}: ${built.message}.` };
  } catch (e) {
    const message = cleanMessage((e as Error).message);
    const own = `${shortName(path)} line`;
    return {
      ok: false,
      message: message.startsWith(own) ? `${source}${message.slice(own.length - 5)}` : `${source}: ${message}`,
    };
  }
}

/** YAML (JSON is YAML too), with the line and column of a syntax error. */
function parseText(text: string, name: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const { line, column } = lineColumn(text, error.pos[0]);
    throw new Error(`${name} line ${line}, column ${column}: ${error.message.split('\n')[0]}`);
  }
  return doc.toJS({ maxAliasCount: 1000 });
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function shortName(url: string): string {
  return url.split(/[\\/]/).pop() ?? url;
}

/** The library's messages name absolute paths and internal error classes; people need the file and the pointer. */
function cleanMessage(message: string): string {
  return message
    .replace(/^Error (?:parsing|resolving|opening|reading) (?:file )?\S+: /, '')
    .replace(/file:\/\/\S*?([^/\s]+)(?=[\s#"]|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
