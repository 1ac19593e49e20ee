import { lifecycleFromEvents } from '../facts/lifecycle-from-events.js';
import type { EnvironmentState } from '../model/facts.js';
import type { Request, Sha } from '../model/request.js';
import { shortSha as short } from '../rules/short-sha.js';
import type { PlanStep, RecordStep, SyncStep } from './plan-step.js';
import type { PlanningContext } from './planning-context.js';
import { rebuildDownstream, type DownstreamEntries } from './rebuild-downstream.js';

const byId = (a: Request, b: Request): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The open requests after a release of `shippedIds`: every request neither shipped now nor held
 * by the release environment at its head, nor closed (`relctl request close`: nobody works on
 * it; reopening it and syncing it by name brings it up to date), by id. What `sync` syncs by
 * default, and what a production promotion and an after-merge sync.
 *
 * @example
 * ```ts
 * openAfterRelease(ctx, new Set(['A', 'C'])).map((request) => request.id); // ['B', 'D']
 * ```
 */
export function openAfterRelease(ctx: PlanningContext, shippedIds: ReadonlySet<string> = new Set()): Request[] {
  const lives = lifecycleFromEvents({ events: ctx.facts.events, releaseEnv: ctx.release.name });
  const closed = (request: Request): boolean => lives.get(request.id)?.closed !== undefined;
  return ctx.facts.requests.filter((request) => !shippedIds.has(request.id) && ctx.inRelease(request) === undefined && !closed(request)).sort(byId);
}

/** The sync of some request branches with the release branch: its steps, its event, the refs it moves. */
export interface SyncRequests {
  /** One `sync` step per request, in order. */
  steps: SyncStep[];
  /** The `synced` event; `null` without requests. */
  record: RecordStep | null;
  /** The request refs the steps move, in order. */
  refs: string[];
}

/**
 * Merge the release branch's tip into each of `requests` (in order): one `sync` step each, one
 * `synced` event naming them all; each request ref's expected value goes into `expected`.
 *
 * @example
 * ```ts
 * const { steps, record, refs } = syncRequests({ ctx, requests: openAfterRelease(ctx), expected });
 * ```
 */
export function syncRequests(options: { ctx: PlanningContext; requests: readonly Request[]; expected: Record<string, Sha | null> }): SyncRequests {
  const { ctx, requests, expected } = options;
  const prod = ctx.release;
  const prodRef = ctx.envRef(prod);
  const steps: SyncStep[] = [];
  for (const request of requests) {
    const ref = ctx.requestRef(request);
    expected[ref] = request.head;
    steps.push({ kind: 'sync', requestId: request.id, ref, from: prodRef });
  }
  const record: RecordStep | null =
    requests.length === 0 ? null : { kind: 'record', event: { type: 'synced', env: prod.name, requestIds: requests.map((request) => request.id), data: { from: prod.branch } } };
  return { steps, record, refs: requests.map((request) => ctx.requestRef(request)) };
}

/** Options of {@link syncAndRebuild}. */
export interface SyncAndRebuildOptions {
  ctx: PlanningContext;
  /** The requests the release ships (not synced; dropped from the integration environments). */
  shippedIds: ReadonlySet<string>;
  /** Whether an earlier step moves the release branch (see `rebuildSteps`). */
  baseMoves: boolean;
  /** Filled in: the plan's notes. */
  notes: string[];
  /** Filled in: the expected value of every ref moved. */
  expected: Record<string, Sha | null>;
}

/** What {@link syncAndRebuild} plans. */
export interface SyncAndRebuild {
  /** The `sync` steps, then the rebuild steps. */
  steps: PlanStep[];
  /** `synced` (when a request is synced), then one rebuild `promoted` per environment. */
  records: RecordStep[];
  /** The refs moved: the synced request refs, then the rebuilt environment refs. */
  refs: string[];
}

/**
 * The tail of a release, shared by a production promotion and an after-merge: sync every open
 * request with the new release (sorted by id), then rebuild every integration environment built
 * on the release environment without the shipped requests, merging the synced request heads.
 *
 * @example
 * ```ts
 * const tail = syncAndRebuild({ ctx, shippedIds: new Set(['A', 'C']), baseMoves: true, notes, expected });
 * steps.push(...tail.steps);
 * ```
 */
export function syncAndRebuild(options: SyncAndRebuildOptions): SyncAndRebuild {
  const { ctx, shippedIds, baseMoves, notes, expected } = options;
  const open = openAfterRelease(ctx, shippedIds);
  const openIds = new Set(open.map((request) => request.id));
  const synced = syncRequests({ ctx, requests: open, expected });
  const downstream = rebuildDownstream({
    ctx,
    from: ctx.release,
    entriesFor: (env, state) => entriesAfterRelease({ ctx, envName: env.name, state, shippedIds, openIds, notes }),
    baseMoves,
    notes,
    expected,
  });
  return {
    steps: [...synced.steps, ...downstream.steps],
    records: [...(synced.record === null ? [] : [synced.record]), ...downstream.records],
    refs: [...synced.refs, ...downstream.rebuilt.map((env) => ctx.envRef(env))],
  };
}

/**
 * What an integration environment holds after a release: its members minus those the release
 * ships (or already held by the release environment at the same SHA), each open request at its
 * synced branch head, everything else as held.
 */
function entriesAfterRelease(options: {
  ctx: PlanningContext;
  envName: string;
  state: EnvironmentState;
  shippedIds: ReadonlySet<string>;
  openIds: ReadonlySet<string>;
  notes: string[];
}): DownstreamEntries {
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
