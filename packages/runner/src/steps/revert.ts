import { MergeConflictError, type RevertStep } from '@relctl/core';
import { commitIdentity, requireWorkingTip, type StepContext } from '../run-context.js';
import { short } from './reset.js';

/**
 * `revert`: undo a merge commit M on the working tip T the way `git revert -m 1 M` does — a
 * three-way tree merge with base = M, ours = T, theirs = P (M's first parent). The git port
 * merges two commits over their merge base, so the step writes a throwaway commit with P's tree
 * whose only parent is M: its merge base with T is exactly M (M is an ancestor of T), and the
 * merge of T with it is the revert. The throwaway commit is never referenced by any ref. The
 * result is one ordinary commit (parent T) with the step's message.
 *
 * @throws MergeConflictError naming the paths when later changes on the branch conflict with the revert.
 * @example
 * ```ts
 * await runRevert(context, { kind: 'revert', ref: 'refs/heads/main', env: 'prod', requestId: 'A', commit: merge, message: 'Revert A: …' });
 * ```
 */
export async function runRevert(context: StepContext, step: RevertStep): Promise<string> {
  const { git } = context.ports;
  const tip = requireWorkingTip(context.state, step.ref);
  const merge = await git.readCommit(step.commit);
  const parent = merge.parents[0];
  // A plain revert (`request reship` taking back a revert commit) undoes an ordinary commit.
  if (merge.parents.length < (step.plain === true ? 1 : 2) || parent === undefined) {
    throw new Error(`${short(step.commit)} is not a merge commit of request ${step.requestId}; replan the command.`);
  }
  const identity = commitIdentity(context.options);
  const before = await git.readCommit(parent);
  const theirs = await git.writeCommit({
    tree: before.tree,
    parents: [step.commit],
    message: `relctl: ${short(step.commit)} undone (revert helper, never referenced)\n`,
    author: identity,
    committer: identity,
  });
  // A revert applies no recorded resolution: it only takes back what the merge brought.
  const outcome = await git.mergeCommits(tip, theirs, { resolutions: [] });
  if (!outcome.clean) {
    const paths = outcome.conflicts.map((conflict) => conflict.path);
    throw new MergeConflictError(
      `Reverting request ${step.requestId} conflicts with later changes on ${step.env} in ${paths.join(', ')}; revert by hand with "git revert -m 1 ${short(step.commit)}", or run "relctl undo".`,
      { requestId: step.requestId, env: step.env, commit: step.commit, conflicts: outcome.conflicts },
    );
  }
  const commit = await git.writeCommit({
    tree: outcome.tree,
    parents: [tip],
    message: step.message,
    author: identity,
    committer: identity,
  });
  context.state.working[step.ref] = commit;
  return `reverted ${short(step.commit)} as ${short(commit)}`;
}
