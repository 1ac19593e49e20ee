import { shortSha, type ResetStep } from '@relctl/core';
import { workingTip, type StepContext } from '../run-context.js';

/** `reset`: point a working tip at another ref's working tip or a fixed commit. */
export async function runReset(context: StepContext, step: ResetStep): Promise<string> {
  const target = 'sha' in step.to ? step.to.sha : workingTip(context.state, step.to.ref);
  context.state.working[step.ref] = target;
  return `at ${short(target)}`;
}

/** First 7 characters of an object id, or `(none)` (core's `shortSha`). */
export function short(sha: string | null | undefined): string {
  return shortSha(sha, '(none)');
}
