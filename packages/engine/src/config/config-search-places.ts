/**
 * The names a relctl config may have, in the order they are searched (in each folder from the
 * current one up to the repository root): the same names `relctl init` can write.
 *
 * @example
 * ```ts
 * CONFIG_SEARCH_PLACES.includes('relctl.config.yaml'); // true
 * ```
 */
export const CONFIG_SEARCH_PLACES: readonly string[] = [
  'package.json',
  'relctl.config.json',
  'relctl.config.yaml',
  'relctl.config.yml',
  'relctl.config.js',
  'relctl.config.mjs',
  'relctl.config.cjs',
  'relctl.config.ts',
];
