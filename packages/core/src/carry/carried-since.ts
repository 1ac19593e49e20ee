import type { Facts } from '../model/facts.js';
import type { Request } from '../model/request.js';
import { sinceFromEvents } from '../facts/since-from-events.js';
import type { CarryMode } from './carry-mode.js';
import { carriedHeads } from './carried-heads.js';

/**
 * Options of {@link carriedSince}.
 *
 * @example
 * ```ts
 * const options: CarriedSinceOptions = { facts, request, env: 'test', mode: 'sync' };
 * ```
 */
export interface CarriedSinceOptions {
  facts: Pick<Facts, 'events' | 'lineage'>;
  request: Pick<Request, 'id' | 'head'>;
  /** The environment the request soaks in. */
  env: string;
  mode: CarryMode;
}

/**
 * When the request's stay in `env` began, counting a stay of an earlier head whose change the
 * current head provably keeps as the same stay: a rebuild that swaps a trivially synced head in
 * does not restart the soak. `undefined` when nothing carries (then the member's own `since`
 * applies) or the log does not show the request there.
 *
 * @example
 * ```ts
 * carriedSince({ facts, request, env: 'test', mode: 'sync' }); // 1700000000000
 * ```
 */
export function carriedSince(options: CarriedSinceOptions): number | undefined {
  const { facts, request, env, mode } = options;
  const lineage = facts.lineage;
  const links = lineage !== undefined && Object.prototype.hasOwnProperty.call(lineage, request.id) ? lineage[request.id] : undefined;
  const carried = carriedHeads({ head: request.head, links, mode });
  if (carried.size === 0) return undefined;
  const same = (sha: string): boolean => sha === request.head || carried.has(sha);
  return sinceFromEvents({ events: facts.events, env, requestId: request.id, sameChange: (held, next) => same(held) && same(next) });
}
