import type { AccessPreferences } from '../environments/accessChoice';
import type { Environment } from '../environments/environment';
import type { RequestCell } from '../request/cell';
import { cellAccessBeforeRun } from '../request/cellAccess';
import { inlineCode } from './secretLook';

/**
 * The method line's hover about the token: which client and white label the request will use and why
 * ("path /collateral-management is granted to onboarding"), or why it will not be sent.
 */
export function accessHoverFacts(cell: RequestCell, env: Environment, access?: AccessPreferences): string[] {
  const result = cellAccessBeforeRun(cell, env, access);
  if (!result) return [];
  if (!result.ok) {
    if (result.problem.code === 'domain-unknown')
      return [`the client is chosen when the cell runs, from its resolved path: ${result.problem.message}`];
    return [`**not sent**: ${result.problem.message}`];
  }
  const d = result.decision;
  const whose = d.client.implicit
    ? `environment "${env.name}"`
    : `client ${inlineCode(d.client.name)} of environment "${env.name}"`;
  const facts = [
    `the token of ${whose} (${env.brokerKey}/${d.label}) is attached, as \`Authorization: Bearer ‹redacted›\``,
    `${d.clientReason}; ${d.labelReason}`,
  ];
  if (d.warning) facts.push(`⚠ ${d.warning}`);
  return facts;
}
