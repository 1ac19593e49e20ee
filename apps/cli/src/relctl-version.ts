import { createRequire } from 'node:module';

/**
 * The version of relctl that is running, from its package.json. dist/, src/ and the bundle's
 * files all sit one level below package.json; the single-file build (apps/cli/scripts/single-file.mjs),
 * which has no package.json beside it, gets the version written into this expression at build time.
 *
 * @example
 * ```ts
 * console.log(`relctl ${relctlVersion()}`); // relctl 0.1.0
 * ```
 */
export function relctlVersion(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}
