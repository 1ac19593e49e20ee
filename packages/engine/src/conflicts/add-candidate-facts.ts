import { UsageError, type Environment, type Facts, type PromotionIntent } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';
import { checksShippedTree } from './checks-shipped-tree.js';
import { trialCandidate } from './trial-candidate.js';

/** Options of {@link addCandidateFacts}. */
export interface AddCandidateFactsOptions {
  context: CliContext;
  facts: Facts;
  target: Environment;
  intent: PromotionIntent;
  /** Compute it even when the target does not check the tree that ships (resolved content needs a pinned approval). */
  force?: boolean;
}

/**
 * For a promotion into a release environment that checks `verified-candidate` or `checks` of
 * the tree that ships: compute the tree
 * the promotion would produce (a trial of its own merges and release, on objects) and add it to
 * `facts.candidates`. Other promotions pay nothing.
 */
export async function addCandidateFacts(options: AddCandidateFactsOptions): Promise<void> {
  const { context, facts, target, intent } = options;
  if (target.kind !== 'release' || (!checksShippedTree(target) && options.force !== true)) return;
  if (
    (facts.candidates ?? []).some(
      (entry) => entry.env === target.name && entry.requestIds.length === intent.requestIds.length && intent.requestIds.every((id) => entry.requestIds.includes(id)),
    )
  )
    return;
  try {
    const trial = await trialCandidate({ context, facts, requestIds: intent.requestIds, withDeps: intent.withDeps ?? false });
    facts.candidates = [...(facts.candidates ?? []), { env: target.name, requestIds: trial.order, tree: trial.clean ? trial.tree : null }];
  } catch (error) {
    // Nothing to release (every request already there): the planner says so; no tree to compare.
    if (!(error instanceof UsageError)) throw error;
  }
}
