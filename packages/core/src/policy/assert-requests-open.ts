import { StateError } from '../errors/index.js';
import { lifecycleFromEvents } from '../facts/lifecycle-from-events.js';
import type { Facts } from '../model/facts.js';
import type { Policy } from '../model/policy.js';

/**
 * Options of {@link assertRequestsOpen}.
 *
 * @example
 * ```ts
 * const options: AssertRequestsOpenOptions = { policy, facts, requestIds: ['A'], action: 'approve' };
 * ```
 */
export interface AssertRequestsOpenOptions {
  policy: Policy;
  facts: Facts;
  requestIds: readonly string[];
  /** What the command would do, for the message: `promote`, `approve`. */
  action: string;
}

/**
 * Refuse to act on a closed request: a closed request is neither promoted nor approved until
 * someone reopens it (closed is the last `closed`/`reopened` event of the audit log).
 *
 * @throws StateError naming the first closed request and `relctl request reopen`.
 * @example
 * ```ts
 * assertRequestsOpen({ policy, facts, requestIds: ['A'], action: 'promote' }); // throws when A is closed
 * ```
 */
export function assertRequestsOpen(options: AssertRequestsOpenOptions): void {
  const release = options.policy.environments.find((env) => env.kind === 'release')?.name ?? '';
  const lives = lifecycleFromEvents({ events: options.facts.events, releaseEnv: release });
  for (const id of options.requestIds) {
    const closed = lives.get(id)?.closed;
    if (closed === undefined) continue;
    const why = closed.reason === undefined ? '' : ` (${closed.reason.replace(/\s+/g, ' ').trim()})`;
    throw new StateError(`Request ${id} is closed${why}; reopen it with "relctl request reopen ${id}" before you ${options.action} it.`, {
      requestId: id,
      closedBy: closed.actor,
      closedAt: closed.at,
    });
  }
}
