import { NotFoundError, StateError } from '../errors/index.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Sha } from '../model/request.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { closingSteps } from './closing-steps.js';
import type { Plan, PlanStep, RecordStep } from './plan-step.js';
import { createPlanningContext } from './planning-context.js';
import type { RebuildEntry } from './rebuild-steps.js';
import { rebuildDownstream } from './rebuild-downstream.js';
import { requireReleaseTip } from './require-release-tip.js';

/**
 * Options of {@link planRevert}.
 *
 * @example
 * ```ts
 * const plan = planRevert({ policy, facts, requestId: 'A', reason: 'breaks checkout', command: 'revert A' });
 * ```
 */
export interface PlanRevertOptions {
  policy: Policy;
  facts: Facts;
  /** The shipped request to take out of the release environment. */
  requestId: string;
  /** Why (recorded on the `reverted` event and in the revert commit message). */
  reason?: string;
  /** The command as typed, for the plan and the log. */
  command: string;
}

const short = (sha: Sha): string => sha.slice(0, 7);
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * Plan taking a shipped request out of the release environment without rewriting it:
 *
 * 1. `revert` its merge commit on the release branch (what `git revert -m 1 <merge>` does);
 * 2. `commit-files` a synthetic changeset `.changeset/<id>.md` (`bump: patch`, note
 *    `Revert <id>: <title>`), so the release that follows bumps the patch version and its
 *    changelog entry names the revert — the release port needs nothing new;
 * 3. `release` of exactly that request and `tag`;
 * 4. every integration environment built (directly or through another) on the release
 *    environment is rebuilt on the new tip with the requests it holds now, at the SHAs it holds
 *    (a request still in its set stays there and is merged again on top; the plan notes it);
 * 5. events `reverted` (reason, the merge commit, version and tag) and `released`, one rebuild
 *    `promoted` per environment, then one `update-refs` and a `push` when there is a remote.
 *
 * @throws NotFoundError when the request does not exist, or the release environment holds it
 *   without a merge commit relctl can revert.
 * @throws StateError when the release environment does not hold the request, or its branch does not exist.
 * @example
 * ```ts
 * const plan = planRevert({ policy, facts, requestId: 'A', reason: 'breaks checkout', command: 'revert A' });
 * describePlan(plan); // ['revert A on main (merge 1a2b3c4)', 'commit "…" on main (.changeset/A.md)', 'release A on main …', …]
 * ```
 */
export function planRevert(options: PlanRevertOptions): Plan {
  const { requestId, command } = options;
  const ctx = createPlanningContext(options);
  const request = ctx.request(requestId);
  const prod = ctx.release;
  const prodRef = ctx.envRef(prod);
  const prodTip = requireReleaseTip(ctx);
  const member = ctx.state(prod.name).members.find((item) => item.requestId === requestId);
  if (member === undefined) {
    throw new StateError(
      `Request ${requestId} is not in ${prod.name}, so there is nothing to revert; to take it off an integration environment use \`relctl demote ${requestId} --from <env>\`.`,
      { requestId, env: prod.name },
    );
  }
  const mergeCommit = member.mergeCommit;
  if (mergeCommit === undefined) {
    throw new NotFoundError(
      `${prod.branch} holds request ${requestId} (${short(member.sha)}) but no relctl merge of it was found in its first-parent history; revert it by hand with \`git revert\`.`,
      { requestId, env: prod.name, sha: member.sha },
    );
  }
  const title = oneLine(request.title) || requestId;
  const reason = options.reason === undefined ? undefined : oneLine(options.reason);
  const note = `Revert ${requestId}: ${title}`;
  const notes: string[] = [];
  const expected: Record<string, Sha | null> = { [prodRef]: prodTip };
  const steps: PlanStep[] = [
    {
      kind: 'revert',
      ref: prodRef,
      env: prod.name,
      requestId,
      commit: mergeCommit,
      message: `${note}\n\nThis reverts merge commit ${mergeCommit},\nwhich brought request ${requestId} into ${prod.name}.${reason ? `\n\nReason: ${reason}` : ''}\n`,
    },
    {
      kind: 'commit-files',
      ref: prodRef,
      files: { [`.changeset/${requestId}.md`]: `---\nbump: patch\n---\n\n${note}\n` },
      message: `Changeset for the revert of ${requestId}`,
    },
    { kind: 'release', ref: prodRef, env: prod.name, requestIds: [requestId] },
    { kind: 'tag', ref: prodRef },
  ];

  const downstream = rebuildDownstream({
    ctx,
    from: prod,
    // Each environment keeps the requests it holds, at the SHAs it holds (a revert ships nothing).
    entriesFor: (env, state) => {
      const entries: RebuildEntry[] = state.members.map((held) => ({
        requestId: held.requestId,
        sha: held.sha,
        title: ctx.findRequest(held.requestId)?.title ?? held.requestId,
      }));
      if (entries.some((entry) => entry.requestId === requestId)) {
        notes.push(
          `${requestId} is still in ${env.name}'s set: it stays there, merged again on the new ${prod.branch}; a merge brings back only its commits after ${short(member.sha)}, so add new commits to ${request.branch} to bring the reverted code back.`,
        );
      }
      return { entries, removed: [] };
    },
    baseMoves: true,
    notes,
    expected,
  });
  steps.push(...downstream.steps);
  expected[AUDIT_LOG_REF] = ctx.logTip;

  const reverted: RecordStep = {
    kind: 'record',
    event: {
      type: 'reverted',
      env: prod.name,
      requestIds: [requestId],
      data: { mergeCommit, sha: member.sha, title },
      ...(reason ? { reason } : {}),
    },
    shaOf: prodRef,
    withRelease: true,
  };
  const records: RecordStep[] = [
    reverted,
    {
      kind: 'record',
      event: { type: 'released', env: prod.name, requestIds: [requestId], data: { revert: mergeCommit } },
      shaOf: prodRef,
      withRelease: true,
    },
    ...downstream.records,
  ];
  const refs = [prodRef, ...downstream.rebuilt.map((env) => ctx.envRef(env))];
  steps.push(...closingSteps({ ctx, records, refs }));
  return { command, expected, steps, notes };
}
