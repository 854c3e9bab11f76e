export interface EnvironmentChoiceInput {
  /** Asked for explicitly for this run (the runner's --env or --sandbox); wins over everything. */
  explicit?: string;
  /** The notebook file's `environment:` pin. */
  pin?: string;
  /** The user's last choice for this notebook (VS Code workspace state). */
  lastChoice?: string;
  /** The `akkuro.defaultEnvironment` setting. */
  settingDefault?: string;
  /** The environments file's `default:`. */
  fileDefault?: string;
  /** Names that can be used: the built-in sandbox and the environments file's valid environments. */
  available: readonly string[];
  /** Environments the file defines with errors: named, they are a problem to fix, not an unknown name. */
  unusable?: readonly string[];
  /** Used when nothing else names an environment: the extension falls back to the sandbox; the runner asks. */
  fallback?: string;
}

export type ChoiceSource = 'explicit' | 'pin' | 'choice' | 'setting' | 'file' | 'fallback';

export interface EnvironmentChoice {
  /** Undefined only when nothing names an environment and there is no fallback. */
  name?: string;
  source?: ChoiceSource;
  /** Set when the chosen name is not available (an explicit name or a pin that is not defined). */
  problem?: string;
}

/**
 * The one precedence rule (PRODUCT.md §5), for both faces: explicit, else the notebook's pin, else the
 * user's last choice, else the setting, else the file's `default:`, else the fallback. An explicit name
 * and a pin are never silently replaced: if they are not defined, the choice carries the problem.
 * A remembered choice or a default that is no longer defined is skipped.
 */
export function chooseEnvironment(input: EnvironmentChoiceInput): EnvironmentChoice {
  const has = (n: string | undefined): n is string => !!n && input.available.includes(n);
  const known = () => input.available.join(', ');
  const broken = (n: string) =>
    input.unusable?.includes(n)
      ? `Environment "${n}" has problems in akkuro-environments.yaml and cannot be used until they are fixed (they are listed on the file).`
      : undefined;
  if (input.explicit) {
    return has(input.explicit)
      ? { name: input.explicit, source: 'explicit' }
      : {
          name: input.explicit,
          source: 'explicit',
          problem: broken(input.explicit) ?? `Unknown environment "${input.explicit}". Known: ${known()}.`,
        };
  }
  if (input.pin) {
    return has(input.pin)
      ? { name: input.pin, source: 'pin' }
      : {
          name: input.pin,
          source: 'pin',
          problem:
            broken(input.pin) ??
            `This notebook is pinned to environment "${input.pin}", which is not defined. Known: ${known()}. Define it in akkuro-environments.yaml or change the notebook's "environment:".`,
        };
  }
  if (has(input.lastChoice)) return { name: input.lastChoice, source: 'choice' };
  if (has(input.settingDefault)) return { name: input.settingDefault, source: 'setting' };
  if (has(input.fileDefault)) return { name: input.fileDefault, source: 'file' };
  return input.fallback ? { name: input.fallback, source: 'fallback' } : {};
}

export function choiceSourceText(source: ChoiceSource): string {
  return {
    explicit: 'asked for by this run',
    pin: 'pinned by the notebook',
    choice: 'your choice for this notebook',
    setting: 'the akkuro.defaultEnvironment setting',
    file: 'the default of akkuro-environments.yaml',
    fallback: 'the built-in default',
  }[source];
}
