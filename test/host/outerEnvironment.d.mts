/** The environment without the outer npm's lifecycle variables (`npm_*`, `INIT_CWD`, `NODE`); see outerEnvironment.mjs. */
export function outerEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined>;
