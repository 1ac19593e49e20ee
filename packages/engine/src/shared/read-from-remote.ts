import type { CliContext } from '../context/open-context.js';
import { remoteMoves } from './remote-moves.js';
import { viewThrough } from './view-through.js';

/**
 * Before a read command reads: fetch relctl's refs from the team's remote (environment and
 * request branches, the audit log and the other `refs/relctl/*`, tags) and read the local refs
 * as a writing command would bring them up to the remote's, through a read-only view — nothing
 * local moves. So every clone, a fresh one included, shows the remote's truth plus whatever is
 * only here (unpushed work). A branch that diverged is shown as it is here, with a warning.
 * When the remote cannot be reached the command answers from this clone's refs alone, and says
 * so on stderr. `--offline` (or `RELCTL_OFFLINE=1`, or `git config relctl.offline true`) skips the fetch and the view.
 *
 * @example
 * ```ts
 * await readFromRemote(context);
 * const facts = await gatherFacts(context); // origin's requests and environments
 * ```
 */
export async function readFromRemote(context: CliContext): Promise<void> {
  const name = context.policy.remote;
  if (!name || !context.remote || context.offline) return;
  try {
    await context.remote.fetch(name);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.replace(/[.\s]+$/, '');
    context.emit({ type: 'warning', message: `could not reach ${name} (${reason}); showing this clone's refs only, which may be behind the team's.` });
    return;
  }
  const { moves, kept } = await remoteMoves(context, name, 'keep-ours');
  for (const ref of kept) {
    const branch = ref.replace(/^refs\/heads\//, '');
    context.emit({ type: 'warning', message: `${branch} here and on ${name} have both moved; showing this clone's ${branch} (see "relctl doctor").` });
  }
  viewThrough(context, moves);
}
