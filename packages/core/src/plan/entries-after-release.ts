import type { EnvironmentState } from '../model/facts.js';
import type { PlanningContext } from './planning-context.js';
import type { DownstreamEntries } from './rebuild-downstream.js';
import { shortSha as short } from '../rules/short-sha.js';

/** Options of {@link entriesAfterRelease}. */
export interface EntriesAfterReleaseOptions {
  ctx: PlanningContext;
  /** The integration environment's name and state before the release. */
  envName: string;
  state: EnvironmentState;
  /** Requests the release ships. */
  shippedIds: ReadonlySet<string>;
  /** Open requests whose branches the same plan syncs with the new release (rebuilt from their heads). */
  openIds: ReadonlySet<string>;
  /** Filled in: a note per request whose branch moved since the environment took it. */
  notes: string[];
}

/**
 * What an integration environment holds after a release: its members minus those the release
 * ships (or already held by the release environment at the same SHA), each open request at its
 * synced branch head, everything else as held.
 *
 * @example
 * ```ts
 * entriesAfterRelease({ ctx, envName: 'test', state, shippedIds: new Set(['A', 'C']), openIds: new Set(['B', 'D']), notes });
 * // { entries: [B, D], removed: ['A', 'C'] }
 * ```
 */
export function entriesAfterRelease(options: EntriesAfterReleaseOptions): DownstreamEntries {
  const { ctx, envName, state, shippedIds, openIds, notes } = options;
  const releaseMembers = ctx.state(ctx.release.name).members;
  const result: DownstreamEntries = { entries: [], removed: [] };
  // Requests the log says the environment holds but its branch lost are rebuilt in as well.
  for (const member of [...state.members, ...(state.missing ?? [])]) {
    const inRelease = releaseMembers.some((item) => item.requestId === member.requestId && item.sha === member.sha);
    if (shippedIds.has(member.requestId) || inRelease) {
      result.removed.push(member.requestId);
      continue;
    }
    const request = ctx.findRequest(member.requestId);
    if (request !== undefined && openIds.has(request.id)) {
      if (request.head !== member.sha) {
        notes.push(`${request.id}: ${envName} held ${short(member.sha)} but its branch is at ${short(request.head)}; the rebuild takes the synced branch head.`);
      }
      result.entries.push({ requestId: request.id, sha: request.head, title: request.title, headRef: ctx.requestRef(request) });
    } else {
      result.entries.push({ requestId: member.requestId, sha: member.sha, title: request?.title ?? member.requestId });
    }
  }
  return result;
}
