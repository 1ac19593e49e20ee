import { UsageError, type Sha } from '@relctl/core';

/**
 * Options of {@link releaseName}.
 *
 * @example
 * ```ts
 * const name = releaseName({ sha, version: null }); // the full sha when there is no version
 * ```
 */
export interface ReleaseNameOptions {
  sha: Sha;
  /** Release version; when set it names the release folder. */
  version?: string | null;
}

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/;

/**
 * The folder name of a release under `releases/`: the version when there is one, else the SHA.
 * A name that is not a plain folder name (`..`, slashes, spaces) is a `UsageError`.
 *
 * @example
 * ```ts
 * releaseName({ sha, version: '1.4.0' }); // '1.4.0'
 * releaseName({ sha });                   // sha
 * ```
 */
export function releaseName(options: ReleaseNameOptions): string {
  const name = options.version ? options.version : options.sha;
  if (!SAFE.test(name) || name.includes('..')) {
    throw new UsageError(`${JSON.stringify(name)} cannot name a release folder; use a version like 1.4.0 (letters, digits, ".", "_", "+", "-").`, { name });
  }
  return name;
}
