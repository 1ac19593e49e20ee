import { basename } from 'node:path';
import { buildStatus } from '@relctl/core';
import { deploymentHistory } from '@relctl/deploy';
import type { CliContext } from '@relctl/engine/internal';
import { computeConflictMatrix } from '@relctl/engine/internal';
import { gatherFacts, releaseEnvironment } from '@relctl/engine/internal';
import type { BoardData } from './board-data.js';
import { openRequests } from '@relctl/engine/internal';

/** Options of {@link gatherBoardData}. */
export interface GatherBoardDataOptions {
  context: CliContext;
}

/**
 * Read everything the board shows, the way the read commands compute it: `buildStatus` over
 * `gatherFacts` (`relctl status`), `computeConflictMatrix` of every open request and the release
 * tip (`relctl conflicts --all`), and `deploymentHistory` of the audit log, newest first
 * (`relctl log --deployments`). Reads only: pairs merged before come from the conflict cache,
 * which the board never writes, so it writes nothing but its own output.
 *
 * @example
 * ```ts
 * const html = renderBoard(await gatherBoardData({ context }));
 * ```
 */
export async function gatherBoardData(options: GatherBoardDataOptions): Promise<BoardData> {
  const { context } = options;
  const facts = await gatherFacts(context, { saveChangesetCache: false });
  const status = buildStatus({ policy: context.policy, facts });
  const release = releaseEnvironment(context.policy);
  const tip = facts.environments.find((state) => state.name === release.name)?.tip ?? null;
  const base = tip === null ? null : { env: release.name, tip };
  const { matrix } = await computeConflictMatrix({ context, requests: openRequests({ policy: context.policy, facts }), base, cache: 'read-only' });
  const deployments = deploymentHistory({ events: facts.events }).reverse();
  return { repository: basename(context.root), status, conflicts: { scope: 'all open requests', ...matrix }, deployments };
}
