import type { VolatilePattern } from '../compare/volatilePath';

/** One place to talk to: a base URL, and the tenant and white label whose token it needs. */
export interface Environment {
  name: string;
  /** Without a trailing slash; may carry a path prefix. */
  baseUrl: string;
  /** `https://host[:port]` of `baseUrl`: the only origin that ever receives this environment's token. */
  origin: string;
  /** The tenant name. With `labelReferenceId`, present when the environment uses tokens. */
  brokerKey?: string;
  /** The default white label: the first of `labels` (the one-label form of the file sets only this). */
  labelReferenceId?: string;
  /** The white labels used here, the default first (`labels:`, or `labelReferenceId` alone). Read with `labelsOf`. */
  labels?: readonly string[];
  /** The client applications (`clients:`); without them, one implicit client. Read with `clientsOf`. */
  clients?: readonly AccessClient[];
  apiVersion?: string;
  description?: string;
  variables: Record<string, string>;
  protected: boolean;
  /** Why it is protected, in words, for confirmations and the status bar. */
  protectedReason?: string;
  /** The built-in sandbox environment. */
  builtin?: boolean;
  /** OpenAPI documents (`specs:` of the environment, else of the file); the sandbox serves its own instead. */
  specs?: SpecEntry[];
  /** Response fields that comparing masks and pinning checks by type (`volatile:`), besides ids and timestamps. */
  volatile?: VolatilePattern[];
  /** `minInterval:`: the least time between two requests sent to this environment (pacing). */
  minIntervalMs?: number;
}

/** One `specs:` entry of the environments file, where it was written. */
export interface SpecEntry {
  pattern: string;
  offset: number;
  endOffset: number;
  line: number;
  column: number;
}

/**
 * One client application of a tenant (PRODUCT.md §2, §10): its own client id and secret (never in the file),
 * scoped to some or all white labels and granted a set of API domains.
 */
export interface AccessClient {
  /** The name the team chose in the environments file; `default` for the implicit client. */
  name: string;
  /** The white labels it may get tokens for. */
  labels: 'all' | readonly string[];
  /** The API domains it was granted, as `/segment`; undefined when the file declares none (see accessChoice). */
  domains?: readonly string[];
  /** The expected requests per day it was issued for (`dailyQuota:`). */
  dailyQuota?: number;
  /** The one client of an environment without `clients:`: its credentials are the environment's, as before. */
  implicit?: boolean;
}

export interface EnvironmentsFile {
  environments: Environment[];
  /** Names of environments left out because of errors (reported in the diagnostics). */
  unusable?: string[];
  /** The workspace default environment (`default:` in the file). */
  defaultEnvironment?: string;
  /** Top-level `specs:`: the OpenAPI documents of every environment that does not list its own. */
  specs?: SpecEntry[];
}

export const ENVIRONMENTS_FILE_NAME = 'akkuro-environments.yaml';
export const SANDBOX_ENVIRONMENT = 'sandbox';
export const API_VERSION_PATTERN = /^\d{4}\.\d+\.\d+$/;
export const ENVIRONMENT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Client names become part of AKKURO_<ENV>_<CLIENT>_CLIENT_ID, like environment names. */
export const CLIENT_NAME_PATTERN = ENVIRONMENT_NAME_PATTERN;
/** An API domain: one path segment with its leading slash, e.g. /counterparty-management. */
export const DOMAIN_PATTERN = /^\/[A-Za-z0-9._~-]+$/;
/** The name of the implicit client of an environment without `clients:`. */
export const IMPLICIT_CLIENT = 'default';

const AKKURO_HOST = /(^|\.)lending\.akkuro\.io$/i;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** A `*.lending.akkuro.io` host without a `uat.` label is production. */
export function isProductionHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return AKKURO_HOST.test(h) && !h.split('.').includes('uat');
}

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase());
}

export function usesTokens(env: Environment): env is Environment & { brokerKey: string; labelReferenceId: string } {
  return !!env.brokerKey && !!env.labelReferenceId;
}
