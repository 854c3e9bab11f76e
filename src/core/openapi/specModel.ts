/**
 * What the editor and the runner know of an OpenAPI document once it is loaded: its operations by method and
 * full path template, and the bundled document itself (every `$ref` internal), whose schemas are read by JSON
 * pointer. Built by specBuild.ts; nothing here touches the file system or the network.
 */
export type JsonObject = Record<string, unknown>;

export interface ApiSpec {
  /** Where it came from, as shown to people: a path relative to the environments file, or a URL. */
  source: string;
  title: string;
  /** `info.version`, or the api-version it declares with `x-akkuro-api-version`. */
  version: string;
  /** 3.0 documents use `nullable` and boolean `exclusiveMinimum`; their schemas are converted before validation. */
  openapi: '3.0' | '3.1';
  operations: Operation[];
  /** The bundled document: `$ref`s across files are pulled in, so every `$ref` is `#/…`. */
  document: JsonObject;
}

export interface Operation {
  method: string;
  /** The full path template as a cell writes it: the server's path prefix plus the path, e.g. `/counterparty-management/counterparties/{id}`. */
  path: string;
  /** The first path segment, e.g. `/counterparty-management`; what the New Request picker groups by. */
  domain: string;
  operationId?: string;
  summary?: string;
  description?: string;
  deprecated?: boolean;
  parameters: Parameter[];
  requestBody?: RequestBodySpec;
  /** Declared responses by status code or class (`200`, `4XX`, `default`). */
  responses: ResponseSpec[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description?: string;
  /** A JSON pointer into the bundled document, e.g. `/paths/~1x/get/parameters/0/schema`. */
  schema?: string;
}

export interface RequestBodySpec {
  required: boolean;
  description?: string;
  /** The JSON media type's schema pointer, when the body is JSON. */
  schema?: string;
  contentTypes: string[];
}

export interface ResponseSpec {
  status: string;
  description?: string;
  /** Media type → schema pointer. */
  content: Array<{ contentType: string; schema?: string }>;
}

/** A spec that could not be used, said once on the environments file entry that named it. */
export interface SpecProblem {
  source: string;
  message: string;
}
