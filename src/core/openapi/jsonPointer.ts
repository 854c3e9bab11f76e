import type { JsonObject } from './specModel';

/** RFC 6901 pointers into the bundled document: how operations refer to their schemas. */
export function pointer(...segments: Array<string | number>): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function resolvePointer(doc: unknown, ptr: string): unknown {
  if (ptr === '' || ptr === '#') return doc;
  const path = ptr.startsWith('#') ? ptr.slice(1) : ptr;
  let node: unknown = doc;
  for (const raw of path.split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as JsonObject)[key];
  }
  return node;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
