import { lifecycleFromEvents, type Facts, type MatrixRequest, type Policy } from '@relctl/core';
import { releaseEnvironment } from '../facts/gather-facts.js';

/** Options of {@link openRequests}. */
export interface OpenRequestsOptions {
  policy: Policy;
  facts: Facts;
}

/**
 * The requests `relctl conflicts --all` merges: every request whose current head the release
 * environment does not hold yet and that is not closed (`relctl request close`: off every
 * environment, out of `relctl status`'s table), by id, at its head. (The board's browser test checks that the
 * board's matrix equals the one `relctl conflicts --all --json` prints.)
 *
 * @example
 * ```ts
 * openRequests({ policy, facts }); // [{ id: 'B', sha: '…' }, { id: 'D', sha: '…' }]
 * ```
 */
export function openRequests(options: OpenRequestsOptions): MatrixRequest[] {
  const { policy, facts } = options;
  const release = releaseEnvironment(policy);
  const members = facts.environments.find((state) => state.name === release.name)?.members ?? [];
  const released = (id: string, sha: string) => members.some((member) => member.requestId === id && member.sha === sha);
  const lives = lifecycleFromEvents({ events: facts.events, releaseEnv: release.name });
  return facts.requests
    .filter((request) => !released(request.id, request.head) && lives.get(request.id)?.closed === undefined)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((request) => ({ id: request.id, sha: request.head }));
}
