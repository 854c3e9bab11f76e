import type { ReadyNotebook } from './runNotebooks';

/** A cell that asks for a schema check; only then (or with --check-schema) are specs and Ajv loaded at all. */
const ASKS_FOR_SCHEMA = /\bschema\s*:\s*true\b/;

export function needsContracts(notebooks: readonly ReadyNotebook[], checkSchema: boolean): boolean {
  return (
    checkSchema ||
    notebooks.some((nb) => nb.notebook.cells.some((c) => c.kind === 'request' && ASKS_FOR_SCHEMA.test(c.text)))
  );
}
