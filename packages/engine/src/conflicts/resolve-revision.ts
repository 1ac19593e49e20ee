import { NotFoundError, type GitPort } from '@relctl/core';

/** A commit id, a branch name, a full ref or `HEAD`, as a commit id. */
export async function resolveRevision(git: GitPort, revision: string): Promise<string> {
  if (/^[0-9a-f]{40}$/.test(revision)) return revision;
  const candidates = revision.startsWith('refs/') || revision === 'HEAD' ? [revision] : [`refs/heads/${revision}`, `refs/tags/${revision}`, revision];
  for (const ref of candidates) {
    const sha = await git.readRef(ref);
    if (sha !== null) return sha;
  }
  throw new NotFoundError(`"${revision}" names no commit here; give a merge commit id, a branch name or HEAD.`, { revision });
}
