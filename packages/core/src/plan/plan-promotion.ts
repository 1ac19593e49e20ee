import { RuleDeniedError, UsageError } from '../errors/index.js';
import type { AuditEventDraft } from '../model/audit-event.js';
import type { PromotionDecision } from '../model/decision.js';
import type { Environment } from '../model/environment.js';
import type { Facts } from '../model/facts.js';
import type { PromotionIntent } from '../model/intent.js';
import type { Policy } from '../model/policy.js';
import type { Request, Sha } from '../model/request.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { orderByDependencies } from '../policy/order-by-dependencies.js';
import { closingSteps } from './closing-steps.js';
import { findCandidateToAdopt } from './find-candidate-to-adopt.js';
import { integrationPlan } from './integration-plan.js';
import { mergeMessage } from './merge-message.js';
import type { Plan, PlanStep, RecordStep } from './plan-step.js';
import { createPlanningContext, type PlanningContext } from './planning-context.js';
import { syncAndRebuild } from './sync-and-rebuild.js';
import type { RebuildEntry } from './rebuild-steps.js';
import { requireReleaseTip } from './require-release-tip.js';

/**
 * Options of {@link planPromotion}.
 *
 * @example
 * ```ts
 * const plan = planPromotion({ policy, facts, intent, decision, command: 'promote A C --to prod' });
 * ```
 */
export interface PlanPromotionOptions {
  policy: Policy;
  facts: Facts;
  /** What the person asked for. */
  intent: PromotionIntent;
  /** The rules' verdict on it (from `evaluatePromotion`); its `order` is what gets promoted. */
  decision: PromotionDecision;
  /** The command as typed, for the plan and the log. */
  command: string;
}

const short = (sha: Sha): string => sha.slice(0, 7);

function overrideEvents(decision: PromotionDecision, env: string, promoted: ReadonlySet<string>): AuditEventDraft[] {
  const events: AuditEventDraft[] = [];
  for (const outcome of decision.outcomes) {
    if (outcome.override === undefined || !promoted.has(outcome.requestId)) continue;
    events.push({
      type: 'overridden',
      env,
      requestIds: [outcome.requestId],
      reason: outcome.override.reason,
      data: { rule: outcome.rule },
    });
  }
  return events;
}

/**
 * The promoted event's record of hotfix requests checked against the target's `hotfixRules`
 * (only those promoted now), so `relctl log` and the notes can say the lighter rules were used.
 */
function hotfixRulesData(decision: PromotionDecision, promoted: ReadonlySet<string>): { hotfixRules?: string[] } {
  const ids = (decision.hotfixRules ?? []).filter((id) => promoted.has(id));
  return ids.length > 0 ? { hotfixRules: ids } : {};
}

