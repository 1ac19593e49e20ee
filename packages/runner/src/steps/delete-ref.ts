import type { DeleteRefStep } from '@relctl/core';
import type { StepContext } from '../run-context.js';

/** `delete-ref`: the ref's working tip becomes absent; `update-refs` deletes it and `push` deletes it on the remote. */
export async function runDeleteRef(context: StepContext, step: DeleteRefStep): Promise<string> {
  context.state.working[step.ref] = null;
  return 'to be deleted';
}
