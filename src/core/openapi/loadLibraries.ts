import type * as Libraries from './libraries';

/**
 * The OpenAPI libraries, loaded on first use. In a bundle this module becomes a `require` of the separate
 * dist/openapiLibraries.js next to it (esbuild.mjs); from source it requires the module itself.
 */
export function openApiLibraries(): Promise<typeof Libraries> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return Promise.resolve().then(() => require('./libraries') as typeof Libraries);
}
