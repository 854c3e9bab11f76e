import type { AccessDecision, AccessSuggestion } from '../environments/accessChoice';
import { clientLabels, clientsOf, declaresDomain, isScoped, scopeText } from '../environments/accessModel';
import type { Environment } from '../environments/environment';

/**
 * What the environments file says about an answer the API gave a token: which configured client is
 * declared for a domain that answered 403, and what a 401 for a fresh token means for a white label.
 * The words for both faces; the run puts them on the result.
 */
export interface AccessHint {
  hint: string;
  /** The client (and label) to ask for instead, for a "use it" command. */
  suggestion?: AccessSuggestion;
}

/** A 403 for a request sent with `used`: which client is declared for its domain. */
export function forbiddenHint(env: Environment, used: AccessDecision, domain: string | undefined): AccessHint {
  const who = `client "${used.client.name}" (white label ${used.label})`;
  if (!domain) return { hint: `The API refused ${who} (403): it is not granted this resource.` };
  const others = clientsOf(env).filter((c) => c !== used.client && declaresDomain(c, domain));
  const best = others.find((c) => isScoped(c, used.label)) ?? others[0];
  if (best) {
    const label = isScoped(best, used.label) ? undefined : clientLabels(best, env)[0];
    const where = `${domain} is declared for client "${best.name}" (${scopeText(best, env)}) in akkuro-environments.yaml`;
    return {
      hint: `The API refused ${who} for ${domain} (403). ${where}: add "client: ${best.name}"${label ? ` and "label: ${label}"` : ''} to this cell.`,
      suggestion: { client: best.name, ...(label ? { label } : {}) },
    };
  }
  if (declaresDomain(used.client, domain))
    return {
      hint: `The API refused ${who} for ${domain} (403), although akkuro-environments.yaml declares ${domain} for it. Ask Akkuro to grant ${domain} to this client, or correct its "domains".`,
    };
  return {
    hint: `The API refused ${who} for ${domain} (403), and no client of environment "${env.name}" is declared for ${domain}. If one of your clients is granted ${domain}, add it to its "domains"; otherwise ask Akkuro for one ("Akkuro: Draft Credentials Request").`,
  };
}

/** A 401 although the token was fresh: the token's white label does not fit the request. */
export function refusedHint(env: Environment, used: AccessDecision): string {
  const scope = used.client.implicit ? '' : ` (akkuro-environments.yaml scopes it to ${scopeText(used.client, env)})`;
  return `The API refused a freshly issued token for white label "${used.label}" of client "${used.client.name}" (401). The request may address data of another white label, or the client is not scoped to "${used.label}" at Akkuro${scope}. Run it with the label the data belongs to ("label:" in the cell, or switch the notebook's label).`;
}
