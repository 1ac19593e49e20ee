import { NotFoundError, UsageError, type Sha } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';

/** Options of {@link resolveDeploySha}. */
export interface ResolveDeployShaOptions {
  context: CliContext;
  /** What the person typed after `--sha`. */
  input: string;
  /** The environment branch's tip: SHA prefixes are looked up in its first-parent history. */
  tip: Sha | null;
}

/** How far back a SHA prefix is looked up on the environment branch. */
const PREFIX_SEARCH_LIMIT = 1000;

/**
 * Turn `--sha` into a full commit id: a full SHA (which must exist here), a release tag
 * (`v1.4.0`, or `1.4.0` with the configured prefix), a branch name, or a prefix of at least
 * 7 hex digits of a commit on the environment branch's first-parent history (the releases and
 * merges deploys name). Anything else is a usage error asking for the full SHA.
 *
 * @example
 * ```ts
 * const sha = await resolveDeploySha({ context, input: 'v1.1.0', tip });
 * ```
 */
export async function resolveDeploySha(options: ResolveDeployShaOptions): Promise<Sha> {
  const { context, tip } = options;
  const { git } = context;
  const input = options.input.trim();
  if (/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(input)) {
    const sha = input.toLowerCase();
    try {
      await git.readCommit(sha);
    } catch {
      throw new NotFoundError(`commit ${sha} is not in this repository; fetch it first (git fetch), or check the SHA.`, { sha });
    }
    return sha;
  }
  for (const ref of [`refs/tags/${input}`, `refs/tags/${context.policy.tagPrefix}${input}`, `refs/heads/${input}`]) {
    const sha = await git.readRef(ref);
    if (sha) return sha;
  }
  if (/^[0-9a-f]{7,63}$/i.test(input) && tip) {
    const prefix = input.toLowerCase();
    const matches = (await git.firstParentHistory(tip, { limit: PREFIX_SEARCH_LIMIT })).filter((commit) => commit.sha.startsWith(prefix));
    if (matches.length === 1 && matches[0]) return matches[0].sha;
    if (matches.length > 1) throw new UsageError(`--sha ${input} matches several commits; give more characters.`, { sha: input });
  }
  throw new UsageError(`--sha ${JSON.stringify(input)} is not a full commit SHA, a tag or a branch relctl knows; give the full 40-character SHA.`, {
    sha: input,
  });
}
