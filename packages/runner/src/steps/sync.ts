import type { SyncStep } from '@relctl/core';
import { commitIdentity, requireWorkingTip, type StepContext } from '../run-context.js';
import { short } from './reset.js';
import { mergeOptionsOf, noteResolutions, resolutionTrailerLines } from './resolution-uses.js';

/**
 * `sync`: merge the working tip of `from` (production) into a request branch. Never a
 * fast-forward: the request keeps its own commits on top, so it never looks shipped. A conflict
 * leaves the branch where it was and is remembered for the report.
 */
export async function runSync(context: StepContext, step: SyncStep): Promise<string> {
  const { git } = context.ports;
  const ours = requireWorkingTip(context.state, step.ref);
  const theirs = requireWorkingTip(context.state, step.from);
  if (await git.isAncestor(theirs, ours)) return 'already up to date';
  const outcome = await git.mergeCommits(ours, theirs, mergeOptionsOf(step.resolutions));
  if (!outcome.clean) {
    context.state.syncConflicts.push({ requestId: step.requestId, ref: step.ref, conflicts: outcome.conflicts });
    return `conflict in ${outcome.conflicts.map((conflict) => conflict.path).join(', ')}; left as it was`;
  }
  const identity = commitIdentity(context.options);
  const uses = outcome.resolutions ?? [];
  const from = step.from.replace(/^refs\/heads\//, '');
  const commit = await git.writeCommit({
    tree: outcome.tree,
    parents: [ours, theirs],
    message: `Sync request ${step.requestId} with ${from}\n${uses.length > 0 ? `\n${resolutionTrailerLines(uses)}` : ''}`,
    author: identity,
    committer: identity,
  });
  context.state.working[step.ref] = commit;
  return `merged ${from} as ${short(commit)}${noteResolutions(context, uses, { requestId: step.requestId, ref: step.ref })}`;
}
