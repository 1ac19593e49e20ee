import type { Environment } from '../model/environment.js';
import type { Sha } from '../model/request.js';
import { mergeMessage } from './merge-message.js';
import type { MergeStep, PlanStep } from './plan-step.js';
import type { PlanningContext } from './planning-context.js';

/** One request of a rebuilt integration environment, in merge order. */
export interface RebuildEntry {
  requestId: string;
  /** The request head to merge (as planned). */
  sha: Sha;
  title: string;
  /** Merge the working tip of this request ref instead of `sha` (after a `sync` of the same plan). */
  headRef?: string;
}

/** Options of {@link rebuildSteps}. */
export interface RebuildStepsOptions {
  ctx: PlanningContext;
  /** The integration environment to rebuild. */
  env: Environment;
  entries: readonly RebuildEntry[];
  /** True when an earlier step of the plan moves the base environment (no prefix can be reused). */
  baseMoves: boolean;
}

/** The steps of one rebuild and whether it changes anything. */
export interface RebuildSteps {
  steps: PlanStep[];
  /** False when the environment already is exactly this build (nothing to do). */
  changed: boolean;
  /** How many leading merges are reused as they are. */
  reused: number;
}

/**
 * The steps that rebuild an integration environment from its base environment's working tip
 * plus one merge per entry. When the environment's current base is the base environment's tip
 * and its first k members are the first k entries (same id and SHA), those merges are reused.
 *
 * @example
 * ```ts
 * const { steps, changed } = rebuildSteps({ ctx, env: test, entries, baseMoves: false });
 * ```
 */
export function rebuildSteps(options: RebuildStepsOptions): RebuildSteps {
  const { ctx, env, entries, baseMoves } = options;
  const ref = ctx.envRef(env);
  const baseEnv = ctx.baseOf(env);
  const baseRef = ctx.envRef(baseEnv);
  const baseTip = ctx.state(baseEnv.name).tip;
  const state = ctx.state(env.name);
  const members = state.members;

  const reusable: Sha[] = [];
  if (!baseMoves && baseTip !== null && state.base === baseTip) {
    for (let index = 0; index < entries.length && index < members.length; index += 1) {
      const entry = entries[index];
      const member = members[index];
      if (entry === undefined || member === undefined) break;
      if (entry.headRef !== undefined || member.mergeCommit === undefined) break;
      if (entry.requestId !== member.requestId || entry.sha !== member.sha) break;
      reusable.push(member.mergeCommit);
    }
  }
  const reused = reusable.length;
  const builtTip = reused > 0 ? reusable[reused - 1] : baseTip;
  const changed = !(!baseMoves && state.tip !== null && state.tip === builtTip && reused === entries.length && reused === members.length);

  const steps: PlanStep[] = [];
  if (reused === 0) steps.push({ kind: 'reset', ref, to: { ref: baseRef } });
  reusable.forEach((commit, index) => {
    steps.push({ kind: 'reuse', ref, requestId: entries[index]?.requestId ?? '', commit });
  });
  for (const entry of entries.slice(reused)) {
    const merge: MergeStep = {
      kind: 'merge',
      ref,
      env: env.name,
      requestId: entry.requestId,
      sha: entry.sha,
      message: mergeMessage({ requestId: entry.requestId, title: entry.title, env: env.name }),
    };
    if (entry.headRef !== undefined) merge.headRef = entry.headRef;
    steps.push(merge);
  }
  return { steps, changed, reused };
}
