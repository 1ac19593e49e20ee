/**
 * `commentPromotionNotes`: the release-notes comment of promotion pull request `number` was
 * created, edited (`updated`), found saying the same already (`unchanged`), or not written because
 * the pull request is not a promotion relctl prepared (`skipped`, `reason` says why). `dryRun`:
 * nothing was written; `action` is what a real run would do.
 *
 * @example
 * ```ts
 * const event: PromotionNotesCommentEvent = { type: 'promotion-notes-comment', action: 'updated', number: 12, url: 'https://github.com/acme/shop/pull/12#issuecomment-7', reason: null, dryRun: false };
 * ```
 */
export interface PromotionNotesCommentEvent {
  type: 'promotion-notes-comment';
  action: 'created' | 'updated' | 'unchanged' | 'skipped';
  /** The pull request's number. */
  number: number;
  /** The comment's page; `null` when skipped, or for a dry run that would create it. */
  url: string | null;
  /** Why it was skipped; `null` otherwise. */
  reason: string | null;
  dryRun: boolean;
}
