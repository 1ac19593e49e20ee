import { ConfigError, NotFoundError, UsageError, type AuditEvent } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { remoteUrl } from '../context/remote-url.js';
import { releaseEnvironment } from '../facts/gather-facts.js';
import { createGithubClient, type GithubClient, type PullRequest } from '../github/create-github-client.js';
import { readGithubSettings } from '../github/read-github-settings.js';
import { upsertMarkedComment } from '../github/upsert-marked-comment.js';
import { readFromRemote } from '../shared/read-from-remote.js';
import { previewNotes, type PreviewNotesResult } from './preview-notes.js';

/**
 * The hidden marker that names relctl's release-notes comment on a pull request.
 *
 * @example
 * ```ts
 * const ours = comments.find((comment) => comment.body.startsWith(RELEASE_NOTES_MARKER));
 * ```
 */
export const RELEASE_NOTES_MARKER = '<!-- relctl-release-notes -->';

/**
 * Options of {@link commentPromotionNotes}.
 *
 * @example
 * ```ts
 * const options: CommentPromotionNotesOptions = { session, pullRequest: 12 };
 * const byBranches: CommentPromotionNotesOptions = { session, pullRequest: { head: 'relctl-promote/1.4.0', base: 'main' }, dryRun: true };
 * ```
 */
export interface CommentPromotionNotesOptions {
  /**
   * An open session (see `openSession`). GitHub is reached as `promote --via-pr` reaches it, from
   * the session's environment: the token from `RELCTL_GIT_TOKEN`, `GITHUB_TOKEN` or `GH_TOKEN`,
   * the repository from `RELCTL_GITHUB_REPOSITORY`, the remote URL or `GITHUB_REPOSITORY`, the API
   * from `RELCTL_GITHUB_API_URL` or `GITHUB_API_URL`.
   */
  session: CliContext;
  /** The promotion pull request: its number, or the branches of the open one (`head` into `base`). */
  pullRequest: number | { head: string; base: string };
  /** The hidden HTML comment that names the comment; default {@link RELEASE_NOTES_MARKER}. */
  marker?: string;
  /**
   * The token to use instead of the session environment's, and what to call it in error messages
   * (a GitHub Action passes its `github-token` input). Never printed.
   */
  token?: { value: string; variable: string };
  /** Compute the notes and read the comments, write nothing. */
  dryRun?: boolean;
}

/**
 * What {@link commentPromotionNotes} did.
 *
 * @example
 * ```ts
 * const { action, comment }: CommentPromotionNotesResult = await commentPromotionNotes({ session, pullRequest: 12 });
 * if (action !== 'skipped') console.log(comment?.url);
 * ```
 */
export interface CommentPromotionNotesResult {
  /** See {@link PromotionNotesCommentEvent}: `created`, `updated`, `unchanged` or `skipped`. */
  action: 'created' | 'updated' | 'unchanged' | 'skipped';
  /** Why nothing was written (`skipped`); `null` otherwise. */
  reason: string | null;
  pullRequest: PullRequest;
  /** The requests the promotion branch holds, as the audit log recorded them (empty when skipped). */
  requestIds: string[];
  /** The marked comment (`null` when skipped, or for a dry run that would create it). */
  comment: { id: number; url: string } | null;
  /** The comment's full body, marker first (`null` when skipped). */
  body: string | null;
  /** The notes, exactly as `relctl notes <ids…>` computes them (`null` when skipped). */
  notes: PreviewNotesResult | null;
  dryRun: boolean;
}

/**
 * Keep ONE comment with the release notes of a promotion pull request up to date, like the
 * changesets bot: the notes are those `relctl notes <ids…>` writes for the requests the promotion
 * branch holds (the `promoted` event `promote --via-pr` recorded for that branch); the comment,
 * found by its hidden marker, is created once and edited on a later run only when its body
 * changed. A pull request that is closed, goes elsewhere than the production branch, or has a head
 * relctl did not prepare is skipped with a reason. A request that moved since the promotion
 * branch was prepared is reported as a `warning` (the notes show its new head; promote again to
 * ship it). Reports one `promotion-notes-comment` event.
 *
 * @throws ConfigError without a GitHub token or repository; NotFoundError when no such pull request is open; the GitHub client's errors otherwise.
 * @example
 * ```ts
 * const session = await openSession({ cwd: repoDir, onEvent: (event) => console.log(event) });
 * try {
 *   const { action, comment } = await commentPromotionNotes({ session, pullRequest: 12 });
 *   console.log(action, comment?.url); // created https://github.com/acme/shop/pull/12#issuecomment-1
 * } finally {
 *   session.close();
 * }
 * ```
 */
