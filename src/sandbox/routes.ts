import type { IncomingMessage } from 'node:http';
import type { SandboxClaims } from './jwt';
import type { Reply } from './reply';
import type { LabelData } from './tenantStore';

/** What an API handler gets once the request is authenticated, authorised and version-negotiated. */
export interface ApiContext {
  req: IncomingMessage;
  path: string;
  /** Decoded `{id}` path segments, in order. */
  params: string[];
  query: URLSearchParams;
  claims: SandboxClaims;
  /** The data of the token's tenant and white label. */
  data: LabelData;
  /** The negotiated api-version. */
  version: string;
  /** The other white label of the token's tenant that owns a counterparty id, if any. */
  otherLabelOf(counterpartyId: string): string | undefined;
}

export type Handler = (ctx: ApiContext) => Reply | Promise<Reply>;

export interface Route {
  /** The path with `{id}` placeholders; also the stats key. */
  template: string;
  /** The API domain the route belongs to, e.g. `/counterparty-management`. */
  domain: string;
  methods: Readonly<Partial<Record<string, Handler>>>;
}

export interface RouteMatch {
  route: Route;
  params: string[];
}

interface CompiledRoute {
  route: Route;
  parts: string[];
}

/**
 * A tiny segment matcher. Routes are tried in order, so a literal segment (`/counterparties/bulk`)
 * listed before a placeholder (`/counterparties/{id}`) wins.
 */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(readonly routes: readonly Route[]) {
    this.compiled = routes.map((route) => ({ route, parts: route.template.split('/').slice(1) }));
  }

  /** `segments` are the decoded path segments, without the leading empty one. */
  match(segments: readonly string[]): RouteMatch | undefined {
    for (const { route, parts } of this.compiled) {
      if (parts.length !== segments.length) {
        continue;
      }
      const params: string[] = [];
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        if (parts[i] === '{id}') {
          params.push(segments[i]);
        } else {
          ok = parts[i] === segments[i];
        }
      }
      if (ok) {
        return { route, params };
      }
    }
    return undefined;
  }

  /** "GET, POST /counterparty-management/counterparties; ..." for 404 details. */
  describe(): string {
    return this.routes.map((r) => `${Object.keys(r.methods).join(', ')} ${r.template}`).join('; ');
  }
}
