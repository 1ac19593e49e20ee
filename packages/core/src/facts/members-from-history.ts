import type { Environment } from '../model/environment.js';
import type { EnvironmentMember } from '../model/facts.js';
import type { Sha } from '../model/request.js';
import { Trailer } from '../model/trailers.js';
import type { CommitInfo } from '../ports/git-port.js';
import { isValidRequestId } from '../policy/is-valid-request-id.js';
import { parseTrailers } from './parse-trailers.js';
import { resolutionsFromTrailers, type AppliedResolution } from './resolutions-from-trailers.js';

/**
 * Options of {@link membersFromHistory}.
 *
 * @example
 * ```ts
 * const { members } = membersFromHistory({ env: testEnv, commits: await git.firstParentHistory(tip, { limit: 200 }) });
 * ```
 */
export interface MembersFromHistoryOptions {
  /** The environment whose branch the history is of. */
  env: Environment;
  /** The environment branch's FIRST-PARENT history, newest first (as `GitPort.firstParentHistory` returns it). */
  commits: readonly CommitInfo[];
}

/**
 * What an environment branch's history says the environment holds.
 *
 * @example
 * ```ts
 * const { base, members }: MembersFromHistoryResult = membersFromHistory({ env: testEnv, commits });
 * members.map((member) => member.requestId); // ['B', 'D']
 * ```
 */
export interface MembersFromHistoryResult {
  /**
   * Integration environments: the commit the current build started from (the first commit of
   * the history that is not a relctl merge into this environment), `null` for an empty history.
   * Release environments: always `null`.
   */
  base: Sha | null;
  /** Requests held, oldest merge first. */
  members: EnvironmentMember[];
}

interface RelctlMerge {
  requestId: string;
  env: string | undefined;
  resolutions: AppliedResolution[];
}

function relctlMerge(commit: CommitInfo): RelctlMerge | null {
  if (commit.parents.length < 2) return null;
  const trailers = parseTrailers(commit.message);
  const lower = new Map(Object.entries(trailers).map(([key, values]) => [key.toLowerCase(), values]));
  const ids = lower.get(Trailer.request.toLowerCase()) ?? [];
  const requestId = ids[ids.length - 1];
  if (!isValidRequestId(requestId)) return null;
  const envs = lower.get(Trailer.env.toLowerCase()) ?? [];
  return { requestId, env: envs[envs.length - 1], resolutions: resolutionsFromTrailers(trailers) };
}

function member(commit: CommitInfo, merge: RelctlMerge): EnvironmentMember {
  const found: EnvironmentMember = {
    requestId: merge.requestId,
    sha: commit.parents[1] ?? '',
    mergeCommit: commit.sha,
    since: commit.committer.timestamp * 1000,
  };
  if (merge.resolutions.length > 0) found.resolutions = merge.resolutions;
  return found;
}

/**
 * Derive which requests an environment holds from its branch's first-parent history.
 *
 * - Integration environment: walk from the tip while each commit is a merge carrying
 *   `Relctl-Request: <id>` and `Relctl-Env: <env name>`; those are the members (in merge order),
 *   and the first other commit is the `base` of the build. A request merged twice keeps its
 *   newest merge.
 * - Release environment: every merge with a `Relctl-Request` trailer is a member (the newest merge
 *   of a request wins).
 *
 * Each member's `sha` is the merge's second parent, `since` its committer time in milliseconds,
 * `resolutions` the recorded conflict resolutions its merge applied (`Relctl-Resolution` trailers).
 * Hostile history never throws: a trailer naming an invalid id makes the commit an ordinary one.
 *
 * @example
 * ```ts
 * const commits = await git.firstParentHistory(tip, { limit: 200 });
 * const { base, members } = membersFromHistory({ env: testEnv, commits });
 * ```
 */
export function membersFromHistory(options: MembersFromHistoryOptions): MembersFromHistoryResult {
  const { env, commits } = options;
  const newestFirst: EnvironmentMember[] = [];
  let base: Sha | null = null;

  if (env.kind === 'integration') {
    let index = 0;
    for (; index < commits.length; index += 1) {
      const commit = commits[index];
      if (commit === undefined) break;
      const merge = relctlMerge(commit);
      if (merge === null || merge.env !== env.name) break;
      newestFirst.push(member(commit, merge));
    }
    const stop = commits[index];
    if (stop !== undefined) base = stop.sha;
    else {
      const oldest = commits[commits.length - 1];
      base = oldest?.parents[0] ?? null;
    }
  } else {
    for (const commit of commits) {
      const merge = relctlMerge(commit);
      if (merge !== null) newestFirst.push(member(commit, merge));
    }
  }

  const seen = new Set<string>();
  const members: EnvironmentMember[] = [];
  for (const entry of newestFirst) {
    if (seen.has(entry.requestId)) continue;
    seen.add(entry.requestId);
    members.push(entry);
  }
  return { base, members: members.reverse() };
}
