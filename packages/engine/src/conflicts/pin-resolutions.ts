import type { Plan, PlanStep } from '@relctl/core';
import { executePlan, type AppliedInRun, type RunState } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { resolutionPrefixes } from './resolution-prefixes.js';
import { runPorts } from '../shared/run-ports.js';

type MergingStep = Extract<PlanStep, { kind: 'merge' | 'sync' }>;

const merging = (step: PlanStep): step is MergingStep => step.kind === 'merge' || step.kind === 'sync';

/**
 * Decide, before anything runs, which recorded conflict resolutions each merge of `plan` applies,
 * and write them into its `merge` and `sync` steps (in place): the runner then applies exactly
 * those, `--dry-run` and the progress lines name them, and a rule can judge them. Found by a trial
 * of the plan's object-writing steps (everything before `update-refs`), on objects only, with an
 * in-memory run state. Without any recorded resolution there is no trial: every step pins none.
 * A plan whose merges are all pinned already is left as it is.
 *
 * @returns The resolutions the plan applies, with the step, request and environment of each.
 */
export async function pinResolutions(context: CliContext, plan: Plan): Promise<AppliedInRun[]> {
  const steps = plan.steps.filter(merging);
  if (steps.length === 0) return [];
  if (steps.every((step) => step.resolutions !== undefined)) {
    return plan.steps.flatMap((step, index) =>
      merging(step)
        ? (step.resolutions ?? []).map((use) => ({ ...use, step: index, requestId: step.requestId, ref: step.ref, ...(step.kind === 'merge' ? { env: step.env } : {}) }))
        : [],
    );
  }
  let recorded = false;
  for (const prefix of resolutionPrefixes(context.policy)) if ((await context.git.listRefs(prefix)).length > 0) recorded = true;
  const applied = recorded ? await trial(context, plan) : [];
  plan.steps.forEach((step, index) => {
    if (merging(step)) step.resolutions = applied.filter((use) => use.step === index).map(({ path, key, commit, by }) => ({ path, key, commit, by }));
  });
  return applied;
}

/** Run the plan up to its ref transaction on objects only; the resolutions its merges applied. */
async function trial(context: CliContext, plan: Plan): Promise<AppliedInRun[]> {
  const end = plan.steps.findIndex((step) => step.kind === 'update-refs' || step.kind === 'push');
  // Unpinned merges apply whatever recorded resolution fits, and the run state says which.
  const steps = (end < 0 ? plan.steps : plan.steps.slice(0, end)).map(unpinned);
  let last: RunState | null = null;
  const store = {
    loadCurrent: async () => last,
    saveCurrent: async (state: RunState) => {
      last = state;
    },
    finishCurrent: async () => undefined,
    loadLast: async () => null,
    clearLast: async () => undefined,
  };
  const { onProgress: _quiet, ...options } = context.runOptions;
  try {
    await executePlan({ plan: { ...plan, steps }, ports: runPorts(context, { local: true }), options, store });
  } catch {
    // The real run meets the same failure at the same step; what the trial saw so far stands.
  }
  return (last as RunState | null)?.resolutions ?? [];
}

function unpinned(step: PlanStep): PlanStep {
  if (!merging(step)) return step;
  const { resolutions: _pinned, ...rest } = step;
  return rest;
}
