import { UsageError, shortSha } from '@relctl/core';
import { learnResolutions, RESOLUTIONS_PREFIX } from '@relctl/git';
import type { CliContext } from '../context/open-context.js';
import { publishResolutions } from '../conflicts/publish-resolutions.js';
import { resolveRevision } from '../conflicts/resolve-revision.js';

/**
 * Options of {@link learnSharedResolutions}.
 *
 * @example
 * ```ts
 * const options: LearnSharedResolutionsOptions = { session, revisions: ['HEAD'], dryRun: true };
 * ```
 */
export interface LearnSharedResolutionsOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
  /** Merge commits in which conflicts were resolved by hand (default `HEAD`). */
  revisions?: string[];
  /** Say what would be recorded; record nothing. */
  dryRun?: boolean;
}

/**
 * One resolution {@link learnSharedResolutions} recorded (or would record).
 *
 * @example
 * ```ts
 * const item: LearnedResolution = { revision: 'HEAD', path: 'src/app.js', key: '9f2c…', commit: 'a1b2…' };
 * ```
 */
export interface LearnedResolution {
  revision: string;
  path: string;
  key: string;
  /** The resolution's commit; `null` for a dry run. */
  commit: string | null;
}

/**
 * Record how merges resolved their conflicts, as `relctl resolutions learn` does, and publish
 * the resolutions (pushed with a remote) so every later merge meeting the same conflict, in any
 * clone, reuses them. A revision that is not a merge commit throws `UsageError`.
 *
 * @example
 * ```ts
 * const learned = await learnSharedResolutions({ session, revisions: ['HEAD'] });
 * for (const item of learned) console.log(`recorded ${item.path} (${item.key.slice(0, 12)})`);
 * ```
 */
export async function learnSharedResolutions(options: LearnSharedResolutionsOptions): Promise<LearnedResolution[]> {
  const context = options.session;
  const dryRun = options.dryRun === true;
  const revisions = options.revisions && options.revisions.length > 0 ? options.revisions : ['HEAD'];
  const identity = { name: context.identity.name, email: context.identity.email, timestamp: Math.floor(context.io.now() / 1000), timezoneOffset: 0 };
  const learned: LearnedResolution[] = [];
  for (const revision of revisions) {
    const commit = await resolveRevision(context.git, revision);
    const info = await context.git.readCommit(commit);
    if (info.parents.length !== 2) {
      throw new UsageError(`${revision} (${shortSha(commit)}) is not a merge commit; learn from the merge in which you resolved the conflict.`, { revision });
    }
    for (const item of await learnResolutions({ repo: context.repo, git: context.git, commit, identity, dryRun, sign: context.sign })) {
      learned.push({ revision, ...item });
    }
  }
  if (!dryRun)
    await publishResolutions(
      context,
      learned.flatMap((item) => (item.commit ? [{ ref: `${RESOLUTIONS_PREFIX}${item.key}`, next: item.commit }] : [])),
    );
  return learned;
}