function promoteIntoIntegration(ctx: PlanningContext, target: Environment, requests: readonly Request[], decision: PromotionDecision, command: string): Plan {
  const members = ctx.state(target.name).members;
  const promoted = new Map(requests.map((request) => [request.id, request]));
  const notes: string[] = [];
  const unchanged = new Set<string>();
  const entries: RebuildEntry[] = members.map((member) => {
    const request = promoted.get(member.requestId);
    if (request !== undefined && request.head === member.sha) {
      unchanged.add(request.id);
      notes.push(`${request.id} is already in ${target.name} at ${short(request.head)}; not merged again.`);
    }
    if (request !== undefined) return { requestId: request.id, sha: request.head, title: request.title };
    const held = ctx.findRequest(member.requestId);
    return { requestId: member.requestId, sha: member.sha, title: held?.title ?? member.requestId };
  });
  // What the log says the environment holds but its branch lost (force-pushed back behind
  // relctl's back): the branch is derived, so it is rebuilt with them, and the event says so.
  const restored = (ctx.state(target.name).missing ?? []).filter((member) => !promoted.has(member.requestId));
  for (const member of restored) {
    entries.push({ requestId: member.requestId, sha: member.sha, title: ctx.findRequest(member.requestId)?.title ?? member.requestId });
    notes.push(`${member.requestId} is in ${target.name} by the audit log but not on ${target.branch} (it was moved back behind relctl); merged again at ${short(member.sha)}.`);
  }
  for (const request of requests) {
    if (!members.some((member) => member.requestId === request.id)) {
      entries.push({ requestId: request.id, sha: request.head, title: request.title });
    }
  }
  const changed = requests.filter((request) => !unchanged.has(request.id));
  if (changed.length === 0 && restored.length === 0) {
    notes.push(`${target.name} (${target.branch}) is already up to date; nothing to do.`);
    return { command, expected: {}, steps: [], notes };
  }
  const shas: Record<string, Sha> = {};
  for (const request of changed) shas[request.id] = request.head;
  for (const member of restored) shas[member.requestId] = member.sha;
  const changedIds = changed.map((request) => request.id);
  const restoredIds = restored.map((member) => member.requestId);
  return integrationPlan({
    ctx,
    env: target,
    entries,
    command,
    events: [
      {
        type: 'promoted',
        env: target.name,
        requestIds: [...changedIds, ...restoredIds],
        data: { ...(restoredIds.length > 0 ? { shas, restored: restoredIds } : { shas }), ...hotfixRulesData(decision, new Set(changedIds)) },
      },
      ...overrideEvents(decision, target.name, new Set(changedIds)),
    ],
    notes,
  });
}

function promoteIntoRelease(ctx: PlanningContext, requests: readonly Request[], decision: PromotionDecision, command: string): Plan {
  const prod = ctx.release;
  const prodRef = ctx.envRef(prod);
  const prodTip = requireReleaseTip(ctx);
  const notes: string[] = [];
  const shipped: Request[] = [];
  for (const request of requests) {
    if (ctx.inRelease(request) !== undefined) {
      notes.push(`${request.id} is already in ${prod.name} at ${short(request.head)}; skipped.`);
    } else shipped.push(request);
  }
  const expected: Record<string, Sha | null> = { [prodRef]: prodTip };
  if (shipped.length === 0) {
    notes.push(`Nothing to release: every request is already in ${prod.name}.`);
    return { command, expected, steps: [], notes };
  }
  const shippedIds = new Set(shipped.map((request) => request.id));
  const steps: PlanStep[] = [];
  const found = findCandidateToAdopt({ facts: ctx.facts, release: prod, decision, shipped, tip: prodTip });
  if (found?.kind === 'skip') notes.push(found.reason);
  const candidate = found?.kind === 'adopt' ? found.approval : undefined;
  for (const request of shipped) {
    expected[ctx.requestRef(request)] = request.head;
    if (candidate !== undefined) continue;
    steps.push({
      kind: 'merge',
      ref: prodRef,
      env: prod.name,
      requestId: request.id,
      sha: request.head,
      message: mergeMessage({ requestId: request.id, title: request.title, env: prod.name }),
    });
  }
  if (candidate === undefined) {
    steps.push({ kind: 'release', ref: prodRef, env: prod.name, requestIds: [...shippedIds] });
  } else {
    steps.push({ kind: 'adopt', ref: prodRef, env: prod.name, requestIds: [...candidate.requestIds], commit: candidate.commit });
    notes.push(
      `Ships approved candidate ${candidate.candidate}: ${prod.branch} fast-forwards to its release commit ${short(candidate.commit)} (same commit, same tree as tested).`,
    );
  }
  steps.push({ kind: 'tag', ref: prodRef });

  // Every other open request gets the release; the integration environments are rebuilt on it.
  const tail = syncAndRebuild({ ctx, shippedIds, baseMoves: true, notes, expected });
  steps.push(...tail.steps);
  expected[AUDIT_LOG_REF] = ctx.logTip;

  const shas: Record<string, Sha> = {};
  for (const request of shipped) shas[request.id] = request.head;
  const records: RecordStep[] = [
    {
      kind: 'record',
      event: {
        type: 'promoted',
        env: prod.name,
        requestIds: [...shippedIds],
        data: {
          ...(candidate === undefined ? { shas } : { shas, candidate: candidate.candidate, commit: candidate.commit, fastForward: true }),
          ...hotfixRulesData(decision, shippedIds),
        },
      },
    },
    {
      kind: 'record',
      event: { type: 'released', env: prod.name, requestIds: [...shippedIds] },
      shaOf: prodRef,
      withRelease: true,
    },
    ...overrideEvents(decision, prod.name, shippedIds).map((event): RecordStep => ({ kind: 'record', event })),
  ];
  records.push(...tail.records);
  const refs = [prodRef, ...tail.refs];
  steps.push(...closingSteps({ ctx, records, refs }));
  return { command, expected, steps, notes };
}

