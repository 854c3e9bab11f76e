import { HTTP_METHODS } from '../request/cell';
import type { OperationMatch, SpecChoice } from '../openapi/specIndex';
import { pathOf } from '../openapi/pathTemplate';
import { cellLines, topLevelKeys, type CellLine } from './cellLines';
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
  const apiVersionLine = keys.find((l) => l.key === 'apiVersion');
  const own = apiVersionLine ? unquote(text.slice(apiVersionLine.valueStart, apiVersionLine.valueEnd)) : undefined;
  const apiVersion = own || scope.notebookApiVersion || scope.environment?.apiVersion;
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

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0] ? t.slice(1, -1) : t;
}
