import type { ReuseStep } from '@relctl/core';
import type { StepContext } from '../run-context.js';
import { short } from './reset.js';

/** `reuse`: keep an existing merge commit (the prefix of a rebuild did not change). */
export async function runReuse(context: StepContext, step: ReuseStep): Promise<string> {
  context.state.working[step.ref] = step.commit;
  return `kept ${short(step.commit)}`;
}
