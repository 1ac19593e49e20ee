import type { CliContext } from '../context/open-context.js';
import { resumeRun, type ResumeResult } from '../shared/resume-run.js';

/**
 * Options of {@link continueRun} and `skipStep`.
 *
 * @example
 * ```ts
 * const options: ResumeOptions = { session, json: false };
 * ```
 */
export interface ResumeOptions {
  /** An open session (see `openSession`; the CLI opens it ignoring a request branch's config). */
  session: CliContext;
  /** The caller reports the outcome as one JSON document: no `step` events. */
  json?: boolean;
}

/**
 * Finish the run that stopped (after a conflict was fixed, or a crash), as `relctl continue`
 * does: retry the step it stopped at and run the rest, each step a `step` event. A
 * `sync <id> --worktree` waiting for its merge commit is finished instead.
 *
 * @example
 * ```ts
 * const done = await continueRun({ session });
 * if (done.kind === 'run') console.log(`finished relctl ${done.command}`);
 * else console.log(`finished syncing ${done.requestId}`);
 * ```
 */
export async function continueRun(options: ResumeOptions): Promise<ResumeResult> {
  return resumeRun({ context: options.session, skip: false, json: options.json === true });
}
