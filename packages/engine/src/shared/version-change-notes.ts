import type { Facts } from '@relctl/core';
import type { RequestVersionChange } from '@relctl/release-notes';
import type { CliContext } from '../context/open-context.js';
import { branchRef, releaseEnvironment } from '../facts/gather-facts.js';

/** One line for a request that sets its own version: the release ignores it, and says so. */
export function describeVersionChange(change: RequestVersionChange, productionBranch: string): string {
  const field = change.path === 'VERSION' ? 'the VERSION file' : change.path;
  const to = change.request === null ? 'none' : JSON.stringify(change.request);
  return `${change.requestId} changes the version in ${field} (${change.production ?? 'none'} -> ${to}); relctl ignores it: the version comes from ${productionBranch} and its tags.`;
}

/**
 * The notes a promotion of `ids` into the release environment prints about requests that change
 * the version field on their branch (the release keeps production's version).
 */
export async function versionChangeNotes(context: CliContext, facts: Facts, ids: readonly string[]): Promise<string[]> {
  const release = releaseEnvironment(context.policy);
  const tip = await context.git.readRef(branchRef(release.branch));
  if (tip === null) return [];
  const requests = ids.flatMap((id) => {
    const request = facts.requests.find((item) => item.id === id);
    return request ? [{ id, head: request.head }] : [];
  });
  const { findVersionChanges } = await import('@relctl/release-notes');
  return (await findVersionChanges({ git: context.git, commit: tip, requests })).map((change) => describeVersionChange(change, release.branch));
}
