import type { CommitFilesStep, TreeEdit } from '@relctl/core';
import { commitIdentity, requireWorkingTip, type StepContext } from '../run-context.js';
import { short } from './reset.js';

/** `commit-files`: one commit on the working tip that writes or deletes the given files. */
export async function runCommitFiles(context: StepContext, step: CommitFilesStep): Promise<string> {
  const { git } = context.ports;
  const parent = requireWorkingTip(context.state, step.ref);
  const { tree } = await git.readCommit(parent);
  const encoder = new TextEncoder();
  const edits: TreeEdit[] = Object.entries(step.files).map(([path, content]) => ({
    path,
    content: content === null ? null : encoder.encode(content),
  }));
  const identity = commitIdentity(context.options);
  const commit = await git.writeCommit({
    tree: await git.editTree(tree, edits),
    parents: [parent],
    message: step.message.endsWith('\n') ? step.message : `${step.message}\n`,
    author: identity,
    committer: identity,
  });
  context.state.working[step.ref] = commit;
  return `committed ${short(commit)}`;
}
