import { NotFoundError, StateError, Trailer, candidateRef, parseTrailers, type CommitInfo, type Sha } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';

/** A candidate branch as relctl built it: a release commit on one merge per request on a release tip. */
export interface CandidateInfo {
  name: string;
  /** `refs/heads/candidate/<name>`. */
  ref: string;
  /** The release commit (branch tip). */
  commit: Sha;
  tree: Sha;
  /** The release tip it was built on. */
  base: Sha;
  /** Requests in merge order. */
  requestIds: string[];
  /** Each request's head as merged. */
  shas: Record<string, Sha>;
  /** The version of its release commit, when its message says. */
  version: string | null;
}

const trailer = (commit: CommitInfo, key: string): string | undefined => {
  const trailers = parseTrailers(commit.message);
  const name = Object.keys(trailers).find((item) => item.toLowerCase() === key.toLowerCase());
  return name === undefined ? undefined : trailers[name]?.at(-1);
};

/**
 * Read `candidate/<name>` back from its history: the tip must be a release commit
 * (`Relctl-Release`) on top of merges with `Relctl-Request` trailers.
 *
 * @throws NotFoundError when the branch does not exist; StateError when relctl did not build it.
 */
export async function readCandidate(context: CliContext, name: string): Promise<CandidateInfo> {
  const ref = candidateRef({ name });
  const tip = await context.git.readRef(ref);
  if (tip === null) {
    throw new NotFoundError(`There is no candidate "${name}" (branch candidate/${name}); build it with "relctl candidate <ids…> --name ${name}".`, {
      candidate: name,
    });
  }
  const commits = await context.git.firstParentHistory(tip, { limit: 500 });
  const [release, ...rest] = commits;
  const notBuilt = (why: string) =>
    new StateError(`candidate/${name} was not built by "relctl candidate" (${why}); build it again with "relctl candidate <ids…> --name ${name}".`, {
      candidate: name,
      commit: tip,
    });
  if (release === undefined || release.parents.length !== 1 || trailer(release, Trailer.release) === undefined) {
    throw notBuilt('its tip is not a relctl release commit');
  }
  const newestFirst: Array<{ id: string; sha: Sha }> = [];
  let base: Sha | undefined;
  for (const commit of rest) {
    const id = trailer(commit, Trailer.request);
    if (commit.parents.length !== 2 || id === undefined) {
      base = commit.sha;
      break;
    }
    newestFirst.push({ id, sha: commit.parents[1] ?? '' });
    base = commit.parents[0];
  }
  if (newestFirst.length === 0 || base === undefined) throw notBuilt('it merges no request');
  const merges = newestFirst.reverse();
  return {
    name,
    ref,
    commit: tip,
    tree: release.tree,
    base,
    requestIds: merges.map((merge) => merge.id),
    shas: Object.fromEntries(merges.map((merge) => [merge.id, merge.sha])),
    version: trailer(release, Trailer.release) ?? null,
  };
}
