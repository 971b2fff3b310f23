/** Package version, read from package.json at build time. */
export { VERSION } from './version.ts';
