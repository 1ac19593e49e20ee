import type { ConflictMatrix, StatusReport } from '@relctl/core';
import type { DeploymentRecord } from '@relctl/deploy';

/**
 * The conflict matrix the board shows: what `relctl conflicts --all --json` prints, without its timing stats.
 *
 * @example
 * ```ts
 * const conflicts: BoardConflicts = { scope: 'all open requests', ...matrix };
 * ```
 */
export interface BoardConflicts extends ConflictMatrix {
  /** Which requests were merged, e.g. `all open requests`. */
  scope: string;
}

/**
 * Everything the board shows, as plain JSON-safe data (what `relctl board --json` prints). Each
 * part is exactly what another read command computes, so the board never disagrees with them.
 *
 * @example
 * ```ts
 * const data: BoardData = { repository: 'shop-web', status, conflicts, deployments };
 * const html = renderBoard(data);
 * ```
 */
export interface BoardData {
  /** A name for the page title: the repository folder's name. */
  repository: string;
  /** What `relctl status --json` prints; `status.now` is when the board was made. */
  status: StatusReport;
  /** What `relctl conflicts --all --json` prints (without `stats`). */
  conflicts: BoardConflicts;
  /** What `relctl log --deployments --limit 0 --json` prints: every deployment and rollback, newest first. */
  deployments: DeploymentRecord[];
}
