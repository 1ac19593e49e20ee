import { StateError, UsageError } from '../errors/index.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';
import type { Sha } from '../model/request.js';
import { AUDIT_LOG_REF } from '../ports/audit-log-port.js';
import { closingSteps } from './closing-steps.js';
import type { Plan, PlanStep, RecordStep } from './plan-step.js';
import { createPlanningContext } from './planning-context.js';
import { syncAndRebuild } from './sync-and-rebuild.js';

/**
 * A release commit that reached the release branch through a pull request (`promote --via-pr`)
 * and is not tagged yet: the commit relctl wrote with the trailers `Relctl-Release` and
 * `Relctl-Requests`.
 *
 * @example
 * ```ts
 * const landed: LandedRelease = { commit: '2c26b46b…', parent: '9f86d081…', version: '1.4.0', requestIds: ['A', 'C'] };
 * ```
 */
export interface LandedRelease {
  /** The release commit; reachable from the release branch tip (fast-forward or merge commit). */
  commit: Sha;
  /** Its first parent: the promotion branch after the merges, where the release was cut. */
  parent: Sha;
  /** The version of its `Relctl-Release` trailer. */
  version: string;
  /** The requests of its `Relctl-Requests` trailer, in release order. */
  requestIds: string[];
  /**
   * The request heads the promotion merged, by request id, when known: recorded with the release
   * (`data.shipped`), so production holds them even when `commit` does not contain them (a
   * squashed or rebased pull request).
   */
  heads?: Record<string, Sha>;
}

/**
 * Options of {@link planAfterMerge}.
 *
 * @example
 * ```ts
 * const plan = planAfterMerge({ policy, facts, landed, command: 'after-merge' });
 * ```
 */
export interface PlanAfterMergeOptions {
  policy: Policy;
  /** Facts read after the pull request was merged (the release branch tip contains `landed.commit`). */
  facts: Facts;
  landed: LandedRelease;
  /** The command as typed, for the plan and the log. */
  command: string;
}

/**
 * Scratch ref on which the release is recomputed for its tag (never moved: it is in no
 * `update-refs`). The runner's `tag` step tags the working tip of a ref with the last
 * release's notes, so the plan recomputes the release on `landed.parent` and then points this
 * ref at `landed.commit`.
 */
const LANDED_RELEASE_REF = 'refs/relctl/landed-release';

const short = (sha: Sha): string => sha.slice(0, 7);

/**
 * Plan the end of a promotion whose pull request was merged into the release branch — what
 * `planPromotion` does after the release commit: tag the release commit, sync every open request
 * from the release branch (sorted by id), rebuild every integration environment based on it
 * without the shipped requests (merging the synced request heads), record `released`
 * (`data.viaPr`, and `data.shipped` — the landed commit and the request heads — when `landed.heads` is known), `synced` and one rebuild `promoted` per environment, then one `update-refs` and
 * a `push` with a remote. The release branch itself does not move.
 *
 * The tag gets the notes of the release as relctl computes them: `release` on
 * `refs/relctl/landed-release` reset to `landed.parent` (the commit written there is thrown
 * away), then that ref reset to `landed.commit` and tagged. The shell checks first that the
 * commit is not tagged yet (which makes running it twice a no-op).
 *
 * @throws StateError when the release branch does not exist.
 * @throws UsageError when `landed` names no request.
 * @example
 * ```ts
 * const plan = planAfterMerge({
 *   policy, facts, command: 'after-merge',
 *   landed: { commit: release.sha, parent: release.parents[0], version: '1.4.0', requestIds: ['A', 'C'] },
 * });
 * ```
 */
export function planAfterMerge(options: PlanAfterMergeOptions): Plan {
  const { landed, command } = options;
  const ctx = createPlanningContext(options);
  if (landed.requestIds.length === 0) {
    throw new UsageError(`The release commit ${short(landed.commit)} names no request; it was not made by relctl promote --via-pr.`, {
      commit: landed.commit,
    });
  }
  const prod = ctx.release;
  const prodRef = ctx.envRef(prod);
  const prodTip = ctx.state(prod.name).tip;
  if (prodTip === null) {
    throw new StateError(`The ${prod.name} branch ${prod.branch} does not exist; fetch it or run \`relctl init\` first.`, {
      env: prod.name,
      branch: prod.branch,
    });
  }
  const shippedIds = new Set(landed.requestIds);
  const notes: string[] = [
    `Release ${landed.version} (${short(landed.commit)}) of ${landed.requestIds.join(', ')} is on ${prod.name}; its notes are recomputed on ${LANDED_RELEASE_REF} (nothing is committed there) for the tag.`,
  ];
  const expected: Record<string, Sha | null> = { [prodRef]: prodTip };
  const steps: PlanStep[] = [
    { kind: 'reset', ref: LANDED_RELEASE_REF, to: { sha: landed.parent } },
    { kind: 'release', ref: LANDED_RELEASE_REF, env: prod.name, requestIds: [...landed.requestIds] },
    { kind: 'reset', ref: LANDED_RELEASE_REF, to: { sha: landed.commit } },
    { kind: 'tag', ref: LANDED_RELEASE_REF },
  ];

  // The release branch does not move here: a rebuild may keep merges already on its tip.
  const tail = syncAndRebuild({ ctx, shippedIds, baseMoves: false, notes, expected });
  steps.push(...tail.steps);
  expected[AUDIT_LOG_REF] = ctx.logTip;

  const records: RecordStep[] = [
    {
      kind: 'record',
      event: {
        type: 'released',
        env: prod.name,
        requestIds: [...landed.requestIds],
        data: { viaPr: true, ...(landed.heads ? { shipped: { commit: landed.commit, heads: { ...landed.heads } } } : {}) },
      },
      shaOf: LANDED_RELEASE_REF,
      withRelease: true,
    },
  ];
  records.push(...tail.records);
  const refs = tail.refs;
  steps.push(...closingSteps({ ctx, records, refs }));
  return { command, expected, steps, notes };
}
