import type { Sha } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { githubRepository } from '../shared/promotion-pull-request.js';

/**
 * The commit GitHub says merged the pull request of the promotion branch `head` into `base`
 * (`merge_commit_sha`: the merge commit, the squash commit or the last rebased commit), when a
 * GitHub token and repository are known and the pull request was merged; `null` otherwise. A
 * failing API call is a `warning` event and `null`: the proof on git objects does not need it.
 *
 * @example
 * ```ts
 * const mergedAs = await mergedPullRequest(session, 'relctl-promote/1.1.0', 'main'); // '5d41402a…' | null
 * ```
 */
export async function mergedPullRequest(context: CliContext, head: string, base: string): Promise<Sha | null> {
  const github = await githubRepository(context);
  if (github === null) return null;
  try {
    const pull = await github.client.findLatestPullRequest({ owner: github.owner, repo: github.repo, head, base });
    return pull?.merged ? (pull.mergeCommit ?? null) : null;
  } catch (error) {
    context.emit({ type: 'warning', message: `could not ask GitHub about the pull request of ${head}: ${error instanceof Error ? error.message : String(error)}; proving the landing on the git objects alone.` });
    return null;
  }
}
