import type { GitPort, Sha } from '@relctl/core';

/**
 * How a local ref stands to its remote-tracking ref: `same`; `here-only` (never pushed);
 * `there-only` (as in a fresh clone: relctl reads it from the remote); `behind` (the remote has
 * more, relctl reads the remote's); `ahead` (commits not pushed); `diverged` (both moved);
 * `missing` (neither has it).
 *
 * @example
 * ```ts
 * const relation: RemoteRelation = 'there-only';
 * ```
 */
export type RemoteRelation = 'same' | 'missing' | 'here-only' | 'there-only' | 'behind' | 'ahead' | 'diverged';

/**
 * Compare a local ref's value with the remote's (as last fetched) by ancestry.
 *
 * @example
 * ```ts
 * await compareWithRemote({ git, ours: await git.readRef('refs/heads/req/B'), theirs: await git.readRef('refs/remotes/origin/req/B') }); // 'ahead'
 * ```
 */
export async function compareWithRemote(options: { git: GitPort; ours: Sha | null; theirs: Sha | null }): Promise<RemoteRelation> {
  const { git, ours, theirs } = options;
  if (ours === theirs) return ours === null ? 'missing' : 'same';
  if (ours === null) return 'there-only';
  if (theirs === null) return 'here-only';
  if (await git.isAncestor(ours, theirs)) return 'behind';
  if (await git.isAncestor(theirs, ours)) return 'ahead';
  return 'diverged';
}
