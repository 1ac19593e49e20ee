import { membersFromHistory, type Environment, type Facts, type Sha } from '@relctl/core';
import type { DeployRequest } from '@relctl/deploy';
import type { CliContext } from '../context/open-context.js';

/** Options of {@link requestsAtSha}. */
export interface RequestsAtShaOptions {
  context: CliContext;
  env: Environment;
  sha: Sha;
  facts: Facts;
}

/** How far back the history of a commit other than the branch tip is read. */
const HISTORY_LIMIT = 2_000;

/**
 * The requests a deploy of `sha` to `env` carries — the environment's members at that commit —
 * with their titles, for `RELCTL_REQUESTS` and the `deployed` event. At the branch tip these are
 * the members status shows; at an older commit they are derived the same way from its history
 * (integration: the first-parent merges since the base; release: requests merged or contained).
 *
 * @example
 * ```ts
 * const requests = await requestsAtSha({ context, env, sha, facts }); // [{ id: 'A', title: 'CSV export' }, …]
 * ```
 */
export async function requestsAtSha(options: RequestsAtShaOptions): Promise<DeployRequest[]> {
  const { context, env, sha, facts } = options;
  const state = facts.environments.find((candidate) => candidate.name === env.name);
  const ids: string[] = [];
  const add = (id: string) => {
    if (!ids.includes(id)) ids.push(id);
  };
  if (state?.tip === sha) {
    state.members.forEach((member) => add(member.requestId));
  } else {
    const commits = await context.git.firstParentHistory(sha, { limit: HISTORY_LIMIT });
    membersFromHistory({ env, commits }).members.forEach((member) => add(member.requestId));
    if (env.kind === 'release') {
      for (const request of facts.requests) if (await context.git.isAncestor(request.head, sha)) add(request.id);
    }
  }
  return ids.map((id) => {
    const title = facts.requests.find((request) => request.id === id)?.title;
    return title === undefined ? { id } : { id, title };
  });
}
