import type { CliContext } from '../context/open-context.js';
import { syncFromRemote } from '../commands/shared/remote-sync.js';

/**
 * Bring the environment branches and the audit log up to the team's remote before a deploy or
 * rollback decides anything (what the tip is, who holds the lock, what was deployed). Dry runs
 * and local-only repositories skip it. Returns whether it fetched.
 *
 * @example
 * ```ts
 * const fetched = await fetchBeforeDeploy(context, args.dryRun);
 * ```
 */
export async function fetchBeforeDeploy(context: CliContext, dryRun: boolean): Promise<boolean> {
  const remote = context.policy.remote;
  if (dryRun || !remote || !context.remote) return false;
  await syncFromRemote(context, remote);
  return true;
}
