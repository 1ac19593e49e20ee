import type { CliContext } from '../context/open-context.js';
import { remoteMoves } from './remote-moves.js';
import { viewThrough } from './view-through.js';

/**
 * What a dry run reads: the real run's fetch, and the local refs as the real run would bring
 * them up to the remote's (refused where the real run would refuse), through a read-only view.
 * Offline (see `readOffline`): this clone's refs as they are, with a note saying so.
 *
 * @example
 * ```ts
 * if (args.dryRun) await viewForDryRun(context, 'origin');
 * ```
 */
export async function viewForDryRun(context: CliContext, name: string): Promise<void> {
  if (!context.remote) return;
  if (context.offline) {
    context.emit({ type: 'progress', message: `${context.offline}: this dry run reads this clone's refs only; the real run fetches from ${name} first and may plan differently.` });
    return;
  }
  await context.remote.fetch(name);
  const { moves, leases } = await remoteMoves(context, name, 'refuse');
  context.runOptions.leases = leases;
  viewThrough(context, moves);
}