/**
 * Plan a promotion the rules allowed. Requests are taken from `decision.order`, re-ordered so
 * dependencies come first.
 *
 * - Into an integration environment: its current members (in order) plus the new requests; a
 *   request already there at its head is noted and not merged again, one there at an older SHA
 *   is merged again at its head in place. Then the environment is rebuilt (see `planRebuild`).
 * - Into the release environment: requests already there at their head are skipped (noted); the
 *   others are merged in order, then `release` and `tag` — or, when `verified-candidate` holds
 *   and the approved candidate was built on the current release tip from exactly these heads, one
 *   `adopt` step fast-forwards the release branch to the candidate's own release commit (same
 *   commit, same tree), then `tag`; a note says why a matching candidate could not be adopted.
 *   Every other open request is synced
 *   from the release branch (sorted by id); every integration environment based on it is rebuilt
 *   without the shipped requests, merging the synced request heads (`headRef`). Events:
 *   `promoted` (with `data.hotfixRules`: the hotfix requests checked against the target's
 *   `hotfixRules`, when any), `released`, one `overridden` per override applied, `synced`, one rebuild
 *   `promoted` per environment; one `update-refs` with every ref moved; `push` with a remote.
 *
 * @throws RuleDeniedError when `decision.allowed` is false (`data.outcomes`: the failing outcomes).
 * @throws DependencyCycleError when the requests depend on each other in a cycle.
 * @throws NotFoundError when a request does not exist; UsageError for an unknown target.
 * @example
 * ```ts
 * const decision = evaluatePromotion({ policy, facts, intent, rules });
 * const plan = planPromotion({ policy, facts, intent, decision, command: 'promote A C --to prod' });
 * ```
 */
export function planPromotion(options: PlanPromotionOptions): Plan {
  const { intent, decision, command } = options;
  if (!decision.allowed) {
    const failing = decision.outcomes.filter((outcome) => outcome.status === 'fail');
    const reasons = failing.map((outcome) => `${outcome.requestId} ${outcome.rule}: ${outcome.message}`).join('; ');
    throw new RuleDeniedError(`Promotion to ${decision.target} denied (${reasons || decision.denied.join(', ')}); satisfy the rules or override one with a reason.`, {
      target: decision.target,
      denied: [...decision.denied],
      outcomes: failing,
    });
  }
  const ctx = createPlanningContext(options);
  if (decision.target !== intent.target) {
    throw new UsageError(`The decision is for ${decision.target} but the promotion targets ${intent.target}; evaluate the promotion again.`, {
      decision: decision.target,
      intent: intent.target,
    });
  }
  const target = ctx.env(intent.target);
  const order = orderByDependencies({ requests: ctx.facts.requests, ids: decision.order });
  const requests = order.map((id) => ctx.request(id));
  return target.kind === 'release' ? promoteIntoRelease(ctx, requests, decision, command) : promoteIntoIntegration(ctx, target, requests, decision, command);
}
