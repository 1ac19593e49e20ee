import type { Approval, AuditEvent, EnvironmentState, GitPort, LineageLink, Request, Sha } from '@relctl/core';
import type { MergeProofCache } from './lineage-cache.js';
import { proveSyncLink } from './prove-sync-link.js';

/** How many heads back a request's lineage is followed: many syncs without a record in between is no carry. */
const MAX_LINEAGE_STEPS = 32;

/** Options of {@link gatherLineage}. */
export interface GatherLineageOptions {
  git: GitPort;
  requests: readonly Request[];
  /** Environment states as gathered (members give the heads environments hold). */
  environments: readonly EnvironmentState[];
  /** The release environment's name (a request it holds at its head is shipped: nothing to carry). */
  release: string;
  approvals: readonly Approval[];
  events: readonly AuditEvent[];
  releaseTip: Sha | null;
  /** Tree checks already made, by commit; filled in. */
  cache: MergeProofCache;
}

/**
 * The head history ({@link LineageLink}s, newest first) of each open request that has records
 * about an older head (an approval, an environment's merge, a promotion): from the head back
 * along first parents, each step proved with {@link proveSyncLink}, until every older head with a
 * record was passed, a step does not carry, or {@link MAX_LINEAGE_STEPS}. Requests without such
 * records are left out, so a repository where nothing moved pays nothing.
 *
 * @example
 * ```ts
 * const lineage = await gatherLineage({ git, requests, environments, release: 'prod', approvals, events, releaseTip, cache: new Map() });
 * lineage['B']?.[0]?.carries; // true: B's head only synced production in
 * ```
 */
export async function gatherLineage(options: GatherLineageOptions): Promise<Record<string, LineageLink[]>> {
  const lineage: Record<string, LineageLink[]> = {};
  const shipped = new Set(
    options.environments
      .find((env) => env.name === options.release)
      ?.members.filter((member) => options.requests.some((request) => request.id === member.requestId && request.head === member.sha))
      .map((member) => member.requestId),
  );
  for (const request of options.requests) {
    if (shipped.has(request.id)) continue;
    const older = olderHeads(options, request);
    if (older.size === 0) continue;
    const links: LineageLink[] = [];
    let at: Sha = request.head;
    while (older.size > 0 && links.length < MAX_LINEAGE_STEPS) {
      const link = await proveSyncLink({ git: options.git, commit: at, releaseTip: options.releaseTip, cache: options.cache });
      links.push(link);
      if (!link.carries || link.previous === null) break;
      older.delete(link.previous);
      at = link.previous;
    }
    lineage[request.id] = links;
  }
  return lineage;
}

/** The SHAs other than its head that records about the request name. */
function olderHeads(options: GatherLineageOptions, request: Request): Set<Sha> {
  const older = new Set<Sha>();
  const add = (sha: unknown): void => {
    if (typeof sha === 'string' && sha !== request.head) older.add(sha);
  };
  for (const approval of options.approvals) if (approval.requestId === request.id) add(approval.sha);
  for (const env of options.environments) for (const member of env.members) if (member.requestId === request.id) add(member.sha);
  for (const event of options.events) {
    if (event.type !== 'promoted') continue;
    const shas = event.data?.['shas'];
    if (typeof shas === 'object' && shas !== null && !Array.isArray(shas) && Object.prototype.hasOwnProperty.call(shas, request.id))
      add((shas as Record<string, unknown>)[request.id]);
  }
  return older;
}
