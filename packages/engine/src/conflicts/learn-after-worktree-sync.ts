import { learnResolutions, RESOLUTIONS_PREFIX } from '@relctl/git';
import type { CliContext } from '../context/open-context.js';
import { branchRef } from '../facts/gather-facts.js';
import { publishResolutions } from './publish-resolutions.js';

/**
 * After `relctl continue` committed a merge a person resolved by hand (`sync --worktree`): learn
 * its resolutions and share them, so no one resolves the same conflict again. Never fails the
 * command: the merge is done; a resolution that cannot be recorded is reported on stderr.
 */
export async function learnAfterWorktreeSync(context: CliContext, branch: string): Promise<void> {
  try {
    const commit = await context.git.readRef(branchRef(branch));
    if (commit === null) return;
    const identity = { name: context.identity.name, email: context.identity.email, timestamp: Math.floor(context.io.now() / 1000), timezoneOffset: 0 };
    const learned = await learnResolutions({ repo: context.repo, git: context.git, commit, identity, sign: context.sign });
    await publishResolutions(
      context,
      learned.flatMap((item) => (item.commit ? [{ ref: `${RESOLUTIONS_PREFIX}${item.key}`, next: item.commit }] : [])),
    );
    for (const item of learned) context.emit({ type: 'progress', message: `recorded your resolution of ${item.path}; later merges meeting the same conflict reuse it.` });
  } catch (error) {
    context.emit({
      type: 'warning',
      message: `could not record the resolution (${error instanceof Error ? error.message : String(error)}); "relctl resolutions learn ${branch}" tries again.`,
    });
  }
}
