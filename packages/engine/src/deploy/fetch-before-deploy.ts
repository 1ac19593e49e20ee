import { assertNoUnfinishedRun } from '@relctl/runner';
import type { CliContext } from '../context/open-context.js';
import { refuseOfflineWrite, syncFromRemote } from '../shared/remote-sync.js';
import { viewForDryRun } from '../shared/view-for-dry-run.js';

/**
 * Bring the environment branches and the audit log up to the team's remote before a deploy or
 * rollback decides anything (what the tip is, who holds the lock, what was deployed). A dry run
 * fetches the same way and reads the refs as the real run would have brought them up, through a
 * read-only view (nothing moves); with `--offline` it reads this clone's refs only. Local-only
 * repositories skip it. A real run is refused first, changing nothing, while a run is unfinished.
 * Returns whether it moved local refs up to the remote's.
 *
 * @example
 * ```ts
 * const fetched = await fetchBeforeDeploy(context, args.dryRun);
 * ```
 */
export async function fetchBeforeDeploy(context: CliContext, dryRun: boolean): Promise<boolean> {
  const remote = context.policy.remote;
  if (!dryRun) {
    refuseOfflineWrite(context);
    // A deploy appends to the audit log and pushes it: while a run is unfinished that would move
    // refs its continue and undo need, and publish its events although its refs never reached the remote.
    await assertNoUnfinishedRun({ store: context.store });
  }
  if (!remote || !context.remote) return false;
  if (dryRun) {
    await viewForDryRun(context, remote);
    return false;
  }
  await syncFromRemote(context, remote);
  return true;
}
