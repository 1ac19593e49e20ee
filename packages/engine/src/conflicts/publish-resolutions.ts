import type { PushUpdate } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';

/** Push resolution refs to the team's remote (lease: the value last fetched), when there is one. */
export async function publishResolutions(context: CliContext, moves: Array<{ ref: string; next: string | null }>): Promise<void> {
  const name = context.policy.remote;
  if (!name || !context.remote || moves.length === 0) return;
  const updates: PushUpdate[] = [];
  for (const move of moves) {
    const tracking = context.remote.trackingRef(name, move.ref);
    const lease = tracking ? await context.git.readRef(tracking) : null;
    if (lease !== move.next) updates.push({ ref: move.ref, lease, next: move.next });
  }
  await context.remote.push(name, updates);
}
