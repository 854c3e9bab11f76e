/** Replaced at build time by esbuild with the package.json version. */
declare const __AKKURO_VERSION__: string;