export async function commentPromotionNotes(options: CommentPromotionNotesOptions): Promise<CommentPromotionNotesResult> {
  const context = options.session;
  const dryRun = options.dryRun === true;
  const { client, owner, repo } = github(context, options.token);
  const pull = await findPull(client, owner, repo, options.pullRequest);
  const prod = releaseEnvironment(context.policy);
  const skip = (reason: string): CommentPromotionNotesResult => {
    context.emit({ type: 'promotion-notes-comment', action: 'skipped', number: pull.number, url: null, reason, dryRun });
    return { action: 'skipped', reason, pullRequest: pull, requestIds: [], comment: null, body: null, notes: null, dryRun };
  };
  if (pull.state !== 'open') return skip(`pull request #${pull.number} is closed`);
  if (pull.base !== prod.branch) return skip(`pull request #${pull.number} goes into ${pull.base}, not the production branch ${prod.branch}`);
  await readFromRemote(context);
  const promotion = promotionOfBranch(await context.log.read(), prod.name, pull.head);
  if (promotion === null) return skip(`${pull.head} is not a promotion branch relctl prepared (no "promote --via-pr" into ${prod.name} recorded for it)`);

  const notes = await previewNotes({ session: context, requestIds: promotion.requestIds, to: prod.name });
  for (const going of notes.going) {
    const prepared = promotion.shas[going.id];
    if (prepared !== undefined && prepared !== going.sha) {
      context.emit({
        type: 'warning',
        message: `${going.id} moved since ${pull.head} was prepared (${prepared.slice(0, 7)}, now ${going.sha.slice(0, 7)}); the notes show its new head; run "relctl promote ${promotion.requestIds.join(' ')} --to ${prod.name} --via-pr" to ship it.`,
      });
    }
  }
  const marker = options.marker ?? RELEASE_NOTES_MARKER;
  const upserted = await upsertMarkedComment({ client, owner, repo, number: pull.number, marker, body: notes.notes.markdown, dryRun });
  const comment = upserted.comment === null ? null : { id: upserted.comment.id, url: upserted.comment.url };
  context.emit({ type: 'promotion-notes-comment', action: upserted.action, number: pull.number, url: comment?.url ?? null, reason: null, dryRun });
  return { action: upserted.action, reason: null, pullRequest: pull, requestIds: promotion.requestIds, comment, body: upserted.body, notes, dryRun };
}

/** A GitHub client for the session's repository; refuses without a token or a repository. */
function github(context: CliContext, given: CommentPromotionNotesOptions['token']): { client: GithubClient; owner: string; repo: string } {
  const url = context.policy.remote ? (remoteUrl(context.repo.commonDir, context.policy.remote) ?? null) : null;
  const settings = readGithubSettings({ env: context.io.env, remoteUrl: url });
  const token = given && given.value.trim() !== '' ? { value: given.value.trim(), variable: given.variable } : settings.token;
  if (token === null) {
    throw new ConfigError(
      'No GitHub token: set GITHUB_TOKEN (or RELCTL_GIT_TOKEN) to a token that may write pull requests (in GitHub Actions: permissions: pull-requests: write).',
      {
        issues: [{ path: 'GITHUB_TOKEN', message: 'not set' }],
      },
    );
  }
  if (settings.repository === null) {
    throw new ConfigError('No GitHub repository: the remote URL is not on GitHub; set GITHUB_REPOSITORY (or RELCTL_GITHUB_REPOSITORY) to "owner/repo".', {
      issues: [{ path: 'GITHUB_REPOSITORY', message: 'not set' }],
    });
  }
  const client = createGithubClient({ apiUrl: settings.apiUrl, token, warn: (message) => context.emit({ type: 'warning', message }) });
  return { client, owner: settings.repository.owner, repo: settings.repository.repo };
}

async function findPull(
  client: GithubClient,
  owner: string,
  repo: string,
  wanted: CommentPromotionNotesOptions['pullRequest'],
): Promise<PullRequest & { state: 'open' | 'closed' }> {
  if (typeof wanted === 'number') {
    if (!Number.isSafeInteger(wanted) || wanted < 1)
      throw new UsageError(`A pull request number is a positive whole number (got ${String(wanted)}).`, { pullRequest: String(wanted) });
    return client.getPullRequest({ owner, repo, number: wanted });
  }
  const open = await client.findOpenPullRequest({ owner, repo, head: wanted.head, base: wanted.base });
  if (open === null) {
    throw new NotFoundError(`${owner}/${repo} has no open pull request from ${wanted.head} into ${wanted.base}; open it with "relctl promote <ids…> --to <env> --via-pr".`, {
      head: wanted.head,
      base: wanted.base,
    });
  }
  return { ...open, state: 'open' };
}

/**
 * The newest `promote --via-pr` into `env` the audit log records for `branch` (events oldest
 * first): the requests it merged and their heads then; `null` when none (or the newest was closed
 * without merging).
 */
function promotionOfBranch(events: readonly AuditEvent[], env: string, branch: string): { requestIds: string[]; shas: Record<string, string> } | null {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index];
    if (event === undefined || event.env !== env || event.data?.['branch'] !== branch) continue;
    if (event.type === 'promotion-closed') return null;
    if (event.type !== 'promoted' || event.data['viaPr'] !== true) continue;
    const shas: Record<string, string> = {};
    const recorded = event.data['shas'];
    if (recorded !== null && typeof recorded === 'object') {
      for (const [id, sha] of Object.entries(recorded as Record<string, unknown>)) if (typeof sha === 'string') shas[id] = sha;
    }
    return { requestIds: [...(event.requestIds ?? [])], shas };
  }
  return null;
}
