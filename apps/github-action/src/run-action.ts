import { commentPromotionNotes, openSession, type CommentPromotionNotesResult, type EngineEventListener } from '@relctl/engine';
import type { ActionInputs } from './read-action-inputs.js';

/** Options of {@link runAction}. */
export interface RunActionOptions {
  inputs: ActionInputs;
  /** The environment the session reads (GITHUB_REPOSITORY, GITHUB_API_URL, PATH, git identity…). */
  env: Readonly<Record<string, string | undefined>>;
  /** Receives the engine's events (the action turns them into log lines). */
  onEvent: EngineEventListener;
}

/**
 * Open a session on the checked-out repository and keep the release-notes comment of the
 * promotion pull request up to date: the whole action, through `@relctl/engine` alone.
 *
 * @example
 * ```ts
 * const result = await runAction({ inputs: readActionInputs(process.env), env: process.env, onEvent: (event) => console.log(event.type) });
 * ```
 */
export async function runAction(options: RunActionOptions): Promise<CommentPromotionNotesResult> {
  const { inputs } = options;
  const session = await openSession({ cwd: inputs.cwd, env: options.env, onEvent: options.onEvent });
  try {
    return await commentPromotionNotes({
      session,
      pullRequest: inputs.pullRequest,
      ...(inputs.token === '' ? {} : { token: { value: inputs.token, variable: 'the github-token input' } }),
      ...(inputs.marker === undefined ? {} : { marker: inputs.marker }),
      dryRun: inputs.dryRun,
    });
  } finally {
    session.close();
  }
}
