/**
 * Where else a cell can run to be compared (Compare with Environment…): another environment, or another white
 * label of one, since a tenant's labels hold their own data and a UAT and a production label can differ too.
 */
import { chooseLabel, type AccessPreferences } from '../environments/accessChoice';
import { labelsOf } from '../environments/accessModel';
import type { Environment } from '../environments/environment';

/** One side of a comparison: an environment and, for one that uses tokens, the white label it runs with. */
export interface CompareSide {
  environment: string;
  label?: string;
}

export interface CompareTarget extends CompareSide {
  /** `uat-ch`, or `uat-ch · business` where the environment has several labels. */
  title: string;
  baseUrl: string;
  protected: boolean;
  protectedReason?: string;
  /** The current environment's other labels come first; then the other environments. */
  group: 'label' | 'environment';
}

/**
 * The label a cell runs with in `env`: the cell's `label:`, else what the notebook and the user ask for there,
 * else the environment's first (the access rule, environments/accessChoice.ts). Undefined for an environment
 * without white labels, or when the label asked for is not one of its labels (the run says so).
 */
export function labelIn(
  env: Environment,
  cellLabel: string | undefined,
  preferences: AccessPreferences,
): string | undefined {
  if (labelsOf(env).length === 0) return undefined;
  const choice = chooseLabel({
    environment: env,
    ...preferences,
    ...(cellLabel ? { cell: { label: cellLabel } } : {}),
  });
  return 'problem' in choice ? undefined : choice.name;
}

/**
 * Every other place the cell can run: each white label of each other environment, and the current environment's
 * other labels. A cell that names its label (`label:`) runs with it wherever it goes, so it is offered the other
 * environments only, with that label.
 */
export function compareTargets(
  environments: readonly Environment[],
  here: CompareSide,
  cellLabel: string | undefined,
): CompareTarget[] {
  const targets: CompareTarget[] = [];
  const current = environments.find((e) => e.name === here.environment);
  if (current && !cellLabel)
    for (const label of labelsOf(current))
      if (label !== here.label) targets.push(target(current, label, 'label', true));
  for (const env of environments) {
    if (env.name === here.environment) continue;
    const labels = labelsOf(env);
    if (labels.length === 0) targets.push(target(env, undefined, 'environment', false));
    else if (cellLabel) targets.push(target(env, cellLabel, 'environment', labels.length > 1));
    else for (const label of labels) targets.push(target(env, label, 'environment', labels.length > 1));
  }
  return targets;
}

/** `env · label` where the label tells sides apart; the environment's name alone otherwise. */
export function sideTitle(side: CompareSide, showLabel = true): string {
  return showLabel && side.label ? `${side.environment} · ${side.label}` : side.environment;
}

/** Two sides are the same place: the same environment with the same label. */
export function sameSide(a: CompareSide, b: CompareSide): boolean {
  return a.environment === b.environment && a.label === b.label;
}

function target(env: Environment, label: string | undefined, group: CompareTarget['group'], showLabel: boolean) {
  const side = { environment: env.name, ...(label ? { label } : {}) };
  return {
    ...side,
    title: sideTitle(side, showLabel),
    baseUrl: env.baseUrl,
    protected: env.protected,
    ...(env.protectedReason ? { protectedReason: env.protectedReason } : {}),
    group,
  };
}
