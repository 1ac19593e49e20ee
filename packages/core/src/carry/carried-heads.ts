import type { Sha } from '../model/request.js';
import type { CarryMode } from './carry-mode.js';
import type { LineageLink } from './lineage-link.js';

/**
 * Options of {@link carriedHeads}.
 *
 * @example
 * ```ts
 * const options: CarriedHeadsOptions = { head: request.head, links: facts.lineage?.[request.id], mode: 'sync' };
 * ```
 */
export interface CarriedHeadsOptions {
  /** The request's current head. */
  head: Sha;
  /** Its head history, newest first (`links[0].sha` is `head`); absent: not gathered. */
  links: readonly LineageLink[] | undefined;
  mode: CarryMode;
}

/**
 * The earlier heads of a request whose records carry to its current head: walking the lineage
 * from the head, every `previous` of an unbroken run of carrying links. The first link that does
 * not carry (a developer commit, a sync that needed a resolution, an edited merge) ends the run,
 * and so does a gap in the chain. Empty with mode `none`, or when nothing was gathered.
 *
 * @example
 * ```ts
 * carriedHeads({ head: h2, mode: 'sync', links: [{ sha: h2, previous: h1, carries: true }, { sha: h1, previous: h0, carries: false }] });
 * // Set { h1 }
 * ```
 */
export function carriedHeads(options: CarriedHeadsOptions): ReadonlySet<Sha> {
  const carried = new Set<Sha>();
  if (options.mode === 'none' || options.links === undefined) return carried;
  let at = options.head;
  for (const link of options.links) {
    if (link.sha !== at || !link.carries || link.previous === null) break;
    carried.add(link.previous);
    at = link.previous;
  }
  return carried;
}
