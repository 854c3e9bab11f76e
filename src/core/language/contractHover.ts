import { describeSchema, descriptionOf, schemaAt } from '../openapi/schemaNav';
import { cellLines, keyPath, type CellLine } from './cellLines';
import { contractCell } from './contractCell';
import { bodySchema, operationDoc } from './contractCompletion';
import type { CellScope } from './languageTypes';

/** The operation a method line is, from the spec of the version the cell sends; undefined without specs. */
export function contractMethodHover(text: string, scope: CellScope): string | undefined {
  const cell = contractCell(text, scope);
  if (!cell) return undefined;
  const version = cell.apiVersion ? `api-version ${cell.apiVersion}` : 'the latest api-version';
  if (!cell.match) {
    if (cell.path === undefined) return undefined;
    return cell.choice.specs.length
      ? `No operation ${cell.method} ${cell.path} in the OpenAPI documents for ${version}.`
      : `No OpenAPI document for ${version} (there are: ${cell.choice.available.join(', ') || 'none'}).`;
  }
  const { spec, operation } = cell.match;
  return `${operationDoc(operation)}\n\n_From ${spec.source} (${spec.title} ${spec.version})._`;
}

/** A key under `query:` or `body:`: its description and type from the operation. */
export function contractKeyHover(text: string, scope: CellScope, line: CellLine): string | undefined {
  const lines = cellLines(text);
  const [section, ...rest] = keyPath(lines, lines[line.index]);
  if ((section !== 'query' && section !== 'body') || line.key === undefined) return undefined;
  const match = contractCell(text, scope, lines)?.match;
  if (!match) return undefined;
  const doc = match.spec.document;
  if (section === 'query') {
    if (rest.length) return undefined;
    const p = match.operation.parameters.find((x) => x.in === 'query' && x.name === line.key);
    if (!p) return `**${line.key}**: not a query parameter of ${match.operation.method} ${match.operation.path}.`;
    const s = schemaAt(doc, p.schema);
    return `**${p.name}** (query${p.required ? ', required' : ''}): ${s ? describeSchema(doc, s) : 'any'}${p.description ? `\n\n${p.description}` : ''}`;
  }
  const s = bodySchema(match, [...rest, line.key]);
  if (!s)
    return `**${line.key}**: the body schema of ${match.operation.method} ${match.operation.path} does not describe it.`;
  const description = descriptionOf(s);
  return `**${line.key}**: ${describeSchema(doc, s)}${description ? `\n\n${description}` : ''}`;
}
