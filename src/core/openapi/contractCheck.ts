import type { AssertionResult } from '../../contract/response';
import { pathOf } from './pathTemplate';
import type { SchemaValidator } from './schemaValidate';
import { isJsonType } from './specBuild';
import type { SpecIndex } from './specIndex';
import type { Operation, ResponseSpec } from './specModel';

/** What a run needs to check responses against the API contract. */
export interface ContractContext {
  index: SpecIndex;
  validator: SchemaValidator;
  /** The runner's --check-schema: check every response that has a matching operation, not only `schema: true` cells. */
  checkAll?: boolean;
  /** Why there is no index (e.g. every spec failed to load), for cells that ask for `schema: true`. */
  unavailable?: string;
}

export interface ContractInput {
  method: string;
  url: string;
  baseUrl: string;
  apiVersion?: string;
  status: number;
  contentType?: string;
  /** The body text when it was kept whole; undefined when it was too large to read. */
  body?: string;
  /** The cell asked (`expect: { schema: true }`): a missing operation or spec is then a failure, not a skip. */
  asked: boolean;
}

const TARGET = 'schema';

/**
 * The response checked against its operation: the status must be declared, the content type declared for it,
 * and a JSON body valid against the declared schema. Each violation is one failed assertion naming its JSON path.
 */
export async function checkContract(
  ctx: ContractContext | undefined,
  input: ContractInput,
): Promise<AssertionResult[]> {
  const fail = (message: string, expected: unknown = 'a matching operation', actual: unknown = null) =>
    input.asked ? [result(false, message, expected, actual)] : [];
  if (!ctx || ctx.index.empty)
    return fail(
      ctx?.unavailable ??
        'No OpenAPI documents for this environment: list them under "specs:" in akkuro-environments.yaml.',
    );
  const path = pathOf(input.url, input.baseUrl);
  const versionText = input.apiVersion ? `api-version ${input.apiVersion}` : 'the latest api-version';
  if (path === undefined) return fail(`${input.url} is not on the environment's base URL; no operation describes it.`);
  const choice = ctx.index.forVersion(input.apiVersion);
  if (choice.specs.length === 0)
    return fail(
      `No OpenAPI document for ${versionText} (documents exist for ${choice.available.join(', ') || 'no api-version'}).`,
    );
  const match = ctx.index.find(input.method, path, input.apiVersion);
  if (!match) return fail(`No operation ${input.method} ${path} in the OpenAPI documents for ${versionText}.`);
  const op = match.operation;
  const name = `${op.method} ${op.path} (${match.spec.title} ${match.spec.version})`;
  const declared = declaredResponse(op, input.status);
  if (!declared)
    return [
      result(
        false,
        `status ${input.status} is not declared for ${name}; declared: ${op.responses.map((r) => r.status).join(', ') || 'none'}`,
        op.responses.map((r) => r.status),
        input.status,
      ),
    ];
  const mediaType = (input.contentType ?? '').split(';')[0].trim().toLowerCase();
  if (declared.content.length === 0 || input.body === undefined || input.body === '' || input.method === 'HEAD')
    return [result(true, `status ${input.status} is declared for ${name}`, declared.status, input.status)];
  const media =
    declared.content.find((c) => c.contentType.toLowerCase() === mediaType) ??
    declared.content.find((c) => isJsonType(c.contentType) && isJsonType(mediaType));
  if (!media)
    return [
      result(
        false,
        `content-type ${mediaType || '(none)'} is not declared for ${name} → ${declared.status}; declared: ${declared.content.map((c) => c.contentType).join(', ')}`,
        declared.content.map((c) => c.contentType),
        mediaType,
      ),
    ];
  if (!media.schema || !isJsonType(media.contentType))
    return [
      result(
        true,
        `${name} → ${declared.status} (${media.contentType}) declares no JSON schema to check`,
        media.contentType,
        mediaType,
      ),
    ];
  let body: unknown;
  try {
    body = JSON.parse(input.body);
  } catch (e) {
    return [
      result(
        false,
        `the body is not valid JSON (${(e as Error).message}), but ${name} declares ${media.contentType}`,
        media.contentType,
        'invalid JSON',
      ),
    ];
  }
  const violations = await ctx.validator.validate(match.spec, media.schema, body);
  if (violations.length === 0)
    return [result(true, `body matches the schema of ${name} → ${declared.status}`, declared.status, input.status)];
  return violations.map((v) => ({
    target: `${TARGET} ${v.path}`,
    operator: TARGET,
    expected: `${op.method} ${op.path} → ${declared.status}`,
    actual: v.path,
    passed: false,
    message: v.message,
  }));
}

/** The response a status falls under: its own code, then its class (`4XX`), then `default`. */
export function declaredResponse(op: Operation, status: number): ResponseSpec | undefined {
  const code = String(status);
  return (
    op.responses.find((r) => r.status === code) ??
    op.responses.find((r) => r.status === `${code[0]}XX`) ??
    op.responses.find((r) => r.status === 'default')
  );
}

function result(passed: boolean, message: string, expected: unknown, actual: unknown): AssertionResult {
  return { target: TARGET, operator: TARGET, expected, actual, passed, message };
}
