import type { Sha } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { githubRepository } from '../shared/promotion-pull-request.js';

/**
 * How a promotion's pull request stands on GitHub: its number, whether it is open, and whether
 * it was merged and as which commit (`merge_commit_sha`: the merge commit, the squash commit or the
 * last rebased commit).
 *
 * @example
 * ```ts
 * const pull: PromotionPullState = { number: 1, open: false, merged: true, mergeCommit: '5d41402a…' };
 * ```
 */
export interface PromotionPullState {
  number: number;
  open: boolean;
  merged: boolean;
  mergeCommit: Sha | null;
}

/**
 * The newest pull request of the promotion branch `head` into `base` on GitHub, when a GitHub
 * token and repository are known; `null` otherwise (or when there is none). A failing API call is
 * a `warning` event and `null`: the proof on git objects does not need it.
 *
 * @example
 * ```ts
 * const pull = await promotionPullState(session, 'relctl-promote/1.1.0', 'main');
 * if (pull?.merged) console.log(pull.mergeCommit);
 * ```
 */
export async function promotionPullState(context: CliContext, head: string, base: string): Promise<PromotionPullState | null> {
  const github = await githubRepository(context);
  if (github === null) return null;
  try {
    const pull = await github.client.findLatestPullRequest({ owner: github.owner, repo: github.repo, head, base });
    return pull ? { number: pull.number, open: pull.state === 'open', merged: pull.merged, mergeCommit: pull.mergeCommit } : null;
  } catch (error) {
    context.emit({
      type: 'warning',
      message: `could not ask GitHub about the pull request of ${head}: ${error instanceof Error ? error.message : String(error)}; proving the landing on the git objects alone.`,
    });
    return null;
  }
}
