import { diagnosticAt, nearest, type Diagnostic } from '../text/diagnostic';
import { SANDBOX_ENVIRONMENT, type EnvironmentsFile } from './environment';
import { parseSpecEntries, placeSpecEntries } from './specEntries';
import { parseEnvironment } from './environmentEntry';
import { describeNode, entries, isMap, isScalar, nodeAt, parseYaml, scalarString } from '../yaml/yamlNodes';

const TOP_KEYS = ['environments', 'default', 'specs'];
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
    } else if (e.key === 'specs') {
      const specs = parseSpecEntries(e.value, 'at the top level', (node, code, message) =>
        diagnostics.push(nodeAt(text, node, code, message)),
      );
      if (specs) file.specs = specs;
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
        else if (env.key !== SANDBOX_ENVIRONMENT) (file.unusable ??= []).push(env.key);
      }
    } else {
      const suggestion = nearest(e.key, TOP_KEYS);
      diagnostics.push(
        nodeAt(
          text,
          e.keyNode,
          'unknown-key',
          `Unknown key "${e.key}"${suggestion ? `; did you mean "${suggestion}"?` : `; the file has "environments" and optional "default" and "specs".`}`,
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
  placeSpecEntries(text, file.specs);
  for (const env of file.environments) {
    placeSpecEntries(text, env.specs);
    if (file.specs) env.specs ??= file.specs;
  }
  // Checks that span keys run after the keys are read: put every problem back in file order.
  diagnostics.sort((a, b) => a.offset - b.offset);
  return { file, diagnostics };
}
