// The one pure part of the tool install (tools.mjs), in a module of its own so a unit test can import it:
// tools.mjs installs when run as a script, and its top-level await keeps it out of CommonJS tests.

/**
 * The environment without the outer npm's lifecycle variables: run from `npm test`, they carry settings of
 * that npm (its user agent names Node 20, which code-server's postinstall reads as "wrong Node"), its
 * package and script. The install must behave the same whether npm started this script or not.
 * @param {Readonly<Record<string, string | undefined>>} env
 * @returns {Record<string, string | undefined>}
 */
export function outerEnvironment(env) {
  const out = {};
  for (const [name, value] of Object.entries(env)) {
    if (/^npm_/i.test(name) || name === 'INIT_CWD' || name === 'NODE' || name === 'npm_execpath') continue;
    out[name] = value;
  }
  return out;
}
