import type { PlanStep } from '@relctl/core';
import type { StepContext } from '../run-context.js';
import { runAdopt } from './adopt.js';
import { runCommitFiles } from './commit-files.js';
import { runDeleteRef } from './delete-ref.js';
import { runMerge } from './merge.js';
import { runPush } from './push.js';
import { runRecord } from './record.js';
import { runRelease } from './release.js';
import { runReset } from './reset.js';
import { runReuse } from './reuse.js';
import { runRevert } from './revert.js';
import { runSync } from './sync.js';
import { runTag } from './tag.js';
import { runUpdateRefs } from './update-refs.js';

/** Execute one plan step; returns a short description of what happened. */
export async function runStep(context: StepContext, step: PlanStep): Promise<string> {
  switch (step.kind) {
    case 'reset':
      return runReset(context, step);
    case 'merge':
      return runMerge(context, step);
    case 'reuse':
      return runReuse(context, step);
    case 'release':
      return runRelease(context, step);
    case 'adopt':
      return runAdopt(context, step);
    case 'revert':
      return runRevert(context, step);
    case 'tag':
      return runTag(context, step);
    case 'sync':
      return runSync(context, step);
    case 'commit-files':
      return runCommitFiles(context, step);
    case 'delete-ref':
      return runDeleteRef(context, step);
    case 'record':
      return runRecord(context, step);
    case 'update-refs':
      return runUpdateRefs(context, step);
    case 'push':
      return runPush(context, step);
  }
}
