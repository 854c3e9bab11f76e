import { diagnosticAt, nearest, type Diagnostic } from '../diagnostic';
import type { Node } from 'yaml';
import {
  API_VERSION_PATTERN,
  ENVIRONMENT_NAME_PATTERN,
  isLoopbackHost,
  isProductionHost,
  SANDBOX_ENVIRONMENT,
  VARIABLE_NAME_PATTERN,
  type Environment,
  type EnvironmentsFile,
} from './environment';
import { describeNode, entries, isMap, isScalar, nodeAt, parseYaml, scalarString, scalarText } from '../yamlNodes';

const ENVIRONMENT_KEYS = [
  'baseUrl',
  'brokerKey',
  'labelReferenceId',
  'apiVersion',
  'variables',
  'protected',
  'description',
];
const TOP_KEYS = ['environments', 'default'];
export interface ParsedEnvironments {
  file: EnvironmentsFile;
  diagnostics: Diagnostic[];
}

/**
 * Reads `akkuro-environments.yaml`. Environments with errors are left out (and reported); the valid ones
 * stay usable, so one typo does not take every environment away.
 */
export function parseEnvironmentsFile(text: string): ParsedEnvironments {
  const { doc, diagnostics } = parseYaml(text);
  const file: EnvironmentsFile = { environments: [] };
  if (diagnostics.some((d) => d.severity === 'error')) return { file, diagnostics };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { file, diagnostics };
  if (!isMap(root)) {
    diagnostics.push(
      nodeAt(
        text,
        root,
        'env-not-mapping',
        `The environments file must be a mapping with an "environments:" key, but it is ${describeNode(root)}.`,
      ),
    );
    return { file, diagnostics };
  }
  const seenTop = new Set<string>();
  for (const e of entries(root)) {
    if (seenTop.has(e.key))
      diagnostics.push(nodeAt(text, e.keyNode, 'duplicate-key', `"${e.key}" appears twice; keep one.`));
    seenTop.add(e.key);
    if (e.key === 'default') {
      const name = scalarString(e.value);
      if (name === undefined)
        diagnostics.push(
          nodeAt(text, e.value ?? e.keyNode, 'env-default', '"default" must be the name of an environment.'),
        );
      else file.defaultEnvironment = name;
    } else if (e.key === 'environments') {
      if (!e.value || !isMap(e.value)) {
        diagnostics.push(
          nodeAt(
            text,
            e.value ?? e.keyNode,
            'env-environments',
            `"environments" must be a mapping of environment names to settings, but it is ${describeNode(e.value)}.`,
          ),
        );
        continue;
      }
      const seen = new Set<string>();
      for (const env of entries(e.value)) {
        if (seen.has(env.key)) {
          diagnostics.push(
            nodeAt(text, env.keyNode, 'duplicate-key', `Environment "${env.key}" is defined twice; keep one.`),
          );
          continue;
        }
        seen.add(env.key);
        const parsed = parseEnvironment(text, env.key, env.keyNode, env.value, diagnostics);
        if (parsed) file.environments.push(parsed);
      }
    } else {
      const suggestion = nearest(e.key, TOP_KEYS);
      diagnostics.push(
        nodeAt(
          text,
          e.keyNode,
          'unknown-key',
          `Unknown key "${e.key}"${suggestion ? `; did you mean "${suggestion}"?` : `; the file has "environments" and an optional "default".`}`,
          0,
          suggestion ? { fix: { title: `Change to "${suggestion}"`, replacement: suggestion } } : {},
        ),
      );
    }
  }
  if (!seenTop.has('environments'))
    diagnostics.push(
      diagnosticAt(
        text,
        0,
        1,
        'env-missing',
        'The file has no "environments:" mapping; add one (see "Akkuro: Open Environments File" for a template).',
      ),
    );
  if (
    file.defaultEnvironment &&
    file.defaultEnvironment !== SANDBOX_ENVIRONMENT &&
    !file.environments.some((x) => x.name === file.defaultEnvironment)
  ) {
    const node = (root.get('default', true) as never) ?? null;
    diagnostics.push(
      nodeAt(
        text,
        node,
        'env-default-unknown',
        `"default" names "${file.defaultEnvironment}", which is not defined here.`,
      ),
    );
  }
  return { file, diagnostics };
}

type YNode = Node | null | undefined;

