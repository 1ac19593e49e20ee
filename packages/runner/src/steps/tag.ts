import type { TagStep } from '@relctl/core';
import { commitIdentity, requireWorkingTip, type StepContext } from '../run-context.js';

/** `tag`: the annotated tag of the last release, at the working tip. */
export async function runTag(context: StepContext, step: TagStep): Promise<string> {
  const release = context.state.release;
  if (!release) throw new Error('A tag step needs a release step before it; replan the command.');
  const target = requireWorkingTip(context.state, step.ref);
  const tag = await context.ports.git.writeTag({
    name: release.tagName,
    target,
    message: release.tagMessage,
    tagger: commitIdentity(context.options),
  });
  const ref = `refs/tags/${release.tagName}`;
  context.state.working[ref] = tag;
  if (!context.state.createdRefs.includes(ref)) context.state.createdRefs.push(ref);
  return `tag ${release.tagName}`;
}
