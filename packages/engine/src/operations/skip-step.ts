import { resumeRun, type ResumeResult } from '../shared/resume-run.js';
import type { ResumeOptions } from './continue-run.js';

/**
 * Skip the step the stopped run is at, then finish the run, as `relctl skip` does (for example
 * to leave out a merge that conflicted). Each step is a `step` event.
 *
 * @example
 * ```ts
 * const done = await skipStep({ session });
 * if (done.kind === 'run') console.log(done.result.outcomes);
 * ```
 */
export async function skipStep(options: ResumeOptions): Promise<ResumeResult> {
  return resumeRun({ context: options.session, skip: true, json: options.json === true });
}
