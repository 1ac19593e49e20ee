import type { GithubClient, PullRequest, RepositoryName } from './create-github-client.js';

/** Options of {@link openPullRequest}. */
export interface OpenPullRequestOptions extends RepositoryName {
  client: GithubClient;
  /** Branch to merge into (the production branch). */
  base: string;
  /** Branch holding the change (the promotion branch, in the same repository). */
  head: string;
  title: string;
  /** Markdown. */
  body: string;
}

/** What {@link openPullRequest} did. */
export interface OpenPullRequestResult {
  /** `created`: a new pull request; `updated`: the open one got the new title/body; `unchanged`: it already had them. */
  action: 'created' | 'updated' | 'unchanged';
  pullRequest: PullRequest;
}

/**
 * Make sure one open pull request from `head` into `base` exists with this title and body: update
 * the open one when there is one (so running a promotion again refreshes its notes), else open it.
 *
 * @example
 * ```ts
 * const { action, pullRequest } = await openPullRequest({ client, owner: 'acme', repo: 'shop', base: 'main', head: 'relctl-promote/1.4.0', title: 'Release 1.4.0', body });
 * console.log(`${action} ${pullRequest.url}`);
 * ```
 */
export async function openPullRequest(options: OpenPullRequestOptions): Promise<OpenPullRequestResult> {
  const { client, owner, repo, base, head, title, body } = options;
  const open = await client.findOpenPullRequest({ owner, repo, head, base });
  if (open === null) {
    return { action: 'created', pullRequest: await client.createPullRequest({ owner, repo, head, base, title, body }) };
  }
  if (open.title === title && open.body === body) return { action: 'unchanged', pullRequest: open };
  return { action: 'updated', pullRequest: await client.updatePullRequest({ owner, repo, number: open.number, title, body }) };
}
