// The contract features' two heavy libraries (the $ref loader and Ajv with its formats, about 240 KB minified),
// behind one module. Import it only with `openApiLibraries()`: the bundles (esbuild.mjs) build it as a file of
// its own, dist/openapiLibraries.js, which the extension and the runner load the first time a spec is read or a
// response is checked against one, so activation and ordinary runs never parse it.
export { $RefParser } from '@apidevtools/json-schema-ref-parser';
export type { JSONSchema } from '@apidevtools/json-schema-ref-parser';
export { default as Ajv2020 } from 'ajv/dist/2020.js';
export { default as addFormats } from 'ajv-formats';
