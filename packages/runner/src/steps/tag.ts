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
  // Package tags (`lib-a@1.1.0`) of a monorepo release, when the team asks for them: created with
  // the release tag, so they move in the same transaction.
  for (const extra of release.packageTags ?? []) {
    const object = await context.ports.git.writeTag({ name: extra.name, target, message: extra.message, tagger: commitIdentity(context.options) });
    const extraRef = `refs/tags/${extra.name}`;
    context.state.working[extraRef] = object;
    if (!context.state.createdRefs.includes(extraRef)) context.state.createdRefs.push(extraRef);
  }
  const more = release.packageTags?.length ?? 0;
  return `tag ${release.tagName}${more > 0 ? ` and ${more} package tag${more === 1 ? '' : 's'}` : ''}`;
}
