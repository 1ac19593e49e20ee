import { basename } from 'node:path';
import { buildStatus } from '@relctl/core';
import { deploymentHistory } from '@relctl/deploy';
import type { CliContext } from '../context/open-context.js';
import { computeConflictMatrix } from '../conflicts/compute-conflict-matrix.js';
import { openRequests } from '../conflicts/open-requests.js';
import { gatherFacts, releaseEnvironment } from '../facts/gather-facts.js';
import { readFromRemote } from '../shared/read-from-remote.js';
import type { BoardData } from './board-data-types.js';

/**
 * Options of {@link boardData}.
 *
 * @example
 * ```ts
 * const options: BoardDataOptions = { session };
 * ```
 */
export interface BoardDataOptions {
  /** An open session (see `openSession`). */
  session: CliContext;
}

/**
 * Read everything `relctl board` shows (brought up to the remote's refs first, unless offline),
 * the way the read commands compute it: `buildStatus` over
 * `gatherFacts` (`relctl status`), `computeConflictMatrix` of every open request and the release
 * tip (`relctl conflicts --all`), and `deploymentHistory` of the audit log, newest first
 * (`relctl log --deployments`). Reads only: pairs merged before come from the conflict cache,
 * which the board never writes, so it writes nothing but its own output.
 *
 * @example
 * ```ts
 * const data = await boardData({ session });
 * console.log(data.status.requests.length, data.conflicts.conflicts.length, data.deployments.length);
 * ```
 */
export async function boardData(options: BoardDataOptions): Promise<BoardData> {
  const context = options.session;
  await readFromRemote(context);
  const facts = await gatherFacts(context, { saveChangesetCache: false });
  const status = buildStatus({ policy: context.policy, facts });
  const release = releaseEnvironment(context.policy);
  const tip = facts.environments.find((state) => state.name === release.name)?.tip ?? null;
  const base = tip === null ? null : { env: release.name, tip };
  const { matrix } = await computeConflictMatrix({ context, requests: openRequests({ policy: context.policy, facts }), base, cache: 'read-only' });
  const deployments = deploymentHistory({ events: facts.events }).reverse();
  return { repository: basename(context.root), status, conflicts: { scope: 'all open requests', ...matrix }, deployments };
}
