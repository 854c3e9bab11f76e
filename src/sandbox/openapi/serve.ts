import type { IncomingMessage } from 'node:http';
import { stringify } from 'yaml';
import { SANDBOX_API_VERSIONS } from '../demoCredentials';
import { negotiateVersion } from '../negotiation';
import { problem } from '../problem';
import type { Reply } from '../reply';
import { sandboxOpenApi } from './document';

/**
 * `GET /__sandbox/openapi.yaml|json`: the document of the api-version asked for with `?api-version=` or the
 * Accept header's `api-version` parameter, else of the latest one; an unknown version is a 406 like the API's.
 */
export function openApiReply(req: IncomingMessage, query: URLSearchParams, format: 'yaml' | 'json'): Reply {
  const asked = query.get('api-version');
  const negotiated = negotiateVersion(
    asked !== null ? `application/json;api-version=${asked}` : req.headers.accept,
    SANDBOX_API_VERSIONS,
  );
  if (!negotiated.ok)
    return problem(
      406,
      'unsupported-api-version',
      `The sandbox has no OpenAPI document for api-version ${negotiated.requested.join(', ')}. It has: ${SANDBOX_API_VERSIONS.join(', ')}.`,
      { members: { supportedVersions: SANDBOX_API_VERSIONS } },
    );
  const document = sandboxOpenApi(negotiated.version);
  const headers = { 'akkuro-api-version': negotiated.version, 'cache-control': 'no-cache' };
  return format === 'json'
    ? { status: 200, json: document, headers }
    : {
        status: 200,
        body: stringify(document, { aliasDuplicateObjects: false }),
        contentType: 'application/yaml; charset=utf-8',
        headers,
      };
}
