import type { GitPort, Sha } from '@relctl/core';

/** Options of {@link versionAtSha}. */
export interface VersionAtShaOptions {
  git: GitPort;
  sha: Sha;
  /** Prefix of release tags (`v`). */
  tagPrefix: string;
}

/**
 * The release version of a commit: the highest `<prefix>X.Y.Z` tag pointing at exactly that
 * commit, without the prefix; `null` when none does (an integration build, or a commit made
 * after the last release). A version names the release folder of a `directory` deploy, so it
 * is never guessed from a nearby tag.
 *
 * @example
 * ```ts
 * await versionAtSha({ git, sha: releaseCommit, tagPrefix: 'v' }); // '1.1.0'
 * ```
 */
export async function versionAtSha(options: VersionAtShaOptions): Promise<string | null> {
  const prefix = `refs/tags/${options.tagPrefix}`;
  let best: [number, number, number] | null = null;
  for (const { ref, sha } of await options.git.listRefs('refs/tags/')) {
    if (sha !== options.sha || !ref.startsWith(prefix)) continue;
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(ref.slice(prefix.length));
    if (!match) continue;
    const version: [number, number, number] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (!best || compare(version, best) > 0) best = version;
  }
  return best ? best.join('.') : null;
}

function compare(a: readonly number[], b: readonly number[]): number {
  return (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0) || (a[2] ?? 0) - (b[2] ?? 0);
}
