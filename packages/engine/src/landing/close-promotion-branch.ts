import { shortSha } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { appendAuditEvents } from '../deploy/append-audit-events.js';
import { branchRef } from '../facts/gather-facts.js';
import type { PendingPromotion } from './pending-promotion.js';

/**
 * Clean up after a promotion whose pull request (number `pull`) was closed without merging:
 * record `promotion-closed` (the branch, the version, the pull request; `sha`: the release
 * commit), then delete the promotion branch here and on the team's remote (with a lease; one
 * GitHub deleted already is left alone). Returns the sentence that says so; a dry run changes
 * nothing and says what it would do.
 *
 * @example
 * ```ts
 * const said = await closePromotionBranch({ context: session, pending, env: 'prod', pull: 12, dryRun: false });
 * ```
 */
export async function closePromotionBranch(options: { context: CliContext; pending: PendingPromotion; env: string; pull: number; dryRun: boolean }): Promise<string> {
  const { context, pending } = options;
  const what = `Pull request #${options.pull} of ${pending.branch} (release ${pending.version} of ${pending.requestIds.join(', ')}) was closed without merging`;
  const ref = branchRef(pending.branch);
  const name = context.policy.remote && context.remote ? context.policy.remote : null;
  if (options.dryRun) return `${what}: would delete ${pending.branch}${name ? ` here and on ${name}` : ''} and record it; nothing to finish (dry run, nothing changed).`;
  await appendAuditEvents({
    context,
    command: 'after-merge',
    fetched: true,
    build: () => [
      {
        type: 'promotion-closed',
        env: options.env,
        requestIds: [...pending.requestIds],
        sha: pending.releaseCommit,
        data: { branch: pending.branch, version: pending.version, pullRequest: options.pull },
      },
    ],
  });
  const local = await context.git.readRef(ref);
  if (local !== null) await context.git.updateRefs([{ ref, expected: local, next: null }], { message: `relctl after-merge: ${pending.branch} closed without merging` });
  let remoteNote = '';
  if (name && context.remote) {
    const tracking = context.remote.trackingRef(name, ref);
    const lease = tracking ? await context.git.readRef(tracking) : null;
    if (lease !== null) {
      try {
        await context.remote.push(name, [{ ref, lease, next: null }]);
        remoteNote = ` and on ${name}`;
      } catch (error) {
        context.emit({ type: 'warning', message: `could not delete ${pending.branch} (${shortSha(lease)}) on ${name}: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }
  return `${what}: deleted ${pending.branch} here${remoteNote} and recorded it; nothing to finish.`;
}
