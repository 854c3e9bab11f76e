import type * as Yaml from 'yaml';

/*
 * The yaml library as the extension's bundle sees it (esbuild.mjs sends every `import … from 'yaml'` of the bundle
 * here): the same functions and classes, with the library itself required on the first call. Evaluating it was a
 * good part of loading the bundle at activation, before any notebook is open. Only what the code imports as a value
 * is here; a new value import of 'yaml' fails the extension's build until it is added (types need nothing).
 */
let loaded: typeof Yaml | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
const yaml = (): typeof Yaml => (loaded ??= require('yaml') as typeof Yaml);

/** A function of the library, called through on each use. */
function forward<K extends keyof typeof Yaml>(name: K): (typeof Yaml)[K] {
  return ((...args: unknown[]) =>
    (yaml()[name] as (...a: unknown[]) => unknown)(...args)) as unknown as (typeof Yaml)[K];
}

export const isAlias = forward('isAlias');
export const isCollection = forward('isCollection');
export const isMap = forward('isMap');
export const isPair = forward('isPair');
export const isScalar = forward('isScalar');
export const isSeq = forward('isSeq');
export const parseDocument = forward('parseDocument');
export const stringify = forward('stringify');

/** `visit`, and its SKIP/BREAK/REMOVE markers, read from the library when first used. */
export const visit = withStatics(forward('visit'), () => yaml().visit, ['BREAK', 'SKIP', 'REMOVE']);

/** `new Document(…)` and `new Scalar(…)` build the library's own objects (a constructor may return another object). */
export const Document = function (...args: unknown[]) {
  return new (yaml().Document as new (...a: unknown[]) => object)(...args);
} as unknown as typeof Yaml.Document;
export const Scalar = withStatics(
  function (...args: unknown[]) {
    return new (yaml().Scalar as new (...a: unknown[]) => object)(...args);
  } as unknown as typeof Yaml.Scalar,
  () => yaml().Scalar,
  ['BLOCK_FOLDED', 'BLOCK_LITERAL', 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'],
);

function withStatics<T extends object>(target: T, real: () => object, keys: readonly string[]): T {
  for (const key of keys)
    Object.defineProperty(target, key, { get: () => (real() as Record<string, unknown>)[key], enumerable: true });
  return target;
}
