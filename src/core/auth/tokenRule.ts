import { usesTokens, type Environment } from '../environments/environment';

export interface TokenDecision {
  attached: boolean;
  /** Why, in words, for hovers and copied commands. */
  reason: string;
}

/**
 * Whether a request gets the environment's token (PRODUCT.md §8.2): runCell applies it, and hovers and
 * copied commands explain it before anything is sent.
 */
export function tokenDecision(
  auth: 'environment' | 'none',
  environment: Environment,
  requestOrigin: string,
): TokenDecision {
  if (auth === 'none') return { attached: false, reason: 'no token: the cell says "auth: none"' };
  if (!usesTokens(environment))
    return {
      attached: false,
      reason: `no token: environment "${environment.name}" has no brokerKey and labelReferenceId`,
    };
  if (requestOrigin !== environment.origin) {
    return {
      attached: false,
      reason: `no token: ${requestOrigin} is not the origin of environment "${environment.name}" (${environment.origin}); tokens only go to their own origin`,
    };
  }
  return {
    attached: true,
    reason: `the token of environment "${environment.name}" (${environment.brokerKey}/${environment.labelReferenceId}) is attached`,
  };
}
