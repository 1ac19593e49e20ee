import type { Facts } from '../model/facts.js';
import type { Request } from '../model/request.js';
import { shortSha } from '../rules/short-sha.js';

/**
 * Why records of the request's earlier heads stop carrying, for a refusal to say: the first link
 * of its lineage, following the run of carrying links from the head, that does not carry
 * (`1a2b3c4 is a commit of its own, not a sync`). `undefined` when no lineage was gathered or no
 * link breaks the run.
 *
 * @example
 * ```ts
 * carryBreak({ facts, request }); // '1a2b3c4: it is a commit of its own, not a sync'
 * ```
 */
export function carryBreak(options: { facts: Pick<Facts, 'lineage'>; request: Pick<Request, 'id' | 'head'> }): string | undefined {
  const { facts, request } = options;
  const lineage = facts.lineage;
  const links = lineage !== undefined && Object.prototype.hasOwnProperty.call(lineage, request.id) ? lineage[request.id] : undefined;
  let at = request.head;
  for (const link of links ?? []) {
    if (link.sha !== at) return undefined;
    if (!link.carries) return `${shortSha(link.sha)}: ${link.reason ?? 'not a trivial sync'}`;
    if (link.previous === null) return undefined;
    at = link.previous;
  }
  return undefined;
}
