import { Trailer, parseTrailers, type Approval, type Environment, type Facts } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { remoteUrl } from '../context/remote-url.js';
import { branchRef } from '../facts/gather-facts.js';
import type { GithubClient, PullRequest, PullReview } from '../github/index.js';
import { readGithubSettings } from '../github/read-github-settings.js';

/** The open pull request of a promotion on GitHub, and how to talk to GitHub about it. */
export interface PromotionPullRequest {
  client: GithubClient;
  owner: string;
  repo: string;
  /** `relctl-promote/<version>`. */
  branch: string;
  /** The open pull request from `branch` into the production branch, or `null` before it is opened. */
  pull: PullRequest | null;
}

/** The status context relctl sets on a promotion pull request's head: what branch protection can require. */
export const RULES_STATUS = 'relctl/rules';

/**
 * The promotion pull request a `--via-pr` promotion of `ids` uses (`relctl-promote/<version>`
 * into the production branch), when a GitHub token and repository are known; `null` otherwise
 * (no review can be read then).
 */
export async function findPromotionPullRequest(context: CliContext, facts: Facts, ids: readonly string[], prod: Environment): Promise<PromotionPullRequest | null> {
  const github = await githubRepository(context);
  if (github === null) return null;
  const tip = facts.environments.find((env) => env.name === prod.name)?.tip ?? null;
  if (tip === null) return null;
  const requests = ids.flatMap((id) => facts.requests.filter((request) => request.id === id).map((request) => ({ id, head: request.head })));
  const { previewRelease } = await import('@relctl/release-notes');
  const preview = await previewRelease({ git: context.git, commit: tip, requests, tagPrefix: context.policy.tagPrefix });
  const branch = `relctl-promote/${preview.version}`;
  const pull = await github.client.findOpenPullRequest({ owner: github.owner, repo: github.repo, head: branch, base: prod.branch });
  return { ...github, branch, pull };
}

/** A GitHub client for the team's repository, when a token and the repository are known (no request is made). */
export async function githubRepository(context: CliContext): Promise<{ client: GithubClient; owner: string; repo: string } | null> {
  const url = context.policy.remote ? (remoteUrl(context.repo.commonDir, context.policy.remote) ?? null) : null;
  const settings = readGithubSettings({ env: context.io.env, remoteUrl: url });
  if (settings.token === null || settings.repository === null || context.policy.remote === null) return null;
  const { createGithubClient } = await import('../github/index.js');
  const client = createGithubClient({ apiUrl: settings.apiUrl, token: settings.token, warn: (message) => context.emit({ type: 'warning', message }) });
  return { client, owner: settings.repository.owner, repo: settings.repository.repo };
}

/**
 * Approvals from GitHub reviews of the promotion pull request: a reviewer whose latest review
 * (approve, request changes or dismissed) approves the pull request's current head approves, for
 * the production environment, every request head that head merges (`Relctl-Request` merges down
 * to the production tip). GitHub authenticated the reviewer, so the approval counts as
 * `github:<login>` (name it so in `by:` of the `approved` rule), verified, also where signatures
 * are required.
 */
export async function reviewApprovals(context: CliContext, found: PromotionPullRequest, prod: Environment): Promise<Approval[]> {
  const { pull } = found;
  if (pull === null) return [];
  const reviews = await found.client.listReviews({ owner: found.owner, repo: found.repo, number: pull.number });
  const latest = new Map<string, PullReview>();
  for (const review of reviews) if (['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'].includes(review.state) && review.user !== '') latest.set(review.user, review);
  const approving = [...latest.values()].filter((review) => review.state === 'APPROVED' && review.commitId === pull.headSha);
  if (approving.length === 0) return [];
  const tip = await context.git.readRef(branchRef(prod.branch));
  let history;
  try {
    history = await context.git.firstParentHistory(pull.headSha, { ...(tip === null ? {} : { until: tip }), limit: 200 });
  } catch {
    context.emit({ type: 'warning', message: `the head ${pull.headSha.slice(0, 7)} of pull request #${pull.number} is not here; fetch it to count its reviews.` });
    return [];
  }
  const merged: Array<{ id: string; sha: string }> = [];
  for (const commit of history) {
    const second = commit.parents[1];
    if (commit.parents.length !== 2 || second === undefined) continue;
    const id = Object.entries(parseTrailers(commit.message))
      .find(([key]) => key.toLowerCase() === Trailer.request.toLowerCase())?.[1]
      ?.at(-1);
    if (id !== undefined) merged.push({ id, sha: second });
  }
  return approving.flatMap((review) =>
    merged.map(({ id, sha }) => ({
      requestId: id,
      env: prod.name,
      sha,
      by: `github:${review.user}`,
      at: review.submittedAt === null ? 0 : Date.parse(review.submittedAt),
      signature: { status: 'verified' as const, signer: `github:${review.user}` },
    })),
  );
}
