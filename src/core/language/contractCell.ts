import { HTTP_METHODS } from '../request/cell';
import type { OperationMatch, SpecChoice } from '../openapi/specIndex';
import { pathOf } from '../openapi/pathTemplate';
import type { Operation } from '../openapi/specModel';
import { cellLines, lineAt, topLevelKeys, type CellLine } from './cellLines';
import type { CellScope } from './languageTypes';

const METHODS: readonly string[] = HTTP_METHODS;

/** What the contract says about one cell: its method line, the version it sends and the operation it is. */
export interface ContractCell {
  methodLine: CellLine;
  method: string;
  /** The URL as written; `path` is its path part, when it is on the environment's base URL. */
  url: string;
  path?: string;
  /** The api-version the cell sends: its own, else the notebook's, else the environment's. */
  apiVersion?: string;
  apiVersionLine?: CellLine;
  choice: SpecChoice;
  match?: OperationMatch;
}

/** Read line by line, so hints work while the YAML is still broken; undefined without specs or a method line. */
export function contractCell(text: string, scope: CellScope, lines = cellLines(text)): ContractCell | undefined {
  const index = scope.contract;
  if (!index || index.empty) return undefined;
  const keys = topLevelKeys(lines);
  const methodLine = keys.find((l) => METHODS.includes(l.key!));
  if (!methodLine) return undefined;
  const { apiVersion, apiVersionLine } = sentApiVersion(text, scope, keys);
  const url = unquote(text.slice(methodLine.valueStart, methodLine.valueEnd));
  const path = pathOf(url, scope.environment?.baseUrl);
  const method = methodLine.key!;
  const match = path === undefined ? undefined : index.find(method, path, apiVersion);
  return {
    methodLine,
    method,
    url,
    ...(path !== undefined ? { path } : {}),
    ...(apiVersion ? { apiVersion } : {}),
    ...(apiVersionLine ? { apiVersionLine } : {}),
    choice: index.forVersion(apiVersion),
    ...(match ? { match } : {}),
  };
}

/** The api-version a cell sends: its own `apiVersion:`, else the notebook's, else the environment's. */
export function sentApiVersion(
  text: string,
  scope: CellScope,
  keys = topLevelKeys(cellLines(text)),
): { apiVersion?: string; apiVersionLine?: CellLine } {
  const apiVersionLine = keys.find((l) => l.key === 'apiVersion');
  const own = apiVersionLine ? unquote(text.slice(apiVersionLine.valueStart, apiVersionLine.valueEnd)) : undefined;
  const apiVersion = own || scope.notebookApiVersion || scope.environment?.apiVersion;
  return { ...(apiVersion ? { apiVersion } : {}), ...(apiVersionLine ? { apiVersionLine } : {}) };
}

/**
 * The operations of the path on the line at `offset` (`?: /counterparty-management/counterparties`, its method
 * being typed), one per method, in the spec's order; [] when the line has no path or no operation matches it.
 */
export function operationsOfLine(text: string, scope: CellScope, offset: number): Operation[] {
  const index = scope.contract;
  if (!index || index.empty) return [];
  const lines = cellLines(text);
  const line = lineAt(lines, offset);
  if (line.colon === undefined || line.parent !== undefined) return [];
  const path = pathOf(unquote(text.slice(line.valueStart, line.valueEnd)), scope.environment?.baseUrl);
  if (path === undefined) return [];
  const { apiVersion } = sentApiVersion(
    text,
    scope,
    topLevelKeys(lines).filter((l) => l !== line),
  );
  const out: Operation[] = [];
  for (const { operation } of index.matchPath(path, apiVersion))
    if (!out.some((o) => o.method === operation.method)) out.push(operation);
  return out;
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0] ? t.slice(1, -1) : t;
}
