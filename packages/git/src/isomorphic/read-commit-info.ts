import { NotFoundError, type CommitInfo, type Sha } from '@relctl/core';
import type { Repository } from '../repo/repository.js';
import { parseCommitObject } from './parse-commit-object.js';
import { readGitObject } from './read-git-object.js';

/** Options of {@link readCommitInfo}. */
export interface ReadCommitInfoOptions {
  repo: Repository;
  sha: Sha;
}

/**
 * Read and parse a commit (message verbatim); a missing object or one that is not a commit is a
 * `NotFoundError`.
 *
 * @example
 * ```ts
 * const { tree, parents, message } = await readCommitInfo({ repo, sha });
 * ```
 */
export async function readCommitInfo({ repo, sha }: ReadCommitInfoOptions): Promise<CommitInfo> {
  const object = await readGitObject({ repo, oid: sha });
  if (object.type !== 'commit') {
    throw new NotFoundError(`${sha} is a ${object.type}, not a commit; pass a commit id.`, { sha, type: object.type });
  }
  return parseCommitObject({ sha, data: object.data });
}
