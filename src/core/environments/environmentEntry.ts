import { nearest, type Diagnostic } from '../text/diagnostic';
import type { Node, YAMLMap } from 'yaml';
import {
  API_VERSION_PATTERN,
  ENVIRONMENT_NAME_PATTERN,
  isLoopbackHost,
  isProductionHost,
  SANDBOX_ENVIRONMENT,
  VARIABLE_NAME_PATTERN,
  type Environment,
} from './environment';
import { parseSpecEntries } from './specEntries';
import { parseDuration } from '../request/duration';
import { readVolatileKey } from './volatileKey';
import {
  describeNode,
  entries,
  isMap,
  isScalar,
  nodeAt,
  scalarString,
  scalarText,
  type Entry,
} from '../yaml/yamlNodes';
import { applyAccess, readClients, readLabels, type AccessDraft } from './environmentAccess';

const ENVIRONMENT_KEYS = [
  'baseUrl',
  'brokerKey',
  'labelReferenceId',
  'labels',
  'clients',
  'apiVersion',
  'variables',
  'protected',
  'description',
  'specs',
  'volatile',
  'minInterval',
] as const;
type EnvironmentKey = (typeof ENVIRONMENT_KEYS)[number];
type YNode = Node | null | undefined;
type Report = (node: YNode, code: string, message: string, extra?: Parameters<typeof nodeAt>[5]) => void;

/** `protected:` is kept aside while keys are read: what it means depends on the host of baseUrl. */
interface EnvironmentDraft {
  env: Environment;
  protectedSetting?: { value: boolean; node: YNode };
  /** `labels` and `clients`, checked against each other once every key is read. */
  access: AccessDraft;
  keyNodes: Map<string, YNode>;
}
type KeyReader = (e: Entry, draft: EnvironmentDraft, report: Report) => void;

/** Typed against ENVIRONMENT_KEYS, so a key that the "did you mean" list offers is always read. */
const KEY_READERS: Record<EnvironmentKey, KeyReader> = {
  baseUrl: readBaseUrl,
  brokerKey: identityReader('brokerKey', 'your tenant name'),
  labelReferenceId: identityReader('labelReferenceId', 'your white label reference id'),
  labels: (e, draft, report) => readLabels(e, draft.access, report),
  clients: (e, draft, report) => readClients(e, draft.access, report),
  apiVersion: readApiVersion,
  variables: readVariables,
  protected: readProtected,
  description: readDescription,
  specs: (e, draft, report) => {
    const specs = parseSpecEntries(e.value, `of environment "${draft.env.name}"`, report);
    if (specs) draft.env.specs = specs;
  },
  volatile: (e, { env }, report) => {
    const patterns = readVolatileKey(e, report);
    if (patterns) env.volatile = patterns;
  },
  minInterval: readMinInterval,
};

/**
 * One entry of `environments:`, read key by key. Errors are reported and make the entry unusable (undefined);
 * warnings leave it usable.
 */
export function parseEnvironment(
  text: string,
  name: string,
  keyNode: YNode,
  value: YNode,
  out: Diagnostic[],
): Environment | undefined {
  const before = out.length;
  const report: Report = (node, code, message, extra = {}) => out.push(nodeAt(text, node, code, message, 0, extra));
  if (!checkName(name, keyNode, report)) return undefined;
  if (!value || !isMap(value)) {
    report(
      value ?? keyNode,
      'env-not-mapping',
      `Environment "${name}" must be a mapping with at least "baseUrl", but it is ${describeNode(value ?? null)}.`,
    );
    return undefined;
  }
  const draft: EnvironmentDraft = {
    env: { name, baseUrl: '', origin: '', variables: {}, protected: false },
    access: {},
    keyNodes: new Map(),
  };
  const seen = readKeys(name, value, draft, report);
  reportMissingKeys(name, keyNode, seen, report);
  applyAccess(draft.env, draft.access, seen, draft.keyNodes, report);
  applyProtection(draft, report);
  return out.slice(before).some((d) => d.severity === 'error') ? undefined : draft.env;
}

/** False for the reserved name, whose settings are not read at all. */
function checkName(name: string, keyNode: YNode, report: Report): boolean {
  if (name === SANDBOX_ENVIRONMENT) {
    report(
      keyNode,
      'env-reserved',
      '"sandbox" is the built-in local sandbox environment; give yours another name, e.g. "local".',
    );
    return false;
  }
  if (!ENVIRONMENT_NAME_PATTERN.test(name)) {
    report(
      keyNode,
      'env-name',
      `Environment name "${name}" must start with a letter and use only letters, digits, "-" and "_" (it becomes part of AKKURO_<ENV>_CLIENT_ID).`,
    );
  }
  return true;
}

/** A repeated key is reported and still read, so its value is checked too; the keys seen come back. */
function readKeys(name: string, value: YAMLMap, draft: EnvironmentDraft, report: Report): Set<string> {
  const seen = new Set<string>();
  for (const e of entries(value)) {
    if (seen.has(e.key)) report(e.keyNode, 'duplicate-key', `"${e.key}" appears twice in "${name}"; keep one.`);
    seen.add(e.key);
    draft.keyNodes.set(e.key, e.keyNode);
    if (isEnvironmentKey(e.key)) KEY_READERS[e.key](e, draft, report);
    else reportUnknownKey(name, e, report);
  }
  return seen;
}

