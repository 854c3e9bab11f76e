/** The product version, injected by esbuild; "dev" when running from sources (tests, tsx). */
export const VERSION: string = typeof __AKKURO_VERSION__ !== 'undefined' ? __AKKURO_VERSION__ : 'dev';
export const USER_AGENT = `akkuro-notebooks/${VERSION}`;
