import { MergeConflictError, Trailer, type MergeStep } from '@relctl/core';
import { commitIdentity, requireWorkingTip, workingTip, type StepContext } from '../run-context.js';
import { short } from './reset.js';
import { mergeOptionsOf, noteResolutions, resolutionTrailerLines } from './resolution-uses.js';

/**
 * `merge`: a `--no-ff` merge commit of a request head into a working tip, with relctl trailers;
 * a merge that applies recorded conflict resolutions (only the ones the step pins, when it pins
 * them) names each in `Relctl-Resolution` trailers and in its outcome. A conflict stops the run,
 * except for a request whose `sync` in this run conflicted: it is left out (`RunState.leftOut`).
 */
export async function runMerge(context: StepContext, step: MergeStep): Promise<string> {
  const { git } = context.ports;
  const ours = requireWorkingTip(context.state, step.ref);
  const theirs = (step.headRef ? workingTip(context.state, step.headRef) : null) ?? step.sha;
  const outcome = await git.mergeCommits(ours, theirs, mergeOptionsOf(step.resolutions));
  if (!outcome.clean) {
    const paths = outcome.conflicts.map((conflict) => conflict.path);
    // This run's sync of the request with production conflicted and left its branch as it was;
    // its old head conflicts with the rebuilt environment too. Stopping would hold back the
    // release (a hotfix during an outage) for a request only a person can bring up to date:
    // leave it out, say so, and log it as demoted (see runRecord).
    if (step.headRef !== undefined && context.state.syncConflicts.some((conflict) => conflict.requestId === step.requestId)) {
      context.state.leftOut = [...(context.state.leftOut ?? []), { requestId: step.requestId, env: step.env, ref: step.ref, conflicts: outcome.conflicts }];
      return `conflict in ${paths.join(', ')}; ${step.requestId} left out of ${step.env} (its sync conflicted too)`;
    }
    throw new MergeConflictError(
      `Request ${step.requestId} conflicts with ${step.env} in ${paths.join(', ')}; sync or fix req/${step.requestId}, or demote the request it conflicts with, then run "relctl continue" (or "relctl undo")${step.resolutions ? '; a resolution recorded after planning is used only by a new run ("relctl undo", then the command again)' : ''}.`,
      { requestId: step.requestId, env: step.env, conflicts: outcome.conflicts },
    );
  }
  const identity = commitIdentity(context.options);
  const uses = outcome.resolutions ?? [];
  const message = `${step.message}\n\n${Trailer.request}: ${step.requestId}\n${Trailer.env}: ${step.env}\n${resolutionTrailerLines(uses)}`;
  const commit = await git.writeCommit({
    tree: outcome.tree,
    parents: [ours, theirs],
    message,
    author: identity,
    committer: identity,
  });
  context.state.working[step.ref] = commit;
  return `merged ${short(theirs)} as ${short(commit)}${noteResolutions(context, uses, { requestId: step.requestId, env: step.env, ref: step.ref })}`;
}
