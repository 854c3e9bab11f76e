import type { AssertionResult } from '../../contract/response';
import type { Environment } from '../environments/environment';
import type { IncomingResponse } from '../http/send';
import { checkContract, type ContractContext } from '../openapi/contractCheck';
import type { PreparedRequest } from '../request/prepare';
import { substituteValue } from '../request/variables';
import { isPlainObject } from './expectText';

/**
 * `expect: { schema: true }` (or the runner's --check-schema): the response checked against its operation.
 * A cell that asks fails when no operation describes it; --check-schema alone skips requests the specs do not
 * describe, so it can be turned on for a whole suite.
 */
export async function schemaAssertions(
  expect: unknown,
  values: ReadonlyMap<string, unknown>,
  contract: ContractContext | undefined,
  req: PreparedRequest,
  res: IncomingResponse,
  env: Environment,
): Promise<AssertionResult[]> {
  const substituted = expect === undefined ? undefined : substituteValue(expect, values);
  const asked = isPlainObject(substituted) ? substituted.schema : undefined;
  if (asked === false || (asked !== true && !contract?.checkAll)) return [];
  return checkContract(contract, {
    method: req.method,
    url: req.url,
    baseUrl: env.baseUrl,
    ...(req.apiVersion ? { apiVersion: req.apiVersion } : {}),
    status: res.status,
    contentType: res.headers.find(([n]) => n === 'content-type')?.[1],
    ...(res.truncated ? {} : { body: res.body.toString('utf8') }),
    asked: asked === true,
  });
}
