import { MergeConflictError, Trailer, type MergeStep } from '@relctl/core';
import { commitIdentity, requireWorkingTip, workingTip, type StepContext } from '../run-context.js';
import { short } from './reset.js';

/** `merge`: a `--no-ff` merge commit of a request head into a working tip, with relctl trailers. */
export async function runMerge(context: StepContext, step: MergeStep): Promise<string> {
  const { git } = context.ports;
  const ours = requireWorkingTip(context.state, step.ref);
  const theirs = (step.headRef ? workingTip(context.state, step.headRef) : null) ?? step.sha;
  const outcome = await git.mergeCommits(ours, theirs);
  if (!outcome.clean) {
    const paths = outcome.conflicts.map((conflict) => conflict.path);
    throw new MergeConflictError(
      `Request ${step.requestId} conflicts with ${step.env} in ${paths.join(', ')}; sync or fix req/${step.requestId}, or demote the request it conflicts with, then run "relctl continue" (or "relctl undo").`,
      { requestId: step.requestId, env: step.env, conflicts: outcome.conflicts },
    );
  }
  const identity = commitIdentity(context.options);
  const message = `${step.message}\n\n${Trailer.request}: ${step.requestId}\n${Trailer.env}: ${step.env}\n`;
  const commit = await git.writeCommit({
    tree: outcome.tree,
    parents: [ours, theirs],
    message,
    author: identity,
    committer: identity,
  });
  context.state.working[step.ref] = commit;
  return `merged ${short(theirs)} as ${short(commit)}`;
}
