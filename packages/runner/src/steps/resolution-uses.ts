import { resolutionTrailers, type MergeOptions, type ResolutionUse } from '@relctl/core';
import type { StepContext } from '../run-context.js';
import { short } from './reset.js';

/** The merge options of a step: exactly its pinned resolutions, or any when the plan pinned none (a trial). */
export function mergeOptionsOf(pinned: readonly ResolutionUse[] | undefined): MergeOptions {
  return pinned === undefined ? {} : { resolutions: pinned.map((use) => use.commit) };
}

/** `Key: value` lines for the resolutions a merge applied (nothing when none). */
export function resolutionTrailerLines(uses: readonly ResolutionUse[]): string {
  return Object.entries(resolutionTrailers(uses))
    .flatMap(([key, values]) => values.map((value) => `${key}: ${value}\n`))
    .join('');
}

/**
 * Remember the resolutions a step applied in the run state (the `record` step puts them in the
 * audit event) and say so in the step's outcome line: a recorded resolution is code someone
 * wrote, and it is never applied silently.
 */
export function noteResolutions(context: StepContext, uses: readonly ResolutionUse[], where: { requestId: string; env?: string; ref: string }): string {
  if (uses.length === 0) return '';
  const step = context.state.next;
  context.state.resolutions = [...(context.state.resolutions ?? []), ...uses.map((use) => ({ ...use, step, ...where }))];
  return `; applied the recorded resolution of ${uses.map((use) => `${use.path} (${short(use.commit)}, recorded by ${use.by})`).join(', ')}`;
}