function readBaseUrl(e: Entry, { env }: EnvironmentDraft, report: Report): void {
  const s = scalarString(e.value);
  const url = s === undefined ? undefined : tryUrl(s);
  if (!url) {
    report(
      e.value ?? e.keyNode,
      'env-base-url',
      s && /^[a-z][a-z0-9+.-]*:\/\//i.test(s)
        ? `"baseUrl" must be an https:// URL such as https://api.uat.eu.lending.akkuro.io, not ${s.slice(0, s.indexOf(':') + 1)} (plain http:// only for a local server on 127.0.0.1 or localhost).`
        : `"baseUrl" must be an absolute URL such as https://api.uat.eu.lending.akkuro.io.`,
    );
  } else if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    report(
      e.value,
      'env-base-url-https',
      `"baseUrl" must use https:// (plain http is only allowed for a local server on 127.0.0.1 or localhost).`,
    );
  } else if (url.search || url.hash || url.username || url.password) {
    report(
      e.value,
      'env-base-url',
      `"baseUrl" must not contain a query, fragment or user name; write only the scheme, host and optional path.`,
    );
  } else {
    env.baseUrl = url.href.replace(/\/+$/, '');
    env.origin = url.origin;
  }
}

function identityReader(key: 'brokerKey' | 'labelReferenceId', meaning: string): KeyReader {
  return (e, { env }, report) => {
    const s = scalarText(e.value);
    if (!s) report(e.value ?? e.keyNode, 'env-identity', `"${key}" must be a non-empty text (${meaning}).`);
    else env[key] = s;
  };
}

function readApiVersion(e: Entry, { env }: EnvironmentDraft, report: Report): void {
  const s = scalarText(e.value);
  if (!s || !API_VERSION_PATTERN.test(s))
    report(e.value ?? e.keyNode, 'api-version', `"apiVersion" must look like 2025.1.0 (year.major.minor).`);
  else env.apiVersion = s;
}

/** Pacing: a duration between two requests to this environment, e.g. to stay under the API's rate limit. */
function readMinInterval(e: Entry, { env }: EnvironmentDraft, report: Report): void {
  const ms = parseDuration(scalarText(e.value));
  if (ms === undefined)
    report(
      e.value ?? e.keyNode,
      'env-min-interval',
      `"minInterval" must be the least time between two requests, a duration from 1ms to 10m such as 200ms or 1s${scalarText(e.value) ? `, not "${scalarText(e.value)}"` : ''}.`,
    );
  else env.minIntervalMs = ms;
}

function readDescription(e: Entry, { env }: EnvironmentDraft, report: Report): void {
  const s = scalarString(e.value);
  if (s === undefined) report(e.value ?? e.keyNode, 'env-description', '"description" must be text.');
  else env.description = s;
}

function readProtected(e: Entry, draft: EnvironmentDraft, report: Report): void {
  const v = e.value && isScalar(e.value) ? e.value.value : undefined;
  if (typeof v !== 'boolean') report(e.value ?? e.keyNode, 'env-protected', '"protected" must be true or false.');
  else draft.protectedSetting = { value: v, node: e.value };
}

function readVariables(e: Entry, { env }: EnvironmentDraft, report: Report): void {
  if (!e.value || !isMap(e.value)) {
    report(
      e.value ?? e.keyNode,
      'env-variables',
      `"variables" must be a mapping of names to values, but it is ${describeNode(e.value)}.`,
    );
    return;
  }
  for (const v of entries(e.value)) {
    const s = scalarText(v.value);
    if (!VARIABLE_NAME_PATTERN.test(v.key))
      report(
        v.keyNode,
        'variable-name',
        `Variable name "${v.key}" must start with a letter or "_" and use only letters, digits, "-" and "_".`,
      );
    else if (s === undefined)
      report(v.value ?? v.keyNode, 'variable-value', `Variable "${v.key}" must be a text, number or boolean.`);
    else env.variables[v.key] = s;
  }
}

function reportUnknownKey(name: string, e: Entry, report: Report): void {
  const suggestion = nearest(e.key, ENVIRONMENT_KEYS);
  report(
    e.keyNode,
    'unknown-key',
    `Unknown key "${e.key}" in environment "${name}"${suggestion ? `; did you mean "${suggestion}"?` : `. Valid keys: ${ENVIRONMENT_KEYS.join(', ')}.`}`,
    suggestion ? { fix: { title: `Change to "${suggestion}"`, replacement: suggestion } } : {},
  );
}

function reportMissingKeys(name: string, keyNode: YNode, seen: Set<string>, report: Report): void {
  if (!seen.has('baseUrl'))
    report(
      keyNode,
      'env-base-url-missing',
      `Environment "${name}" has no "baseUrl"; add one, e.g. baseUrl: https://api.uat.eu.lending.akkuro.io`,
    );
  const hasLabel = seen.has('labelReferenceId') || seen.has('labels');
  if (seen.has('brokerKey') !== hasLabel) {
    report(
      keyNode,
      'env-identity-pair',
      `Environment "${name}" needs both "brokerKey" (tenant) and "labels" or "labelReferenceId" (white labels) to get tokens, or neither for an API that needs none.`,
    );
  }
}

/** A production host is always protected, whatever the file says; elsewhere "protected: true" opts in. */
function applyProtection({ env, protectedSetting }: EnvironmentDraft, report: Report): void {
  if (!env.origin) return;
  const host = new URL(env.origin).hostname;
  if (isProductionHost(host)) {
    env.protected = true;
    env.protectedReason = `${host} is a production host`;
    if (protectedSetting?.value === false)
      report(
        protectedSetting.node,
        'env-protected-production',
        `"protected: false" has no effect: ${host} is production and is always protected.`,
        { severity: 'warning' },
      );
  } else if (protectedSetting?.value) {
    env.protected = true;
    env.protectedReason = 'marked "protected: true" in the environments file';
  }
}

function isEnvironmentKey(key: string): key is EnvironmentKey {
  return (ENVIRONMENT_KEYS as readonly string[]).includes(key);
}

function tryUrl(s: string): URL | undefined {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}
