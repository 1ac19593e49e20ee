import { StateError } from '../errors/index.js';
import { lifecycleFromEvents } from '../facts/lifecycle-from-events.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Sha } from '../model/request.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { closingSteps } from './closing-steps.js';
import type { Plan, PlanStep } from './plan-step.js';
import { createPlanningContext } from './planning-context.js';
import { requireReleaseTip } from './require-release-tip.js';

/**
 * Options of {@link planReship}.
 *
 * @example
 * ```ts
 * const plan = planReship({ policy, facts, requestId: 'A', revertCommit: '1a2b3c4d…', changeset: '---\nbump: minor\n---\n\nCSV export\n', command: 'request reship A' });
 * ```
 */
export interface PlanReshipOptions {
  policy: Policy;
  facts: Facts;
  requestId: string;
  /** The commit on the release branch that reverted the request (`relctl revert`'s revert commit), found by the shell. */
  revertCommit: Sha;
  /** The request's changeset as the release that shipped it consumed it (`null`: it had none). */
  changeset: string | null;
  command: string;
}

/**
 * Plan preparing a reverted request to ship again, in one transaction on its branch:
 *
 * 1. fast-forward the request branch to the production tip (its head is an ancestor of it), so
 *    the branch holds the revert;
 * 2. revert the revert commit (`git revert <revert>`): the branch brings the request's change back;
 * 3. restore `.changeset/<id>.md` as the shipped release consumed it (production's release and
 *    the sync that followed deleted it);
 * 4. record `reshipped`, move the branch and push.
 *
 * Then the ordinary path applies: promote to test, approve, promote to production.
 *
 * @throws NotFoundError when the request does not exist.
 * @throws StateError when it is closed, not reverted, already prepared, or its branch moved after
 *   what production reverted.
 * @example
 * ```ts
 * const plan = planReship({ policy, facts, requestId: 'A', revertCommit, changeset, command: 'request reship A' });
 * describePlan(plan); // ['start req/A from main', 'revert 1a2b3c4 on req/A (as git revert)', 'commit "…" on req/A (.changeset/A.md)', …]
 * ```
 */
export function planReship(options: PlanReshipOptions): Plan {
  const { requestId: id, command } = options;
  const ctx = createPlanningContext(options);
  const request = ctx.request(id);
  const life = lifecycleFromEvents({ events: ctx.facts.events, releaseEnv: ctx.release.name }).get(id);
  if (life?.closed !== undefined) {
    throw new StateError(`Request ${id} is closed; reopen it with "relctl request reopen ${id}" first.`, { requestId: id });
  }
  if (life?.reverted === undefined) {
    throw new StateError(`Request ${id} is not reverted in ${ctx.release.name}; "request reship" prepares a request that "relctl revert" took out to ship again.`, {
      requestId: id,
    });
  }
  if (life.reverted.reshipped === true) {
    throw new StateError(`Request ${id} is already prepared to ship again; promote it: "relctl promote ${id} --to <env>".`, { requestId: id });
  }
  // The branch must be where production had it: its head is the one the revert took out.
  if (life.reverted.sha !== undefined && life.reverted.sha !== request.head) {
    throw new StateError(
      `${request.branch} moved after ${ctx.release.name} reverted it (its head ${request.head.slice(0, 7)} is not what shipped); bring the change back by hand: "git revert ${options.revertCommit.slice(0, 7)}" on the branch.`,
      { requestId: id, head: request.head },
    );
  }
  const prodRef = ctx.envRef(ctx.release);
  const requestRef = ctx.requestRef(request);
  const notes: string[] = [];
  const steps: PlanStep[] = [
    { kind: 'reset', ref: requestRef, to: { ref: prodRef } },
    {
      kind: 'revert',
      ref: requestRef,
      env: ctx.release.name,
      requestId: id,
      commit: options.revertCommit,
      plain: true,
      message: `Ship ${id} again: revert its revert\n\nThis reverts commit ${options.revertCommit},\nwhich took request ${id} out of ${ctx.release.name}.\n`,
    },
  ];
  if (options.changeset === null) notes.push(`${id} shipped without a changeset; add .changeset/${id}.md to ${request.branch} if its release needs a note.`);
  else steps.push({ kind: 'commit-files', ref: requestRef, files: { [`.changeset/${id}.md`]: options.changeset }, message: `Restore the changeset of ${id} to ship it again` });
  const data: Record<string, unknown> = { revert: options.revertCommit };
  if (life.reverted.mergeCommit !== undefined) data['mergeCommit'] = life.reverted.mergeCommit;
  steps.push(...closingSteps({ ctx, records: [{ kind: 'record', event: { type: 'reshipped', requestIds: [id], data }, shaOf: requestRef }], refs: [requestRef] }));
  return {
    command,
    expected: { [requestRef]: request.head, [prodRef]: requireReleaseTip(ctx), [AUDIT_LOG_REF]: ctx.logTip },
    steps,
    notes,
  };
}
