import { UsageError } from '@relctl/core';
import type { GithubClient, IssueComment, RepositoryName } from './create-github-client.js';

/** Options of {@link upsertMarkedComment}. */
export interface UpsertMarkedCommentOptions extends RepositoryName {
  client: GithubClient;
  /** The pull request (or issue) number. */
  number: number;
  /** A hidden HTML comment (`<!-- … -->`) that names this comment among the others; the body starts with it. */
  marker: string;
  /** Markdown, without the marker. */
  body: string;
  /** Only say what would be done: read the comments, write nothing. */
  dryRun?: boolean;
}

/** What {@link upsertMarkedComment} did (or would do, on a dry run). */
export interface UpsertMarkedCommentResult {
  /** `created`: a new comment; `updated`: the marked one was edited; `unchanged`: it already said this. */
  action: 'created' | 'updated' | 'unchanged';
  /** The marked comment as it is now; `null` only for a dry run that would create it. */
  comment: IssueComment | null;
  /** The full body, marker first. */
  body: string;
}

const MARKER = /^<!--[^\n]*?-->$/;

/**
 * Keep ONE comment with this marker on a pull request, the way the changesets bot keeps its
 * comment: find the first comment whose body starts with `marker`, create it when there is none,
 * edit it only when its body differs (so an unchanged body makes no write and no notification).
 * Comments whose body merely contains the marker further down are not ours and are left alone.
 *
 * @example
 * ```ts
 * const { action, comment } = await upsertMarkedComment({ client, owner: 'acme', repo: 'shop', number: 12, marker: '<!-- relctl-release-notes -->', body: notes.markdown });
 * console.log(action, comment?.url);
 * ```
 */
export async function upsertMarkedComment(options: UpsertMarkedCommentOptions): Promise<UpsertMarkedCommentResult> {
  const { client, owner, repo, number, marker } = options;
  if (!MARKER.test(marker)) {
    throw new UsageError(`The comment marker must be one hidden HTML comment like "<!-- relctl-release-notes -->" (got ${JSON.stringify(marker.slice(0, 80))}).`, {
      marker: marker.slice(0, 80),
    });
  }
  const body = `${marker}\n${options.body}`;
  const comments = await client.listIssueComments({ owner, repo, number });
  const marked = comments.find((comment) => comment.body.startsWith(marker));
  if (marked === undefined) {
    if (options.dryRun === true) return { action: 'created', comment: null, body };
    return { action: 'created', comment: await client.createIssueComment({ owner, repo, number, body }), body };
  }
  // GitHub stores a body as given; compare without line-ending differences a browser edit may add.
  if (marked.body.replace(/\r\n/g, '\n') === body) return { action: 'unchanged', comment: marked, body };
  if (options.dryRun === true) return { action: 'updated', comment: marked, body };
  return { action: 'updated', comment: await client.updateIssueComment({ owner, repo, commentId: marked.id, body }), body };
}