function parseEnvironment(
  text: string,
  name: string,
  keyNode: YNode,
  value: YNode,
  out: Diagnostic[],
): Environment | undefined {
  const before = out.length;
  const err = (node: YNode, code: string, message: string, extra: Parameters<typeof nodeAt>[5] = {}) =>
    out.push(nodeAt(text, node, code, message, 0, extra));
  if (name === SANDBOX_ENVIRONMENT) {
    err(
      keyNode,
      'env-reserved',
      '"sandbox" is the built-in local sandbox environment; give yours another name, e.g. "local".',
    );
    return undefined;
  }
  if (!ENVIRONMENT_NAME_PATTERN.test(name)) {
    err(
      keyNode,
      'env-name',
      `Environment name "${name}" must start with a letter and use only letters, digits, "-" and "_" (it becomes part of AKKURO_<ENV>_CLIENT_ID).`,
    );
  }
  if (!value || !isMap(value)) {
    err(
      value ?? keyNode,
      'env-not-mapping',
      `Environment "${name}" must be a mapping with at least "baseUrl", but it is ${describeNode(value ?? null)}.`,
    );
    return undefined;
  }
  const env: Environment = { name, baseUrl: '', origin: '', variables: {}, protected: false };
  let protectedFlag: boolean | undefined;
  let protectedNode: YNode = null;
  const seen = new Set<string>();
  for (const e of entries(value)) {
    if (seen.has(e.key)) err(e.keyNode, 'duplicate-key', `"${e.key}" appears twice in "${name}"; keep one.`);
    seen.add(e.key);
    switch (e.key) {
      case 'baseUrl': {
        const s = scalarString(e.value);
        const url = s === undefined ? undefined : tryUrl(s);
        if (!url) {
          err(
            e.value ?? e.keyNode,
            'env-base-url',
            `"baseUrl" must be an absolute URL such as https://api.uat.eu.lending.akkuro.io.`,
          );
        } else if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
          err(
            e.value,
            'env-base-url-https',
            `"baseUrl" must use https:// (plain http is only allowed for a local server on 127.0.0.1 or localhost).`,
          );
        } else if (url.search || url.hash || url.username || url.password) {
          err(
            e.value,
            'env-base-url',
            `"baseUrl" must not contain a query, fragment or user name; write only the scheme, host and optional path.`,
          );
        } else {
          env.baseUrl = url.href.replace(/\/+$/, '');
          env.origin = url.origin;
        }
        break;
      }
      case 'brokerKey':
      case 'labelReferenceId': {
        const s = scalarText(e.value);
        if (!s)
          err(
            e.value ?? e.keyNode,
            'env-identity',
            `"${e.key}" must be a non-empty text (${e.key === 'brokerKey' ? 'your tenant name' : 'your white label reference id'}).`,
          );
        else env[e.key] = s;
        break;
      }
      case 'apiVersion': {
        const s = scalarText(e.value);
        if (!s || !API_VERSION_PATTERN.test(s))
          err(e.value ?? e.keyNode, 'api-version', `"apiVersion" must look like 2025.1.0 (year.major.minor).`);
        else env.apiVersion = s;
        break;
      }
      case 'description': {
        const s = scalarString(e.value);
        if (s === undefined) err(e.value ?? e.keyNode, 'env-description', '"description" must be text.');
        else env.description = s;
        break;
      }
      case 'protected': {
        const v = e.value && isScalar(e.value) ? e.value.value : undefined;
        if (typeof v !== 'boolean') err(e.value ?? e.keyNode, 'env-protected', '"protected" must be true or false.');
        else {
          protectedFlag = v;
          protectedNode = e.value;
        }
        break;
      }
      case 'variables': {
        if (!e.value || !isMap(e.value)) {
          err(
            e.value ?? e.keyNode,
            'env-variables',
            `"variables" must be a mapping of names to values, but it is ${describeNode(e.value)}.`,
          );
          break;
        }
        for (const v of entries(e.value)) {
          const s = scalarText(v.value);
          if (!VARIABLE_NAME_PATTERN.test(v.key))
            err(
              v.keyNode,
              'variable-name',
              `Variable name "${v.key}" must start with a letter or "_" and use only letters, digits, "-" and "_".`,
            );
          else if (s === undefined)
            err(v.value ?? v.keyNode, 'variable-value', `Variable "${v.key}" must be a text, number or boolean.`);
          else env.variables[v.key] = s;
        }
        break;
      }
      default: {
        const suggestion = nearest(e.key, ENVIRONMENT_KEYS);
        err(
          e.keyNode,
          'unknown-key',
          `Unknown key "${e.key}" in environment "${name}"${suggestion ? `; did you mean "${suggestion}"?` : `. Valid keys: ${ENVIRONMENT_KEYS.join(', ')}.`}`,
          suggestion ? { fix: { title: `Change to "${suggestion}"`, replacement: suggestion } } : {},
        );
      }
    }
  }
  if (!seen.has('baseUrl'))
    err(
      keyNode,
      'env-base-url-missing',
      `Environment "${name}" has no "baseUrl"; add one, e.g. baseUrl: https://api.uat.eu.lending.akkuro.io`,
    );
  if (!!env.brokerKey !== !!env.labelReferenceId && seen.has('brokerKey') !== seen.has('labelReferenceId')) {
    err(
      keyNode,
      'env-identity-pair',
      `Environment "${name}" needs both "brokerKey" (tenant) and "labelReferenceId" (white label) to get tokens, or neither for an API that needs none.`,
    );
  }
  if (env.origin) {
    const host = new URL(env.origin).hostname;
    if (isProductionHost(host)) {
      env.protected = true;
      env.protectedReason = `${host} is a production host`;
      if (protectedFlag === false)
        err(
          protectedNode,
          'env-protected-production',
          `"protected: false" has no effect: ${host} is production and is always protected.`,
          { severity: 'warning' },
        );
    } else if (protectedFlag) {
      env.protected = true;
      env.protectedReason = 'marked "protected: true" in the environments file';
    }
  }
  return out.slice(before).some((d) => d.severity === 'error') ? undefined : env;
}

function tryUrl(s: string): URL | undefined {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}
