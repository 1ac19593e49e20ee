import type { ReleaseStep } from '@relctl/core';
import { commitIdentity, requireWorkingTip, type StepContext } from '../run-context.js';
import { short } from './reset.js';

/** `release`: cut a release commit (version, CHANGELOG, consumed changesets) on the working tip. */
export async function runRelease(context: StepContext, step: ReleaseStep): Promise<string> {
  const { git, release } = context.ports;
  if (!release) throw new Error('This plan cuts a release but no release port was given to the runner.');
  const tip = requireWorkingTip(context.state, step.ref);
  const output = await release.prepare({
    commit: tip,
    requestIds: step.requestIds,
    tagPrefix: context.options.tagPrefix,
    date: new Date(context.options.now()).toISOString().slice(0, 10),
  });
  const identity = commitIdentity(context.options);
  const commit = await git.writeCommit({
    tree: output.tree,
    parents: [tip],
    message: output.message,
    author: identity,
    committer: identity,
  });
  context.state.working[step.ref] = commit;
  context.state.release = output;
  const notes = output.notes && output.notes.length > 0 ? `; ${output.notes.join('; ')}` : '';
  return `version ${output.version} as ${short(commit)}${notes}`;
}
